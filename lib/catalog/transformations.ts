import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordConfigChange } from "@/lib/catalog/config-change";
import { lockProjectConfig } from "@/lib/catalog/config-lock";
import { contradictionWith } from "@/lib/catalog/transformation-contradictions";
import { describeTransformation, TransformationDefinition } from "@/lib/catalog/transformation-definition";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import type { Prisma, Transformation } from "@/lib/generated/prisma/client";

// A project's transformations (lib/catalog/transformation-definition.ts): listed, created and
// deleted. They are definitions only: no stored event changes, as in Amplitude, where
// transformations apply at query time (https://amplitude.com/docs/data/transformations).
// Every change bumps the project's configuration version and is audited (recordConfigChange).

export type TransformationItem = {
  id: string;
  definition: TransformationDefinition;
  sentence: string;
  createdAt: Date;
};

/** A stored row as its definition: the kind is a column, the rest is the JSON. */
const definitionOf = (row: Pick<Transformation, "kind" | "definition">): TransformationDefinition =>
  TransformationDefinition.parse({ ...(row.definition as object), kind: row.kind });

/** The project's transformations, oldest first. */
export async function listTransformations(projectId: string): Promise<TransformationItem[]> {
  const rows = await db.transformation.findMany({ where: { projectId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => {
    const definition = definitionOf(row);
    return { id: row.id, definition, sentence: describeTransformation(definition), createdAt: row.createdAt };
  });
}

/** Adds a transformation, unless it contradicts the project's others (the message names the field). */
export async function createTransformation(
  actor: Actor,
  definition: TransformationDefinition,
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    await lockProjectConfig(tx, actor.projectId);
    const existing = await tx.transformation.findMany({ where: { projectId: actor.projectId } });
    const problem = contradictionWith(existing.map(definitionOf), definition);
    if (problem) throw new AppError("CONFLICT", problem.message, problem.field);
    const { kind, ...fields } = definition;
    const row = await tx.transformation.create({
      data: { projectId: actor.projectId, kind, definition: fields, createdById: actor.userId },
    });
    await recordConfigChange(tx, actor, "transformation.create", {
      after: { id: row.id, kind, definition: fields },
    });
    return { id: row.id };
  });
}

/** Deletes one of the project's transformations; another project's is "not found". */
export async function deleteTransformation(actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockProjectConfig(tx, actor.projectId);
    const row = await tx.transformation.findFirst({ where: { id, projectId: actor.projectId } });
    if (!row) throw new AppError("NOT_FOUND", "This transformation does not exist (any more).");
    await tx.transformation.delete({ where: { id: row.id } });
    await recordConfigChange(tx, actor, "transformation.delete", {
      before: { id: row.id, kind: row.kind, definition: row.definition as Prisma.InputJsonValue },
    });
  });
}
