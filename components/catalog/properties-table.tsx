import type { ActionResult } from "@/lib/actions/action-result";
import type { CatalogPropertyRow } from "@/lib/catalog/catalog-queries";
import type { PropertyUpdateInput } from "@/lib/catalog/catalog-input";
import { formatTime } from "@/lib/format";
import { DataTable, type Column } from "@/components/ui/data-table";
import { PermissionNote } from "@/components/ui/permission-note";
import { PropertyForm } from "@/components/catalog/property-form";

type Props = {
  /** Whose properties: an event type's, or the project's user properties (""). */
  scope: "EVENT" | "USER";
  eventType: string;
  properties: CatalogPropertyRow[];
  /** The server action, its scope bound. */
  save: (input: PropertyUpdateInput) => Promise<ActionResult>;
  /** Why the caller's role may not edit: the forms are disabled and the sentence shown above them. */
  disabledReason?: string;
  empty: string;
};

/** Properties with the JSON types seen for them, each with its description and classification form. */
export function PropertiesTable({ scope, eventType, properties, save, disabledReason, empty }: Props) {
  const columns: Column<CatalogPropertyRow>[] = [
    { header: "Property", cell: (row) => row.name, className: "max-w-48 font-medium break-all" },
    { header: "Types", cell: (row) => row.types.join(", "), className: "font-mono text-xs text-slate-600" },
    {
      header: "Last seen",
      cell: (row) => formatTime(row.lastSeen),
      className: "whitespace-nowrap text-slate-600",
    },
    {
      header: "Description and classification",
      cell: (row) => (
        <PropertyForm
          property={{ scope, eventType, name: row.name }}
          initial={{ description: row.description ?? "", classifications: row.classifications }}
          save={save}
          readOnly={Boolean(disabledReason)}
        />
      ),
      className: "min-w-72",
    },
  ];
  return (
    <>
      {disabledReason && properties.length > 0 && (
        <PermissionNote className="mt-2">{disabledReason}</PermissionNote>
      )}
      <DataTable
        className="mt-3"
        variant="plain"
        alignTop
        columns={columns}
        rows={properties}
        rowKey={(row) => row.name}
        empty={empty}
      />
    </>
  );
}
