// URLs carry the organization and the project, so that a link means the same for everyone.

const segment = encodeURIComponent;

export function projectPath(orgSlug: string, projectSlug: string): string {
  return `/orgs/${segment(orgSlug)}/projects/${segment(projectSlug)}`;
}

export function catalogPath(orgSlug: string, projectSlug: string, tab: "events" | "destinations"): string {
  return `${projectPath(orgSlug, projectSlug)}/catalog/${tab}`;
}
