import "server-only";
import { z } from "zod";
import { declareProjectAction } from "@/lib/actions/action-frame";
import type { ProjectAccess } from "@/lib/auth/access";
import { planEventType, updateEventType, updateProperty } from "@/lib/catalog/catalog-changes";
import { EventTypeUpdateInput, PlanEventTypeInput, PropertyUpdateInput } from "@/lib/catalog/catalog-input";
import { CustomEventInput } from "@/lib/catalog/custom-event-definition";
import { createCustomEvent, deleteCustomEvent, updateCustomEvent } from "@/lib/catalog/custom-events";
import { TransformationDefinition } from "@/lib/catalog/transformation-definition";
import { createTransformation, deleteTransformation } from "@/lib/catalog/transformations";
import { catalogPath } from "@/lib/paths";

// The data configuration's server actions, declared apart from their binding to the action
// frame: the Catalog pages bind them to the session's frame (their actions.ts files), and the
// integration tests to a frame of their own that names the caller, with everything else real.
// Every one needs catalog.write (ADMIN, MANAGER); everyone else reads.

const tab = (name: "events" | "transformations" | "custom-events") => (access: ProjectAccess) =>
  catalogPath(access.organization.slug, access.project.slug, name);
const Id = z.string().min(1).max(64);

/** Sets an event type's display name, description, category and status. */
export const updateEventTypeDeclaration = declareProjectAction({
  permission: "catalog.write",
  input: EventTypeUpdateInput,
  revalidate: tab("events"),
  async run(input, { actor }) {
    await updateEventType(actor, input);
    return { ok: true, message: "Event type saved." };
  },
});

/** Adds an event type that was never seen, as planned. */
export const planEventTypeDeclaration = declareProjectAction({
  permission: "catalog.write",
  input: PlanEventTypeInput,
  revalidate: tab("events"),
  async run(input, { actor }) {
    await planEventType(actor, input);
    return { ok: true, message: "Event type planned." };
  },
});

/** Sets a property's description and classifications. */
export const updatePropertyDeclaration = declareProjectAction({
  permission: "catalog.write",
  input: PropertyUpdateInput,
  revalidate: tab("events"),
  async run(input, { actor }) {
    await updateProperty(actor, input);
    return { ok: true, message: "Property saved." };
  },
});

/** Add transformation: refused when it contradicts the project's others. */
export const addTransformationDeclaration = declareProjectAction({
  permission: "catalog.write",
  input: TransformationDefinition,
  revalidate: tab("transformations"),
  async run(definition, { actor }) {
    await createTransformation(actor, definition);
    return { ok: true, message: "Transformation added. Stored events are unchanged." };
  },
});

export const deleteTransformationDeclaration = declareProjectAction({
  permission: "catalog.write",
  input: z.object({ id: Id }),
  revalidate: tab("transformations"),
  async run({ id }, { actor }) {
    await deleteTransformation(actor, id);
    return { ok: true, message: "Transformation deleted." };
  },
});

export const createCustomEventDeclaration = declareProjectAction({
  permission: "catalog.write",
  input: CustomEventInput,
  revalidate: tab("custom-events"),
  async run(input, { actor }) {
    await createCustomEvent(actor, input);
    return { ok: true, message: "Custom event created." };
  },
});

/** Save custom event: destinations that select it use it from their next run. */
export const updateCustomEventDeclaration = declareProjectAction({
  permission: "catalog.write",
  input: CustomEventInput.extend({ id: Id }),
  revalidate: tab("custom-events"),
  async run({ id, ...input }, { actor }) {
    await updateCustomEvent(actor, id, input);
    return {
      ok: true,
      message: "Custom event saved. Destinations that select it use it from their next run.",
    };
  },
});

/** Delete: refused while a destination's filter selects it. */
export const deleteCustomEventDeclaration = declareProjectAction({
  permission: "catalog.write",
  input: z.object({ id: Id }),
  revalidate: tab("custom-events"),
  async run({ id }, { actor }) {
    await deleteCustomEvent(actor, id);
    return { ok: true, message: "Custom event deleted." };
  },
});
