import Link from "next/link";
import { requireProjectAccess } from "@/lib/auth/session";
import { catalogPath, projectPath } from "@/lib/paths";
import { cardClass } from "@/components/ui/card";

type Props = { params: Promise<{ org: string; project: string }> };

export async function generateMetadata({ params }: Props) {
  const { project } = await params;
  return { title: project };
}

export default async function ProjectPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const { slug: orgSlug, name: orgName } = access.organization;
  const links = [
    {
      href: catalogPath(orgSlug, access.project.slug, "events"),
      title: "Events",
      text: "The events the project receives, and how to send them.",
    },
    {
      href: catalogPath(orgSlug, access.project.slug, "destinations"),
      title: "Destinations",
      text: "Warehouses that receive this project's events on a schedule.",
    },
    {
      href: `${projectPath(orgSlug, access.project.slug)}/settings`,
      title: "Settings",
      text: "The project's name and API key; deleting the project.",
    },
    {
      href: `${projectPath(orgSlug, access.project.slug)}/audit`,
      title: "Audit log",
      text: "Who changed what, and when.",
    },
  ];
  return (
    <div>
      <p className="text-sm text-slate-500">{orgName}</p>
      <h1 className="text-2xl font-semibold tracking-tight">{access.project.name}</h1>
      <p className="mt-1 text-sm text-slate-600">
        You are signed in as <span className="font-medium">{access.user.email}</span>,{" "}
        {access.role.toLowerCase()} of {orgName}.
      </p>
      <h2 className="mt-8 text-sm font-semibold text-slate-500 uppercase">In this project</h2>
      <ul className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} className={cardClass({ className: "block hover:border-brand-600" })}>
              <span className="font-semibold">{link.title}</span>
              <span className="mt-1 block text-sm text-slate-600">{link.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
