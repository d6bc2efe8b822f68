import { asset } from "$fresh/runtime.ts";
import { BUSINESS } from "../lib/site/business.ts";
import { PRIMARY_NAV } from "../lib/site/nav.ts";
import { ButtonLink } from "./Button.tsx";
import { Container } from "./Container.tsx";

/** Props of {@link Header}. */
export interface HeaderProps {
  /** `href` of the nav entry to mark as the current page, or null. */
  current: string | null;
}

const LINK =
  "rounded-md px-3 py-2 text-base font-medium text-stone-800 hover:bg-stone-100 hover:text-red-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-red-700";
const CURRENT = "text-red-800 underline underline-offset-4";

function NavLinks({ current, mobile }: HeaderProps & { mobile?: boolean }) {
  return (
    <ul class={mobile ? "flex flex-col gap-1 py-2" : "flex items-center gap-1"}>
      {PRIMARY_NAV.map((link) => {
        const isCurrent = link.href === current;
        return (
          <li key={link.href}>
            <a
              href={link.href}
              class={`${LINK} ${mobile ? "block" : ""} ${
                isCurrent ? CURRENT : ""
              }`}
              aria-current={isCurrent ? "page" : undefined}
            >
              {link.label}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Site header. On small screens the navigation sits in a `<details>`
 * disclosure, so the menu opens and closes without any JavaScript.
 */
export function Header({ current }: HeaderProps) {
  return (
    <header class="border-b border-stone-200 bg-white">
      <Container class="flex items-center justify-between gap-4 py-3">
        <a
          href="/"
          class="flex items-center gap-2 rounded-md text-xl font-bold text-stone-900 no-underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-red-700"
        >
          <img src={asset("/logo.svg")} alt="" width={40} height={40} />
          <span>{BUSINESS.name}</span>
        </a>
        <nav aria-label="Main" class="hidden lg:block">
          <NavLinks current={current} />
        </nav>
        <div class="hidden lg:block">
          <ButtonLink href="/book" class="py-2">Book a chef</ButtonLink>
        </div>
        <details class="site-menu relative lg:hidden">
          <summary class="flex cursor-pointer list-none items-center gap-2 rounded-md border-2 border-stone-800 px-3 py-2 font-semibold text-stone-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-red-700">
            <svg
              aria-hidden="true"
              width="20"
              height="20"
              viewBox="0 0 20 20"
              fill="currentColor"
            >
              <rect x="2" y="4" width="16" height="2" rx="1" />
              <rect x="2" y="9" width="16" height="2" rx="1" />
              <rect x="2" y="14" width="16" height="2" rx="1" />
            </svg>
            <span>Site menu</span>
          </summary>
          <nav
            aria-label="Main"
            class="absolute right-0 z-20 mt-2 w-64 rounded-lg border border-stone-200 bg-white p-2 shadow-lg"
          >
            <NavLinks current={current} mobile />
            <div class="border-t border-stone-200 p-2">
              <ButtonLink href="/book" class="w-full">Book a chef</ButtonLink>
            </div>
          </nav>
        </details>
      </Container>
    </header>
  );
}
