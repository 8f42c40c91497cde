"use server";

import { z } from "zod";
import { projectAction } from "@/lib/actions/project-action";
import type { ProjectAccess } from "@/lib/auth/access";
import { TransformationDefinition } from "@/lib/catalog/transformation-definition";
import { createTransformation, deleteTransformation } from "@/lib/catalog/transformations";
import { catalogPath } from "@/lib/paths";

const transformationsPath = ({ organization, project }: ProjectAccess) =>
  catalogPath(organization.slug, project.slug, "transformations");

/** Add transformation (ADMIN, MANAGER): refused when it contradicts the project's others. */
export const addTransformationAction = projectAction({
  permission: "catalog.write",
  input: TransformationDefinition,
  revalidate: transformationsPath,
  async run(definition, { actor }) {
    await createTransformation(actor, definition);
    return { ok: true, message: "Transformation added. Stored events are unchanged." };
  },
});

/** Delete (ADMIN, MANAGER). */
export const deleteTransformationAction = projectAction({
  permission: "catalog.write",
  input: z.object({ id: z.string().min(1).max(64) }),
  revalidate: transformationsPath,
  async run({ id }, { actor }) {
    await deleteTransformation(actor, id);
    return { ok: true, message: "Transformation deleted." };
  },
});
