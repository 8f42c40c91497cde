"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import type { ConnectionCheck } from "@/lib/destinations/verify-connection";
import { ConnectionChecklist } from "@/components/destinations/connection-checklist";
import { Button } from "@/components/ui/button";
import { CardSection } from "@/components/ui/card";
import { PermissionNote } from "@/components/ui/permission-note";

type Props = {
  verify: () => Promise<ActionResult<{ checks: ConnectionCheck[] }>>;
  disabledReason?: string;
};

/** Verify connection on a saved destination: the credential path and the load path, checked now. */
export function VerifySection({ verify, disabledReason }: Props) {
  const [checks, setChecks] = useState<ConnectionCheck[]>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onVerify() {
    setPending(true);
    setError(undefined);
    try {
      const result = await verify();
      if (!result.ok) setError(result.message);
      else if (result.data) setChecks(result.data.checks);
    } finally {
      setPending(false);
    }
  }

  return (
    <CardSection id="verify-heading" title="Connection">
      <p className="mt-1 text-sm text-slate-600">
        Checks the token exchange, the warehouse, the grants, and the load path: a test file uploaded to the
        staging volume, a COPY INTO that validates it without writing, and its removal.
      </p>
      <div className="mt-3">
        <Button
          size="sm"
          onClick={onVerify}
          disabled={pending || Boolean(disabledReason)}
          aria-describedby={disabledReason ? "verify-reason" : undefined}
        >
          {pending ? "Verifying…" : "Verify connection"}
        </Button>
        {disabledReason && <PermissionNote id="verify-reason">{disabledReason}</PermissionNote>}
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {checks && <ConnectionChecklist checks={checks} />}
    </CardSection>
  );
}
