import type { Metadata } from "next";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { DestinationCard } from "@/components/destination-card";
import { PermissionNote } from "@/components/permission-note";

export const metadata: Metadata = { title: "Destinations" };

type Props = { params: Promise<{ org: string; project: string }> };

export default async function DestinationsPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const mayCreate = can(access.role, "destinations.create");
  return (
    <section aria-labelledby="warehouse-destinations">
      <h2 id="warehouse-destinations" className="text-lg font-semibold">
        Warehouse Destinations
      </h2>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">
        Load this project&apos;s raw events on a schedule into a table in your own warehouse.
      </p>
      <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <DestinationCard
          name="Databricks"
          description="Unity Catalog Delta table, loaded with COPY INTO. Authenticates with OAuth workload identity federation: no secret leaves your workspace."
          footer={
            mayCreate ? (
              <p className="text-xs text-slate-500">The setup wizard is not available in this version yet.</p>
            ) : (
              <PermissionNote>{whyNot("destinations.create")}</PermissionNote>
            )
          }
        />
      </div>
    </section>
  );
}
