import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { STATUS_LABELS } from "@/lib/catalog/catalog-input";
import { catalogEventType, eventCategories, eventTypeProperties } from "@/lib/catalog/catalog-queries";
import { eventTypeFromSegment } from "@/lib/catalog/event-type-path";
import { formatTime } from "@/lib/format";
import { catalogPath } from "@/lib/paths";
import { EventTypeForm } from "@/components/catalog/event-type-form";
import { PropertiesTable } from "@/components/catalog/properties-table";
import { CardSection } from "@/components/ui/card";
import { updateEventTypeAction, updatePropertyAction } from "../../actions";

export const metadata: Metadata = { title: "Event type" };

type Props = { params: Promise<{ org: string; project: string; eventType: string }> };

export default async function EventTypePage({ params }: Props) {
  const { org, project, eventType: segment } = await params;
  const access = await requireProjectAccess(org, project);
  const eventType = eventTypeFromSegment(segment);
  if (eventType === null) notFound();
  const [row, properties, categories] = await Promise.all([
    catalogEventType(access.project.id, eventType),
    eventTypeProperties(access.project.id, eventType),
    eventCategories(access.project.id),
  ]);
  if (!row) notFound();
  const scope = { org: access.organization.slug, project: access.project.slug };
  const readOnly = can(access.role, "catalog.write") ? undefined : whyNot("catalog.write");

  return (
    <div className="space-y-6">
      <div>
        <Link
          href={catalogPath(scope.org, scope.project, "events")}
          className="text-sm font-medium text-brand-700 hover:underline"
        >
          ← Event catalog
        </Link>
        <h2 className="mt-2 text-xl font-semibold break-all">{row.eventType}</h2>
        <dl className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600">
          <div>
            <dt className="inline">Status: </dt>
            <dd className="inline">{STATUS_LABELS[row.status]}</dd>
          </div>
          <div>
            <dt className="inline">First seen: </dt>
            <dd className="inline">{formatTime(row.firstSeen)}</dd>
          </div>
          <div>
            <dt className="inline">Last seen: </dt>
            <dd className="inline">{formatTime(row.lastSeen)}</dd>
          </div>
          <div>
            <dt className="inline">30-day volume: </dt>
            <dd className="inline">{row.volume30d.toLocaleString("en")}</dd>
          </div>
        </dl>
      </div>

      <CardSection id="event-type-details" title="Details" level={2} padding="md" className="max-w-2xl">
        <div className="mt-3">
          <EventTypeForm
            eventType={row.eventType}
            initial={{
              displayName: row.displayName ?? "",
              description: row.description ?? "",
              categoryId: row.categoryId ?? "",
              status: row.status,
            }}
            categories={categories}
            save={updateEventTypeAction.bind(null, scope)}
            disabledReason={readOnly}
          />
        </div>
      </CardSection>

      <CardSection id="event-type-properties" title="Properties" level={2} padding="md">
        <PropertiesTable
          scope="EVENT"
          eventType={row.eventType}
          properties={properties}
          save={updatePropertyAction.bind(null, scope)}
          disabledReason={readOnly}
          empty="No properties seen on this event type yet."
        />
      </CardSection>
    </div>
  );
}
