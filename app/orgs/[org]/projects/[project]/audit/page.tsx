import type { Metadata } from "next";
import { requireProjectAccess } from "@/lib/auth/session";
import { can, whyNot } from "@/lib/auth/permissions";
import { projectAuditLog } from "@/lib/audit-log";
import { formatTime } from "@/lib/format";
import { DataTable, type Column } from "@/components/ui/data-table";
import { PermissionNote } from "@/components/ui/permission-note";

export const metadata: Metadata = { title: "Audit log" };

type Props = { params: Promise<{ org: string; project: string }> };
type Entry = Awaited<ReturnType<typeof projectAuditLog>>[number];

const Json = ({ value }: { value: unknown }) => (
  <pre className="font-mono text-xs whitespace-pre-wrap text-slate-600">
    {value === null || value === undefined ? "" : JSON.stringify(value, null, 1)}
  </pre>
);

const COLUMNS: Column<Entry>[] = [
  { header: "When", cell: (entry) => formatTime(entry.createdAt), className: "whitespace-nowrap" },
  { header: "Who", cell: (entry) => entry.actor?.email ?? "system" },
  {
    header: "What",
    cell: (entry) => (
      <>
        <span className="font-medium">{entry.action}</span>
        <span className="block font-mono text-xs text-slate-500">
          {entry.resourceType} {entry.resourceId}
        </span>
      </>
    ),
  },
  { header: "Before", cell: (entry) => <Json value={entry.before} />, className: "max-w-xs" },
  { header: "After", cell: (entry) => <Json value={entry.after} />, className: "max-w-xs" },
];

export default async function AuditLogPage({ params }: Props) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const mayRead = can(access.role, "auditLog.read");
  const entries = mayRead ? await projectAuditLog(access.organization.id, access.project.id) : [];
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
      {mayRead ? (
        <>
          <p className="mt-1 text-sm text-slate-600">Who changed what in this project, and when.</p>
          <DataTable
            className="mt-4"
            alignTop
            columns={COLUMNS}
            rows={entries}
            rowKey={(entry) => entry.id}
            empty="Nothing has changed yet."
          />
        </>
      ) : (
        <PermissionNote className="mt-4">{whyNot("auditLog.read")}</PermissionNote>
      )}
    </div>
  );
}
