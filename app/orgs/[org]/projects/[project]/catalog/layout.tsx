import { requireProjectAccess } from "@/lib/auth/session";
import { catalogPath } from "@/lib/paths";
import { CatalogTabs } from "@/components/catalog-tabs";

type Props = { children: React.ReactNode; params: Promise<{ org: string; project: string }> };

export default async function CatalogLayout({ children, params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const { slug: orgSlug } = access.organization;
  const { slug: projectSlug } = access.project;
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Catalog</h1>
      <div className="mt-4">
        <CatalogTabs
          tabs={[
            { label: "Events", href: catalogPath(orgSlug, projectSlug, "events") },
            { label: "Transformations", href: catalogPath(orgSlug, projectSlug, "transformations") },
            { label: "Custom events", href: catalogPath(orgSlug, projectSlug, "custom-events") },
            { label: "Destinations", href: catalogPath(orgSlug, projectSlug, "destinations") },
          ]}
        />
      </div>
      <div className="mt-6">{children}</div>
    </div>
  );
}
