import type { ComponentChildren } from "preact";

/** Props of {@link Container}. */
export interface ContainerProps {
  children: ComponentChildren;
  /** Extra classes, e.g. vertical padding. */
  class?: string;
  /** Narrow reading width for long text (legal pages, FAQ). */
  narrow?: boolean;
}

/** Centered, padded page column shared by every section. */
export function Container({ children, class: extra, narrow }: ContainerProps) {
  const width = narrow ? "max-w-3xl" : "max-w-6xl";
  return (
    <div class={`mx-auto ${width} px-4 sm:px-6 lg:px-8 ${extra ?? ""}`}>
      {children}
    </div>
  );
}
