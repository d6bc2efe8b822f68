import type { ComponentChildren } from "preact";

/** Visual weight of a button. */
export type ButtonVariant = "primary" | "secondary" | "inverse";

/** Props shared by link and form buttons. */
interface ButtonBaseProps {
  children: ComponentChildren;
  variant?: ButtonVariant;
  class?: string;
}

// Colours meet WCAG AA: white on red-700 is 6.5:1, stone-900 on white 17:1.
const BASE =
  "inline-flex items-center justify-center gap-2 rounded-lg px-5 py-3 text-base font-semibold no-underline transition-colors focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2";
const VARIANTS: Record<ButtonVariant, string> = {
  primary:
    "bg-red-700 text-white hover:bg-red-800 focus-visible:outline-red-700",
  secondary:
    "border-2 border-stone-800 bg-white text-stone-900 hover:bg-stone-100 focus-visible:outline-red-700",
  inverse: "bg-white text-red-800 hover:bg-red-50 focus-visible:outline-white",
};

/** Classes of a button of that variant (for callers needing a raw element). */
export function buttonClass(
  variant: ButtonVariant = "primary",
  extra = "",
): string {
  return `${BASE} ${VARIANTS[variant]} ${extra}`.trim();
}

/** Props of {@link ButtonLink}. */
export interface ButtonLinkProps extends ButtonBaseProps {
  href: string;
}

/** A link styled as a button: navigation stays a real `<a>` for no-JS use. */
export function ButtonLink(
  { href, children, variant, class: extra }: ButtonLinkProps,
) {
  return <a href={href} class={buttonClass(variant, extra)}>{children}</a>;
}

/** Props of {@link Button}. */
export interface ButtonProps extends ButtonBaseProps {
  type?: "submit" | "button" | "reset";
  name?: string;
  value?: string;
}

/** A real `<button>`, submit by default. */
export function Button(
  { children, variant, class: extra, type = "submit", name, value }:
    ButtonProps,
) {
  return (
    <button
      type={type}
      name={name}
      value={value}
      class={buttonClass(variant, extra)}
    >
      {children}
    </button>
  );
}
