"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import { ConfirmButton } from "@/components/ui/confirm-button";

const DELETE_WARNING =
  "The project disappears for everyone in the organization, its API key is refused at once, and its destinations are deleted (they stop exporting, and their tables are free for new destinations). Its events and run history are kept.";

type Props = {
  /** The server action, its scope bound; its answer says where to go once the project is gone. */
  remove: () => Promise<ActionResult<{ path: string }>>;
  disabledReason?: string;
};

/** Deletes the project after a confirmation, then leaves its pages for the organization. */
export function DeleteProjectButton({ remove, disabledReason }: Props) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete project"
      pendingLabel="Working…"
      variant="danger"
      confirm={DELETE_WARNING}
      disabledReason={disabledReason}
      action={async () => {
        const result = await remove();
        if (!result.ok) return result;
        if (result.data) router.push(result.data.path);
        return { ok: true, message: result.message };
      }}
    />
  );
}
