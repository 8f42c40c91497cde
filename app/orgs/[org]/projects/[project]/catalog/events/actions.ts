"use server";

import { projectAction } from "@/lib/actions/project-action";
import {
  planEventTypeDeclaration,
  updateEventTypeDeclaration,
  updatePropertyDeclaration,
} from "@/lib/catalog/catalog-actions";

// The event catalog's changes, bound to the session's frame (declared in lib/catalog/catalog-actions.ts).
export const updateEventTypeAction = projectAction(updateEventTypeDeclaration);
export const planEventTypeAction = projectAction(planEventTypeDeclaration);
export const updatePropertyAction = projectAction(updatePropertyDeclaration);
