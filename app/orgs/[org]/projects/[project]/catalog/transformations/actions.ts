"use server";

import { projectAction } from "@/lib/actions/project-action";
import { addTransformationDeclaration, deleteTransformationDeclaration } from "@/lib/catalog/catalog-actions";

// Transformations' changes, bound to the session's frame (declared in lib/catalog/catalog-actions.ts).
export const addTransformationAction = projectAction(addTransformationDeclaration);
export const deleteTransformationAction = projectAction(deleteTransformationDeclaration);
