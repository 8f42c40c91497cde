import type { Metadata } from "next";
import Link from "next/link";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { listCustomEvents, type CustomEventItem } from "@/lib/catalog/custom-events";
import { catalogPath } from "@/lib/paths";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DataTable } from "@/components/ui/data-table";
import { PermissionNote } from "@/components/ui/permission-note";
import { deleteCustomEventAction } from "./actions";

export const metadata: Metadata = { title: "Custom events" };

type Props = { params: Promise<{ org: string; project: string }> };

export default async function CustomEventsPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const customEvents = await listCustomEvents(access.project.id);
  const scope = { org: access.organization.slug, project: access.project.slug };
  const here = catalogPath(scope.org, scope.project, "custom-events");
  const disabledReason = can(access.role, "catalog.write") ? undefined : whyNot("catalog.write");

  return (
    <section aria-labelledby="custom-events-heading">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="custom-events-heading" className="text-lg font-semibold">
            Custom events
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            A custom event groups existing events (any of several event types, each with optional property
            conditions) into one; the events themselves stay as they are. A destination&apos;s filter can
            select one.
          </p>
        </div>
        {disabledReason ? (
          <div className="space-y-1">
            <Button variant="primary" size="sm" disabled>
              New custom event
            </Button>
            <PermissionNote className="max-w-52">{disabledReason}</PermissionNote>
          </div>
        ) : (
          <Link href={`${here}/new`} className={buttonClass({ variant: "primary", size: "sm" })}>
            New custom event
          </Link>
        )}
      </div>
      <DataTable<CustomEventItem>
        className="mt-3"
        alignTop
        columns={[
          { header: "Name", cell: (event) => event.name, className: "font-medium" },
          {
            header: "Description",
            cell: (event) => event.description,
            className: "max-w-64 text-slate-600",
          },
          { header: "Definition", cell: (event) => event.sentence, className: "text-slate-700" },
          {
            header: "Actions",
            cell: (event) => (
              <div className="flex flex-wrap items-start gap-2">
                <Link
                  href={`${here}/${encodeURIComponent(event.id)}`}
                  className={buttonClass({ variant: "secondary", size: "sm" })}
                  aria-label={`Edit ${event.name}`}
                >
                  Edit
                </Link>
                <ConfirmButton
                  label="Delete"
                  variant="danger"
                  confirm={`Delete the custom event “${event.name}”? Destinations can no longer select it.`}
                  action={deleteCustomEventAction.bind(null, scope, { id: event.id })}
                  disabledReason={disabledReason}
                />
              </div>
            ),
          },
        ]}
        rows={customEvents}
        rowKey={(event) => event.id}
        empty="No custom events yet."
      />
    </section>
  );
}
