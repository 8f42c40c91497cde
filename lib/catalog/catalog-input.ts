import { z } from "zod";

// One schema per catalog form, used by the form (as typed) and by its server action.

export const CATALOG_STATUSES = ["LIVE", "PLANNED", "HIDDEN", "DEPRECATED"] as const;
export type CatalogStatusValue = (typeof CATALOG_STATUSES)[number];
export const STATUS_LABELS: Record<CatalogStatusValue, string> = {
  LIVE: "Live",
  PLANNED: "Planned",
  HIDDEN: "Hidden",
  DEPRECATED: "Deprecated",
};

export const PROPERTY_CLASSIFICATIONS = ["PII", "SENSITIVE", "REVENUE"] as const;
export type PropertyClassificationValue = (typeof PROPERTY_CLASSIFICATIONS)[number];
export const CLASSIFICATION_LABELS: Record<PropertyClassificationValue, string> = {
  PII: "PII",
  SENSITIVE: "Sensitive",
  REVENUE: "Revenue",
};

export const MAX_DISPLAY_NAME = 100;
export const MAX_DESCRIPTION = 2000;
export const MAX_CATEGORY_NAME = 100;
/** As long as ingest lets an event type be (lib/ingest/limits.ts). */
export const MAX_EVENT_TYPE = 1024;

/** The category select's value for "New category…"; ids are cuids, so it cannot be one. */
export const NEW_CATEGORY = "__new__";

/** An event type as stored: any characters ingest accepts. */
const eventType = z
  .string()
  .min(1, "Enter an event type.")
  .max(MAX_EVENT_TYPE, `An event type has at most ${MAX_EVENT_TYPE} characters.`)
  .refine((text) => !text.includes("\u0000") && text.isWellFormed(), "This event type cannot be stored.");

const description = z
  .string()
  .trim()
  .max(MAX_DESCRIPTION, `The description must be at most ${MAX_DESCRIPTION} characters.`);

/** What people say of an event type. Empty display name, description or category clear them. */
export const EventTypeUpdateInput = z
  .object({
    eventType,
    displayName: z
      .string()
      .trim()
      .max(MAX_DISPLAY_NAME, `The display name must be at most ${MAX_DISPLAY_NAME} characters.`),
    description,
    // "" (none), an existing category's id, or NEW_CATEGORY with its name in newCategory.
    categoryId: z.string().max(64),
    newCategory: z
      .string()
      .trim()
      .max(MAX_CATEGORY_NAME, `A category name has at most ${MAX_CATEGORY_NAME} characters.`),
    status: z.enum(CATALOG_STATUSES, "Choose a status."),
  })
  .superRefine((input, ctx) => {
    if (input.categoryId === NEW_CATEGORY && input.newCategory === "")
      ctx.addIssue({ code: "custom", path: ["newCategory"], message: "Enter a name for the new category." });
  });
export type EventTypeUpdateInput = z.infer<typeof EventTypeUpdateInput>;

/** An event type not seen yet, added as planned. */
export const PlanEventTypeInput = z.object({
  eventType: eventType.refine((text) => text.trim() === text, "Remove the spaces around the event type."),
});
export type PlanEventTypeInput = z.infer<typeof PlanEventTypeInput>;

/** What people say of a property: an event type's (scope EVENT) or a user property (USER, event type ""). */
export const PropertyUpdateInput = z
  .object({
    scope: z.enum(["EVENT", "USER"]),
    eventType: z.string().max(MAX_EVENT_TYPE),
    name: z.string().min(1).max(MAX_EVENT_TYPE),
    description,
    classifications: z
      .array(z.enum(PROPERTY_CLASSIFICATIONS))
      .max(PROPERTY_CLASSIFICATIONS.length)
      .refine((list) => new Set(list).size === list.length, "Choose each classification once."),
  })
  .superRefine((input, ctx) => {
    if ((input.scope === "USER") !== (input.eventType === ""))
      ctx.addIssue({
        code: "custom",
        path: ["eventType"],
        message: "User properties have no event type; event properties have one.",
      });
  });
export type PropertyUpdateInput = z.infer<typeof PropertyUpdateInput>;
