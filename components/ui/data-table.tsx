import type { ReactNode } from "react";
import { cx } from "@/components/ui/cx";

export type Column<Row> = {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Classes of this column's cells, besides the padding. */
  className?: string;
};

type Props<Row> = {
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there are no rows. */
  empty: ReactNode;
  /** "boxed": a table of its own, in a bordered box; "plain": a table inside a card. */
  variant?: "boxed" | "plain";
  /** Cells aligned to the top, for rows of several lines. */
  alignTop?: boolean;
  /** Classes of the table's box (or of the empty state), such as its margin. */
  className?: string;
};

const STYLES = {
  boxed: {
    box: "overflow-x-auto rounded-lg border border-slate-200 bg-white",
    head: "bg-slate-50",
    cell: "px-3 py-2",
    empty: "rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600",
  },
  plain: { box: "overflow-x-auto", head: "", cell: "py-2 pr-3", empty: "text-sm text-slate-600" },
};

/** A table of rows by columns, or a sentence when there are no rows. */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  empty,
  variant = "boxed",
  alignTop,
  className,
}: Props<Row>) {
  const style = STYLES[variant];
  if (rows.length === 0) return <p className={cx(style.empty, className)}>{empty}</p>;
  return (
    <div className={cx(style.box, className)}>
      <table className="w-full text-left text-sm">
        <thead className={cx("text-xs text-slate-500 uppercase", style.head)}>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={cx(style.cell, "font-medium")}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={cx("divide-y divide-slate-100", alignTop && "align-top")}>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.header} className={cx(style.cell, column.className)}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
