"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

type Props = { tabs: { label: string; href: string }[] };

/** The Catalog's tab bar; the active tab follows the URL. */
export function CatalogTabs({ tabs }: Props) {
  const pathname = usePathname();
  return (
    // Four tabs are wider than a phone: the bar scrolls rather than widening the page.
    <nav aria-label="Catalog sections" className="flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab) => {
        const active = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap ${
              active
                ? "border-brand-600 text-brand-700"
                : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
