import { z } from "zod";
import { displayName } from "@/lib/display-name";

// One schema for the project forms (validation as the name is typed) and their actions.

/** A project's name: what creating and renaming a project take. */
export const ProjectNameInput = z.object({ name: displayName("project") });
export type ProjectNameInput = z.infer<typeof ProjectNameInput>;
