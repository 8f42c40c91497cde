import Link from "next/link";
import { cardClass } from "@/components/ui/card";

type Props = { name: string; description: string; href?: string; footer?: React.ReactNode };

/** A warehouse in the Destinations tab's catalog of warehouses; a link to its wizard when allowed. */
export function DestinationCard({ name, description, href, footer }: Props) {
  const body = (
    <>
      <div className="flex items-center gap-3">
        <span
          aria-hidden="true"
          className="flex h-9 w-9 items-center justify-center rounded-lg bg-orange-50 text-orange-600"
        >
          <svg viewBox="0 0 24 24" className="h-5 w-5" fill="currentColor">
            <path d="M12 2 2 7.5l10 5.5 10-5.5L12 2Zm-8.5 9.4L12 16l8.5-4.6V14L12 18.6 3.5 14v-2.6Zm0 4.6L12 20.6l8.5-4.6v2.6L12 23.2l-8.5-4.6V16Z" />
          </svg>
        </span>
        <h3 className="text-base font-semibold">{name}</h3>
      </div>
      <p className="mt-3 flex-1 text-sm text-slate-600">{description}</p>
    </>
  );
  return (
    <article aria-label={name} className={cardClass({ padding: "none", className: "flex flex-col" })}>
      {href ? (
        <Link
          href={href}
          aria-label={name}
          className="flex flex-1 flex-col rounded-xl p-5 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          {body}
        </Link>
      ) : (
        <div className="flex flex-1 flex-col p-5">{body}</div>
      )}
      {footer && <div className="mx-5 border-t border-slate-100 pt-3 pb-4">{footer}</div>}
    </article>
  );
}
