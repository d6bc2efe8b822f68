import type { ComponentChildren } from "preact";
import { fieldId } from "../../lib/booking_form/state.ts";

/** Validation messages keyed by field name (the dotted body path). */
export type FieldErrors = Readonly<Record<string, string>>;

/** Classes of a text-like input; red border when invalid. */
export function inputClass(invalid: boolean, extra = ""): string {
  const border = invalid ? "border-red-700" : "border-stone-500";
  return `mt-1 block w-full rounded-lg border-2 ${border} bg-white px-3 py-2 text-base text-stone-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-red-700 ${extra}`
    .trim();
}

/** The message shown under an invalid field, referenced by its aria-describedby. */
export function FieldError(
  { name, message }: { name: string; message?: string },
) {
  if (!message) return null;
  return (
    <p
      id={`${fieldId(name)}-error`}
      class="mt-1 text-sm font-semibold text-red-800"
    >
      <span aria-hidden="true">⚠</span> {message}
    </p>
  );
}

/** Props of {@link TextField}. */
export interface TextFieldProps {
  name: string;
  label: ComponentChildren;
  value?: string | number;
  error?: string;
  type?: "text" | "email" | "tel" | "number" | "date";
  hint?: string;
  autoComplete?: string;
  inputMode?: "numeric" | "text" | "tel" | "email";
  min?: number;
  max?: number;
  maxLength?: number;
  required?: boolean;
  class?: string;
}

/**
 * A labelled input with its hint and error wired through aria-describedby, so
 * screen readers read the mistake together with the field.
 */
export function TextField(props: TextFieldProps) {
  const id = fieldId(props.name);
  const described = [
    props.hint ? `${id}-hint` : "",
    props.error ? `${id}-error` : "",
  ].filter(Boolean).join(" ");
  return (
    <div class={props.class}>
      <label for={id} class="block font-semibold text-stone-900">
        {props.label}
      </label>
      {props.hint && (
        <p id={`${id}-hint`} class="text-sm text-stone-700">{props.hint}</p>
      )}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value === undefined ? undefined : String(props.value)}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        min={props.min}
        max={props.max}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described || undefined}
        class={inputClass(Boolean(props.error))}
      />
      <FieldError name={props.name} message={props.error} />
    </div>
  );
}

/** A count input (0…max) with a short label, for guests and servings. */
export function CountField(
  props: Omit<TextFieldProps, "type" | "inputMode" | "min"> & { max: number },
) {
  // 0 shows as an empty box; NaN (a half-typed number) is left to the browser.
  const value = props.value === 0 || props.value === undefined
    ? ""
    : Number.isNaN(props.value)
    ? undefined
    : props.value;
  return (
    <TextField
      {...props}
      value={value}
      type="number"
      inputMode="numeric"
      min={0}
    />
  );
}

/** An error summary at the top of a form: each issue links to its field. */
export function ErrorSummary(
  { errors, title = "Please fix the following", autofocus }: {
    errors: FieldErrors;
    title?: string;
    /** Take focus on page load (a form post came back with errors). */
    autofocus?: boolean;
  },
) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
      autofocus={autofocus}
      class="mb-6 rounded-xl border-2 border-red-700 bg-red-50 p-4"
    >
      <h2 id="error-summary-title" class="text-lg font-bold text-red-900">
        {title}
      </h2>
      <ul class="mt-2 list-disc pl-5">
        {entries.map(([name, message]) => (
          <li key={name}>
            {name === "" ? message : (
              <a
                href={`#${fieldId(name)}`}
                class="font-semibold text-red-900 underline"
              >
                {message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Issues as a field-name → first-message map. */
export function errorsByField(
  issues: ReadonlyArray<{ path: string; message: string }>,
  fieldOf: (path: string) => string = (p) => p,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const name = fieldOf(issue.path);
    out[name] ??= issue.message;
  }
  return out;
}
