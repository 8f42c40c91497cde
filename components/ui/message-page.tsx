import type { ReactNode } from "react";

type Props = {
  /** A short line above the title, such as "404". */
  eyebrow?: string;
  title: string;
  children?: ReactNode;
};

/** A page that only says one thing: not found, no project yet, something went wrong. */
export function MessagePage({ eyebrow, title, children }: Props) {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      {eyebrow && <p className="mb-2 text-sm font-semibold text-brand-600">{eyebrow}</p>}
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children}
    </main>
  );
}
