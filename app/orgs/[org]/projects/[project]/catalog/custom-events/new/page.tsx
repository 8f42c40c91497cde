import type { Metadata } from "next";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { catalogPath } from "@/lib/paths";
import { emptyCustomEventDraft } from "@/components/catalog/custom-event-draft";
import { CustomEventForm } from "@/components/catalog/custom-event-form";
import { createCustomEventAction } from "../actions";

export const metadata: Metadata = { title: "New custom event" };

type Props = { params: Promise<{ org: string; project: string }> };

export default async function NewCustomEventPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const scope = { org: access.organization.slug, project: access.project.slug };
  return (
    <div>
      <h2 className="mb-4 text-lg font-semibold">New custom event</h2>
      <CustomEventForm
        initial={emptyCustomEventDraft()}
        save={createCustomEventAction.bind(null, scope)}
        submitLabel="Create custom event"
        afterCreate={catalogPath(scope.org, scope.project, "custom-events")}
        disabledReason={can(access.role, "catalog.write") ? undefined : whyNot("catalog.write")}
      />
    </div>
  );
}
