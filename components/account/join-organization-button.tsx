"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { Button } from "@/components/ui/button";

type Props = { accept: () => Promise<ActionResult<{ organizationSlug: string }>> };

/** A signed-in user accepts an invitation made out to them, then opens the organization. */
export function JoinOrganizationButton({ accept }: Props) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <div className="space-y-2">
      <Button
        variant="primary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const outcome = await accept();
            if (outcome.ok && outcome.data)
              router.push(`/orgs/${encodeURIComponent(outcome.data.organizationSlug)}`);
            else setError(outcome.message);
          })
        }
      >
        {pending ? "Accepting…" : "Accept invitation"}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
