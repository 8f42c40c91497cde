import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { findCustomEvent } from "@/lib/catalog/custom-events";
import { customEventToDraft } from "@/components/catalog/custom-event-draft";
import { CustomEventForm } from "@/components/catalog/custom-event-form";
import { updateCustomEventAction } from "../actions";

export const metadata: Metadata = { title: "Custom event" };

type Props = { params: Promise<{ org: string; project: string; id: string }> };

export default async function CustomEventPage({ params }: Props) {
  const { org, project, id } = await params;
  const access = await requireProjectAccess(org, project);
  const customEvent = await findCustomEvent(access.project.id, id);
  if (!customEvent) notFound();
  const scope = { org: access.organization.slug, project: access.project.slug };
  return (
    <div>
      <h2 className="mb-1 text-lg font-semibold">{customEvent.name}</h2>
      <p className="mb-4 text-sm text-slate-600">
        Destinations that select this custom event use the saved definition from their next run; runs already
        planned keep the definition they started with.
      </p>
      <CustomEventForm
        id={customEvent.id}
        initial={customEventToDraft(customEvent)}
        save={updateCustomEventAction.bind(null, scope)}
        submitLabel="Save custom event"
        disabledReason={can(access.role, "catalog.write") ? undefined : whyNot("catalog.write")}
      />
    </div>
  );
}
