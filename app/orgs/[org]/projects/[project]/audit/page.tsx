import type { Metadata } from "next";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { projectAuditLog } from "@/lib/audit-log";
import { formatTime } from "@/lib/format";
import { PermissionNote } from "@/components/permission-note";

export const metadata: Metadata = { title: "Audit log" };

type Props = { params: Promise<{ org: string; project: string }> };

const json = (value: unknown) =>
  value === null || value === undefined ? "" : JSON.stringify(value, null, 1);

export default async function AuditLogPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  if (!can(access.role, "auditLog.read")) {
    return (
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <div className="mt-4">
          <PermissionNote>{whyNot("auditLog.read")}</PermissionNote>
        </div>
      </div>
    );
  }
  const entries = await projectAuditLog(access.organization.id, access.project.id);
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
      <p className="mt-1 text-sm text-slate-600">Who changed what in this project, and when.</p>
      {entries.length === 0 ? (
        <p className="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          Nothing has changed yet.
        </p>
      ) : (
        <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
              <tr>
                <th className="px-3 py-2 font-medium">When</th>
                <th className="px-3 py-2 font-medium">Who</th>
                <th className="px-3 py-2 font-medium">What</th>
                <th className="px-3 py-2 font-medium">Before</th>
                <th className="px-3 py-2 font-medium">After</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="px-3 py-2 whitespace-nowrap">{formatTime(entry.createdAt)}</td>
                  <td className="px-3 py-2">{entry.actor?.email ?? "system"}</td>
                  <td className="px-3 py-2">
                    <span className="font-medium">{entry.action}</span>
                    <span className="block font-mono text-xs text-slate-500">
                      {entry.resourceType} {entry.resourceId}
                    </span>
                  </td>
                  <td className="max-w-xs px-3 py-2">
                    <pre className="font-mono text-xs whitespace-pre-wrap text-slate-600">
                      {json(entry.before)}
                    </pre>
                  </td>
                  <td className="max-w-xs px-3 py-2">
                    <pre className="font-mono text-xs whitespace-pre-wrap text-slate-600">
                      {json(entry.after)}
                    </pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
