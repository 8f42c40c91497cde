/** Who does something, and in which organization and project: what services audit and scope by. */
export type Actor = { userId: string; organizationId: string; projectId: string };
