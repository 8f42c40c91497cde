import { CopyButton } from "@/components/copy-button";

/** A block of code to run elsewhere, whole in one <pre>, with a Copy button. */
export function CodeBlock({ title, code, copyLabel }: { title: string; code: string; copyLabel?: string }) {
  return (
    <figure className="rounded-lg border border-slate-200 bg-slate-900 text-slate-100">
      <figcaption className="flex items-center justify-between gap-2 border-b border-slate-700 px-3 py-2 text-xs font-medium text-slate-300">
        <span>{title}</span>
        <CopyButton text={code} label={copyLabel} />
      </figcaption>
      <pre className="overflow-x-auto p-3 font-mono text-xs leading-relaxed whitespace-pre">{code}</pre>
    </figure>
  );
}
