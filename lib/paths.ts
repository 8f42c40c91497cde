// URLs carry the organization and the project, so that a link means the same for everyone.

const segment = encodeURIComponent;

export function projectPath(orgSlug: string, projectSlug: string): string {
  return `/orgs/${segment(orgSlug)}/projects/${segment(projectSlug)}`;
}

export type CatalogTab = "events" | "transformations" | "custom-events" | "destinations";

export function catalogPath(orgSlug: string, projectSlug: string, tab: CatalogTab): string {
  return `${projectPath(orgSlug, projectSlug)}/catalog/${tab}`;
}

export function membersPath(orgSlug: string): string {
  return `/orgs/${segment(orgSlug)}/members`;
}

/** An organization's page: it leads to the organization's first live project. */
export function organizationPath(orgSlug: string): string {
  return `/orgs/${segment(orgSlug)}`;
}

export function newProjectPath(orgSlug: string): string {
  return `${organizationPath(orgSlug)}/projects/new`;
}

export const NEW_ORGANIZATION_PATH = "/orgs/new";

/** The organization's alert webhooks. */
export function alertWebhooksPath(orgSlug: string): string {
  return `/orgs/${segment(orgSlug)}/webhooks`;
}
