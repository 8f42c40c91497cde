import type { Metadata } from "next";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { TRANSFORMATION_KIND_LABELS } from "@/lib/catalog/transformation-definition";
import { listTransformations, type TransformationItem } from "@/lib/catalog/transformations";
import { TransformationForm } from "@/components/catalog/transformation-form";
import { CardSection } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DataTable } from "@/components/ui/data-table";
import { addTransformationAction, deleteTransformationAction } from "./actions";

export const metadata: Metadata = { title: "Transformations" };

type Props = { params: Promise<{ org: string; project: string }> };

export default async function TransformationsPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const transformations = await listTransformations(access.project.id);
  const scope = { org: access.organization.slug, project: access.project.slug };
  const disabledReason = can(access.role, "catalog.write") ? undefined : whyNot("catalog.write");

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section aria-labelledby="transformations-heading" className="min-w-0 lg:col-span-2">
        <h2 id="transformations-heading" className="text-lg font-semibold">
          Transformations
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Merge event types or properties, rename property values, hide an event type or a property. They
          change how events read, never the events stored.
        </p>
        <DataTable<TransformationItem>
          className="mt-3"
          alignTop
          columns={[
            { header: "Transformation", cell: (t) => t.sentence, className: "font-medium" },
            {
              header: "Kind",
              cell: (t) => TRANSFORMATION_KIND_LABELS[t.definition.kind],
              className: "whitespace-nowrap text-slate-600",
            },
            {
              header: "Actions",
              cell: (t) => (
                <ConfirmButton
                  label="Delete"
                  variant="danger"
                  confirm={`Delete “${t.sentence}”? Events read as they were stored before it.`}
                  action={deleteTransformationAction.bind(null, scope, { id: t.id })}
                  disabledReason={disabledReason}
                />
              ),
            },
          ]}
          rows={transformations}
          rowKey={(t) => t.id}
          empty="No transformations yet: events read exactly as they were sent."
        />
      </section>
      <CardSection id="add-transformation-heading" title="Add a transformation" level={2} padding="md">
        <div className="mt-3">
          <TransformationForm
            add={addTransformationAction.bind(null, scope)}
            disabledReason={disabledReason}
          />
        </div>
      </CardSection>
    </div>
  );
}
