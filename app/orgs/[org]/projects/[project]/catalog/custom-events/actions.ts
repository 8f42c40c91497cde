"use server";

import { projectAction } from "@/lib/actions/project-action";
import {
  createCustomEventDeclaration,
  deleteCustomEventDeclaration,
  updateCustomEventDeclaration,
} from "@/lib/catalog/catalog-actions";

// Custom events' changes, bound to the session's frame (declared in lib/catalog/catalog-actions.ts).
export const createCustomEventAction = projectAction(createCustomEventDeclaration);
export const updateCustomEventAction = projectAction(updateCustomEventDeclaration);
export const deleteCustomEventAction = projectAction(deleteCustomEventDeclaration);
