import Link from "next/link";
import {
  alertWebhooksPath,
  membersPath,
  NEW_ORGANIZATION_PATH,
  newProjectPath,
  organizationPath,
  projectPath,
} from "@/lib/paths";
import { can, type Role } from "@/lib/auth/permissions";
import { SchedulerBanner } from "@/components/scheduler-banner";
import { SignOutButton } from "@/components/sign-out-button";

type Workspace = {
  organization: { slug: string; name: string };
  role: Role;
  projects: { slug: string; name: string }[];
};

type Props = {
  workspaces: Workspace[];
  /** Where the caller is: an organization, and a project in it unless on an organization page. */
  current: { orgSlug: string; orgName: string; projectSlug?: string; projectName?: string; role: Role };
  user: { email: string; name: string | null };
};

const menuPanel = "absolute z-20 mt-2 min-w-56 rounded-lg border border-slate-200 bg-white p-1 shadow-lg";
const menuItem = "block rounded-md px-3 py-2 text-sm hover:bg-slate-100";
const trigger =
  "flex cursor-pointer list-none items-center gap-1 rounded-md px-2 py-1.5 text-sm font-medium hover:bg-slate-100 [&::-webkit-details-marker]:hidden";

function Chevron() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 text-slate-400" fill="currentColor">
      <path d="M5.5 7.5 10 12l4.5-4.5" stroke="currentColor" strokeWidth="1.5" fill="none" />
    </svg>
  );
}

type SwitcherProps = {
  label: string;
  title: string;
  current: string;
  items: { key: string; name: string; href: string; active: boolean }[];
};

function SwitcherMenu({ label, title, current, items }: SwitcherProps) {
  return (
    <details className="relative">
      <summary className={trigger} aria-label={label}>
        <span className="truncate">{current}</span>
        <Chevron />
      </summary>
      <div className={menuPanel}>
        <p className="px-3 py-1 text-xs font-medium text-slate-500 uppercase">{title}</p>
        {items.map((item) => (
          <Link
            key={item.key}
            href={item.href}
            aria-current={item.active ? "true" : undefined}
            className={`${menuItem} aria-[current]:font-semibold`}
          >
            {item.name}
          </Link>
        ))}
      </div>
    </details>
  );
}

/** Header with organization and project switchers and the user menu. */
export function AppHeader({ workspaces, current, user }: Props) {
  const currentWorkspace = workspaces.find((workspace) => workspace.organization.slug === current.orgSlug);
  // Last in their menus ("+" is in no slug, so the keys are free): where new ones are made.
  const newOrganization = {
    key: "+new",
    name: "New organization",
    href: NEW_ORGANIZATION_PATH,
    active: false,
  };
  const newProject = can(current.role, "projects.create")
    ? [{ key: "+new", name: "New project", href: newProjectPath(current.orgSlug), active: false }]
    : [];
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-2 gap-y-1 px-4 py-2">
          <Link href="/" className="mr-2 text-base font-semibold tracking-tight">
            Delta<span className="text-brand-600">port</span>
          </Link>
          <nav aria-label="Organization and project" className="flex min-w-0 flex-wrap items-center gap-1">
            <SwitcherMenu
              label={`Organization: ${current.orgName}`}
              title="Organizations"
              current={current.orgName}
              items={workspaces
                .map(({ organization, projects }) => ({
                  key: organization.slug,
                  name: organization.name,
                  href: projects[0]
                    ? projectPath(organization.slug, projects[0].slug)
                    : organizationPath(organization.slug),
                  active: organization.slug === current.orgSlug,
                }))
                .concat(newOrganization)}
            />
            <span className="text-slate-300" aria-hidden="true">
              /
            </span>
            <SwitcherMenu
              label={`Project: ${current.projectName ?? "choose a project"}`}
              title="Projects"
              current={current.projectName ?? "Projects"}
              items={(currentWorkspace?.projects ?? [])
                .map((project) => ({
                  key: project.slug,
                  name: project.name,
                  href: projectPath(current.orgSlug, project.slug),
                  active: project.slug === current.projectSlug,
                }))
                .concat(newProject)}
            />
          </nav>
          <Link
            href={membersPath(current.orgSlug)}
            className="ml-auto rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
          >
            Members
          </Link>
          {can(current.role, "webhooks.manage") && (
            <Link
              href={alertWebhooksPath(current.orgSlug)}
              className="rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
            >
              Alert webhooks
            </Link>
          )}
          <details className="relative">
            <summary className={trigger} aria-label="User menu">
              <span className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700">
                {(user.name ?? user.email).slice(0, 1).toUpperCase()}
              </span>
              <Chevron />
            </summary>
            <div className={`${menuPanel} right-0`}>
              <div className="px-3 py-2">
                <p className="truncate text-sm font-medium">{user.name ?? user.email}</p>
                <p className="truncate text-xs text-slate-500">{user.email}</p>
                <p className="mt-1 text-xs text-slate-500">
                  Role in {current.orgName}:{" "}
                  <span className="font-medium text-slate-700">{current.role.toLowerCase()}</span>
                </p>
              </div>
              <div className="border-t border-slate-100 p-1">
                <Link href="/account" className={menuItem}>
                  Account
                </Link>
                <SignOutButton className={`${menuItem} w-full text-left`} />
              </div>
            </div>
          </details>
        </div>
      </header>
      <SchedulerBanner role={current.role} />
    </>
  );
}
