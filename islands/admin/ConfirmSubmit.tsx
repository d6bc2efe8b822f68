import { useEffect, useRef, useState } from "preact/hooks";

/** Props of {@link ConfirmSubmit}. */
export interface ConfirmSubmitProps {
  /** Unique on the page (ids of the dialog's parts), e.g. the form's name. */
  name: string;
  /** The submit button's words, e.g. "Record payment". */
  label: string;
  /** The dialog's question, e.g. "Record this payment?". */
  question: string;
  /** Form fields whose current values the dialog repeats (name → label). */
  fields?: Record<string, string>;
  /** Classes of the submit button. */
  class?: string;
}

const FOCUS =
  "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-700";

/** What a field shows: a select's option text, an input's value. */
function shown(form: HTMLFormElement, name: string): string {
  const el = form.elements.namedItem(name);
  if (el instanceof HTMLSelectElement) {
    return el.selectedOptions[0]?.textContent ?? el.value;
  }
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    return el.value;
  }
  return "";
}

/**
 * A staff form's submit button with a confirmation dialog. Without
 * JavaScript the form's required "I confirm" checkbox is the confirmation;
 * once hydrated that checkbox is ticked and hidden, and the button opens a
 * modal `<dialog>` that repeats what will happen: Tab stays inside it,
 * Escape or "Back" closes it with nothing sent and focus back on the
 * button, "Yes" submits the form.
 */
export default function ConfirmSubmit(
  { name, label, question, fields = {}, class: classes = "" }:
    ConfirmSubmitProps,
) {
  const button = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<[string, string][]>([]);
  const titleId = `confirm-${name}-title`;

  useEffect(() => {
    const confirm = button.current?.form?.elements.namedItem("confirm");
    if (confirm instanceof HTMLInputElement && confirm.type === "checkbox") {
      confirm.checked = true;
      // Not `hidden`: the label's display class would win over it.
      const label = confirm.closest("label");
      if (label) label.style.display = "none";
    }
  }, []);

  const open = (event: Event) => {
    const form = button.current?.form;
    if (!form || !dialog.current) return;
    event.preventDefault();
    if (!form.reportValidity()) return;
    setValues(
      Object.entries(fields).map(([name, text]) => [text, shown(form, name)]),
    );
    dialog.current.showModal();
  };
  const close = () => {
    dialog.current?.close();
  };
  const yes = () => {
    const form = button.current?.form;
    dialog.current?.close();
    // The button as submitter, as a click would have sent it.
    form?.requestSubmit(button.current);
  };
  // Focus cycles between the dialog's buttons: the page behind is inert.
  const trap = (event: KeyboardEvent) => {
    if (event.key !== "Tab" || !dialog.current) return;
    const stops = [...dialog.current.querySelectorAll("button")];
    const at = stops.indexOf(document.activeElement as HTMLButtonElement);
    const next = (at + (event.shiftKey ? -1 : 1) + stops.length) %
      stops.length;
    event.preventDefault();
    stops[next]?.focus();
  };

  return (
    <>
      <button
        type="submit"
        ref={button}
        class={`${classes} ${FOCUS}`}
        onClick={open}
      >
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        class="rounded-lg border border-stone-300 p-6 shadow-xl"
        onKeyDown={trap}
        onClose={() => button.current?.focus()}
      >
        <h2 id={titleId} class="text-lg font-semibold">
          {question}
        </h2>
        {values.length > 0 && (
          <dl class="mt-3 grid grid-cols-2 gap-1 text-sm">
            {values.map(([k, v]) => (
              <>
                <dt class="text-stone-700">{k}</dt>
                <dd class="font-medium">{v || "—"}</dd>
              </>
            ))}
          </dl>
        )}
        <div class="mt-5 flex gap-3">
          <button
            type="button"
            data-confirm-yes
            class={`rounded bg-red-800 px-3 py-1 text-white ${FOCUS}`}
            onClick={yes}
          >
            Yes, {label.charAt(0).toLowerCase() + label.slice(1)}
          </button>
          <button
            type="button"
            data-confirm-no
            class={`rounded border border-stone-300 px-3 py-1 ${FOCUS}`}
            onClick={close}
            autofocus
          >
            Back
          </button>
        </div>
      </dialog>
    </>
  );
}
