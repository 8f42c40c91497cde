import { cx } from "@/components/ui/cx";

/** The sentence shown beside a control that the caller's role may not use. */
export function PermissionNote({
  id,
  className,
  children,
}: {
  /** For the control's aria-describedby. */
  id?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <p id={id} className={cx("flex items-start gap-1.5 text-xs text-slate-500", className)}>
      <svg aria-hidden="true" viewBox="0 0 20 20" className="mt-px h-3.5 w-3.5 flex-none" fill="currentColor">
        <path d="M10 2a4 4 0 0 0-4 4v2H5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V9a1 1 0 0 0-1-1h-1V6a4 4 0 0 0-4-4Zm-2 6V6a2 2 0 1 1 4 0v2H8Z" />
      </svg>
      <span>{children}</span>
    </p>
  );
}
