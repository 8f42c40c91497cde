import { z } from "zod";
import { displayName } from "@/lib/display-name";

/** A new organization and its first project: the form's fields and its action's input. */
export const NewOrganizationInput = z.object({
  organizationName: displayName("organization"),
  projectName: displayName("project"),
});
export type NewOrganizationInput = z.infer<typeof NewOrganizationInput>;
