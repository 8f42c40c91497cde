"use server";

import { projectAction } from "@/lib/actions/project-action";
import { planEventType, updateEventType, updateProperty } from "@/lib/catalog/catalog-changes";
import { EventTypeUpdateInput, PlanEventTypeInput, PropertyUpdateInput } from "@/lib/catalog/catalog-input";
import { catalogPath } from "@/lib/paths";

// The event catalog's changes (ADMIN, MANAGER); everyone else reads it. The Events tab and the
// event type pages under it show what changed.
const eventsTab = (access: { organization: { slug: string }; project: { slug: string } }) =>
  catalogPath(access.organization.slug, access.project.slug, "events");

/** Sets an event type's display name, description, category and status. */
export const updateEventTypeAction = projectAction({
  permission: "catalog.write",
  input: EventTypeUpdateInput,
  revalidate: eventsTab,
  async run(input, { actor }) {
    await updateEventType(actor, input);
    return { ok: true, message: "Event type saved." };
  },
});

/** Adds an event type that was never seen, as planned. */
export const planEventTypeAction = projectAction({
  permission: "catalog.write",
  input: PlanEventTypeInput,
  revalidate: eventsTab,
  async run(input, { actor }) {
    await planEventType(actor, input);
    return { ok: true, message: "Event type planned." };
  },
});

/** Sets a property's description and classifications. */
export const updatePropertyAction = projectAction({
  permission: "catalog.write",
  input: PropertyUpdateInput,
  revalidate: eventsTab,
  async run(input, { actor }) {
    await updateProperty(actor, input);
    return { ok: true, message: "Property saved." };
  },
});
