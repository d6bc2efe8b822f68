import type { ComponentChildren } from "preact";
import { Container } from "./Container.tsx";
import { Picture } from "./Picture.tsx";
import type { ImageName } from "../lib/site/images.gen.ts";

/** Props of {@link PageHeader}. */
export interface PageHeaderProps {
  title: string;
  children?: ComponentChildren;
  /** An illustration beside the title on wide screens (not on phones, where it would push the page down). */
  picture?: { name: ImageName; alt: string };
}

/** The h1 band at the top of inner pages. */
export function PageHeader({ title, children, picture }: PageHeaderProps) {
  return (
    <div class="border-b border-stone-200 bg-stone-100">
      <Container
        class={`py-10 ${
          picture ? "grid items-center gap-8 lg:grid-cols-3 lg:py-8" : ""
        }`}
      >
        <div class={picture ? "lg:col-span-2" : ""}>
          <h1 class="font-display text-3xl font-bold tracking-tight text-stone-900 sm:text-4xl">
            {title}
          </h1>
          {children && (
            <div class="mt-3 max-w-3xl text-lg text-stone-700">{children}</div>
          )}
        </div>
        {picture && (
          <Picture
            name={picture.name}
            alt={picture.alt}
            sizes="(min-width: 1152px) 360px, 30vw"
            class="rounded-xl shadow-md"
            frame="hidden lg:block"
          />
        )}
      </Container>
    </div>
  );
}
