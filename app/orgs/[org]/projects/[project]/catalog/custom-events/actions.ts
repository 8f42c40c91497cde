"use server";

import { z } from "zod";
import { projectAction } from "@/lib/actions/project-action";
import type { ProjectAccess } from "@/lib/auth/access";
import { CustomEventInput } from "@/lib/catalog/custom-event-definition";
import { createCustomEvent, deleteCustomEvent, updateCustomEvent } from "@/lib/catalog/custom-events";
import { catalogPath } from "@/lib/paths";

const customEventsPath = ({ organization, project }: ProjectAccess) =>
  catalogPath(organization.slug, project.slug, "custom-events");
const CustomEventId = z.string().min(1).max(64);

/** Create custom event (ADMIN, MANAGER). */
export const createCustomEventAction = projectAction({
  permission: "catalog.write",
  input: CustomEventInput,
  revalidate: customEventsPath,
  async run(input, { actor }) {
    await createCustomEvent(actor, input);
    return { ok: true, message: "Custom event created." };
  },
});

/** Save custom event (ADMIN, MANAGER): destinations that select it use it from their next run. */
export const updateCustomEventAction = projectAction({
  permission: "catalog.write",
  input: CustomEventInput.extend({ id: CustomEventId }),
  revalidate: customEventsPath,
  async run({ id, ...input }, { actor }) {
    await updateCustomEvent(actor, id, input);
    return {
      ok: true,
      message: "Custom event saved. Destinations that select it use it from their next run.",
    };
  },
});

/** Delete (ADMIN, MANAGER): refused while a destination's filter selects it. */
export const deleteCustomEventAction = projectAction({
  permission: "catalog.write",
  input: z.object({ id: CustomEventId }),
  revalidate: customEventsPath,
  async run({ id }, { actor }) {
    await deleteCustomEvent(actor, id);
    return { ok: true, message: "Custom event deleted." };
  },
});
