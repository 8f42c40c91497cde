import { redirect } from "next/navigation";
import { requireProjectAccess } from "@/lib/auth/session";
import { catalogPath } from "@/lib/paths";

type Props = { params: Promise<{ org: string; project: string }> };

export default async function CatalogPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  redirect(catalogPath(access.organization.slug, access.project.slug, "events"));
}
