import type { ComponentChildren } from "preact";
import { Container } from "./Container.tsx";
import { PageHeader } from "./PageHeader.tsx";

/** Props of {@link LegalPage}. */
export interface LegalPageProps {
  title: string;
  /** ISO date the text last changed. */
  updated: string;
  children: ComponentChildren;
}

/** Shared frame of the legal pages: title, last-updated date, readable column. */
export function LegalPage({ title, updated, children }: LegalPageProps) {
  return (
    <>
      <PageHeader title={title}>
        Last updated <time dateTime={updated}>{updated}</time>
      </PageHeader>
      <Container class="py-12 leading-relaxed text-stone-800" narrow>
        {children}
      </Container>
    </>
  );
}

/** Props of {@link LegalSection}. */
export interface LegalSectionProps {
  heading: string;
  children: ComponentChildren;
}

/** One numbered-by-order section of a legal text. */
export function LegalSection({ heading, children }: LegalSectionProps) {
  return (
    <section class="mt-8 first:mt-0">
      <h2 class="text-xl font-bold text-stone-900">{heading}</h2>
      <div class="mt-2 space-y-3">{children}</div>
    </section>
  );
}
