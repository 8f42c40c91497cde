import type { ComponentProps, ReactNode } from "react";
import { cx } from "@/components/ui/cx";

type Padding = "none" | "md" | "lg" | "xl";

const PADDINGS: Record<Padding, string> = { none: "", md: "p-4", lg: "p-5", xl: "p-6" };

/** The classes of a card: white, bordered, rounded, lightly shadowed. */
export function cardClass({ padding = "lg", className }: { padding?: Padding; className?: string } = {}) {
  return cx("rounded-xl border border-slate-200 bg-white shadow-sm", PADDINGS[padding], className);
}

type CardProps = ComponentProps<"div"> & { padding?: Padding };

/** A card around any content. */
export function Card({ padding, className, ...props }: CardProps) {
  return <div className={cardClass({ padding, className })} {...props} />;
}

type CardSectionProps = {
  /** The heading's id; the section is labelled by it (a region named by its title). */
  id: string;
  title: ReactNode;
  level?: 2 | 3;
  padding?: Padding;
  className?: string;
  titleClassName?: string;
  children: ReactNode;
};

/** A card that is a titled section of the page. */
export function CardSection({
  id,
  title,
  level = 3,
  padding,
  className,
  titleClassName,
  children,
}: CardSectionProps) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={id} className={cardClass({ padding, className })}>
      <Heading id={id} className={cx("font-semibold", titleClassName)}>
        {title}
      </Heading>
      {children}
    </section>
  );
}
