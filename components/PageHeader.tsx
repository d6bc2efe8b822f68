import type { ComponentChildren } from "preact";
import { Container } from "./Container.tsx";

/** Props of {@link PageHeader}. */
export interface PageHeaderProps {
  title: string;
  children?: ComponentChildren;
}

/** The h1 band at the top of inner pages. */
export function PageHeader({ title, children }: PageHeaderProps) {
  return (
    <div class="border-b border-stone-200 bg-stone-100">
      <Container class="py-10">
        <h1 class="font-display text-3xl font-bold tracking-tight text-stone-900 sm:text-4xl">
          {title}
        </h1>
        {children && (
          <div class="mt-3 max-w-3xl text-lg text-stone-700">{children}</div>
        )}
      </Container>
    </div>
  );
}
