import type { Metadata } from "next";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { PermissionNote } from "@/components/permission-note";

export const metadata: Metadata = { title: "Events" };

type Props = { params: Promise<{ org: string; project: string }> };

export default async function EventsPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  // The key is rendered on the server only for roles that may read it; others never receive it.
  const apiKey = can(access.role, "apiKeys.read") ? access.project.apiKey : null;
  return (
    <section aria-labelledby="api-key" className="max-w-2xl rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="api-key" className="text-lg font-semibold">
        Project API key
      </h2>
      <p className="mt-1 text-sm text-slate-600">SDKs send this project&apos;s events with this key.</p>
      <div className="mt-3">
        {apiKey ? (
          <code className="block overflow-x-auto rounded-md bg-slate-100 px-3 py-2 font-mono text-sm break-all">{apiKey}</code>
        ) : (
          <PermissionNote>{whyNot("apiKeys.read")}</PermissionNote>
        )}
      </div>
    </section>
  );
}
