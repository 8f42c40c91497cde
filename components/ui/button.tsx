import type { ComponentProps } from "react";
import { cx } from "@/components/ui/cx";

export type ButtonVariant = "primary" | "secondary" | "danger" | "danger-solid" | "link" | "remove";
export type ButtonSize = "inline" | "xs" | "sm" | "md";

const BASE =
  "rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-50";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "border border-transparent bg-brand-600 font-semibold text-white hover:bg-brand-700",
  secondary: "border border-slate-300 bg-white font-medium text-slate-700 hover:bg-slate-50",
  // The button that asks for something destructive, and the one that confirms it.
  danger: "border border-red-300 bg-white font-medium text-red-700 hover:bg-red-50",
  "danger-solid": "border border-transparent bg-red-600 font-medium text-white hover:bg-red-700",
  // Buttons that read as text within a form: add a row, remove one.
  link: "font-medium text-brand-700 hover:underline",
  remove: "text-slate-500 hover:text-red-700",
};

const SIZES: Record<ButtonSize, string> = {
  inline: "text-sm",
  xs: "px-2.5 py-1 text-xs",
  sm: "px-3 py-1.5 text-sm",
  md: "px-4 py-2 text-sm",
};

type Style = { variant?: ButtonVariant; size?: ButtonSize; className?: string };

/** The classes of a button: the one place they are written. */
export function buttonClass({ variant = "secondary", size = "md", className }: Style = {}): string {
  return cx(BASE, VARIANTS[variant], SIZES[size], className);
}

type Props = ComponentProps<"button"> & Style;

/** A button of the kit; `type="button"` unless told otherwise. */
export function Button({ variant, size, className, type = "button", ...props }: Props) {
  return <button type={type} className={buttonClass({ variant, size, className })} {...props} />;
}
