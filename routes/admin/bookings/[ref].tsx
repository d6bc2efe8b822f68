import type { Handlers, PageProps } from "$fresh/server.ts";
import { SeoHead } from "../../../components/SeoHead.tsx";
import { formOrRefusal } from "../../../lib/http/form_body.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { CSRF_FIELD } from "../../../lib/auth/csrf.ts";
import type { Db } from "../../../lib/db/mod.ts";
import {
  type BookingDetail,
  type ChefSuggestionItem,
  chefSuggestions,
  getBooking,
  referenceOfId,
  type StaffActor,
} from "../../../lib/staff/bookings.ts";
import { performBookingForm } from "../../../lib/staff/booking_forms.ts";
import {
  type ChangeFormOptions,
  changeFormOptions,
} from "../../../lib/staff/changes.ts";
import { RESENDABLE_MAILS } from "../../../lib/staff/schemas.ts";
import { fromDbError, StaffError } from "../../../lib/staff/errors.ts";
import { referenceSchema } from "../../../lib/staff/schemas.ts";
import type { AdminState } from "../../../lib/staff/types.ts";
import { AdminShell } from "../(_components)/AdminShell.tsx";
import ConfirmSubmit from "../../../islands/admin/ConfirmSubmit.tsx";
import { usd } from "../(_components)/money.ts";

interface DetailData {
  booking: BookingDetail | null;
  suggestions: ChefSuggestionItem[];
  options: ChangeFormOptions | null;
  notice?: { kind: "ok" | "error"; text: string };
  formKey: string;
}

function actorOf(state: AdminState): StaffActor {
  return { claims: state.claims, role: state.staff.role };
}

function mapped(err: unknown): StaffError {
  const m = err instanceof StaffError ? err : fromDbError(err);
  if (!m) throw err;
  return m;
}

async function load(
  db: Db,
  actor: StaffActor,
  ref: string,
): Promise<
  {
    booking: BookingDetail;
    suggestions: ChefSuggestionItem[];
    options: ChangeFormOptions | null;
  }
> {
  const booking = await getBooking(db, actor, ref);
  const options = actor.role === "chef"
    ? null
    : await changeFormOptions(db, actor);
  let suggestions: ChefSuggestionItem[] = [];
  if (
    actor.role !== "chef" &&
    (booking.status === "pending_deposit" || booking.status === "confirmed")
  ) {
    suggestions = await chefSuggestions(db, actor, ref);
  }
  return { booking, suggestions, options };
}

/** `/admin/bookings/{ref}`: everything about one event, and its actions. */
export const handler: Handlers<DetailData, AdminState> = {
  async GET(_req, ctx) {
    const app = partsOf(ctx);
    const ref = referenceSchema.safeParse(ctx.params.ref);
    const notice = ctx.url.searchParams.get("notice");
    try {
      if (!ref.success) {
        throw new StaffError(404, "NOT_FOUND", "No such booking.");
      }
      // The live feed links a payment by its booking's id.
      const byId = await referenceOfId(app.db, actorOf(ctx.state), ref.data);
      if (byId) {
        return new Response(null, {
          status: 303,
          headers: { location: `/admin/bookings/${byId}` },
        });
      }
      const data = await load(app.db, actorOf(ctx.state), ref.data);
      return ctx.render({
        ...data,
        formKey: crypto.randomUUID(),
        notice: notice ? { kind: "ok", text: notice } : undefined,
      });
    } catch (err) {
      const m = mapped(err);
      return ctx.render({
        booking: null,
        suggestions: [],
        options: null,
        formKey: "",
        notice: { kind: "error", text: m.message },
      }, { status: m.status });
    }
  },
  async POST(req, ctx) {
    const app = partsOf(ctx);
    const actor = actorOf(ctx.state);
    const ref = ctx.params.ref;
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    try {
      const text = await performBookingForm(
        app.db,
        actor,
        ref,
        form,
        app.clock(),
        app.payments,
      );
      return new Response(null, {
        status: 303,
        headers: {
          location: `/admin/bookings/${encodeURIComponent(ref)}?notice=${
            encodeURIComponent(text)
          }`,
        },
      });
    } catch (err) {
      const m = mapped(err);
      const detail = m.issues.length
        ? ` (${
          m.issues.map((i) => `${i.path || "form"}: ${i.message}`).join("; ")
        })`
        : "";
      let data: Omit<DetailData, "notice" | "formKey"> = {
        booking: null,
        suggestions: [],
        options: null,
      };
      try {
        data = await load(app.db, actor, ref);
      } catch {
        // the booking itself is the problem: show the error alone
      }
      return ctx.render({
        ...data,
        formKey: crypto.randomUUID(),
        notice: {
          kind: "error",
          text: `${m.message}${detail}`,
        },
      }, { status: m.status });
    }
  },
};

const box = "mt-6 rounded-lg border border-stone-200 p-4";
const input = "rounded border border-stone-300 px-2 py-1";
const button = "rounded bg-red-800 px-3 py-1 font-semibold text-white";

function Counts({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts ?? {}).filter(([, n]) => n > 0);
  if (entries.length === 0) return <span>—</span>;
  return <span>{entries.map(([k, n]) => `${k} × ${n}`).join(", ")}</span>;
}

function Hidden(
  { csrf, op, updatedAt }: { csrf: string; op: string; updatedAt: string },
) {
  return (
    <>
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <input type="hidden" name="_action" value={op} />
      <input type="hidden" name="expectedUpdatedAt" value={updatedAt} />
    </>
  );
}

function ActionForm(
  { csrf, b, action, label, needsReason }: {
    csrf: string;
    b: BookingDetail;
    action: string;
    label: string;
    needsReason?: boolean;
  },
) {
  return (
    <form
      method="post"
      class="flex flex-wrap items-center gap-2"
      data-form={action}
    >
      <Hidden csrf={csrf} op="action" updatedAt={b.updatedAt} />
      <input type="hidden" name="action" value={action} />
      {needsReason && (
        <label class="flex items-center gap-1">
          Reason
          <input class={input} name="reason" required maxLength={2000} />
        </label>
      )}
      <label class="flex items-center gap-1 text-sm">
        <input type="checkbox" name="confirm" required /> I confirm
      </label>
      <ConfirmSubmit
        name={action}
        class={button}
        label={label}
        question={`${label} for ${b.reference}?`}
        fields={needsReason ? { reason: "Reason" } : {}}
      />
    </form>
  );
}

interface QuoteLine {
  code?: string;
  label?: string;
  quantity?: number;
  totalCents?: number;
}

export default function BookingDetailPage(
  { data, state, url }: PageProps<DetailData, AdminState>,
) {
  const b = data.booking;
  const csrf = state.csrf;
  const isChef = state.staff.role === "chef";
  const quote = (b?.quote ?? null) as
    | { lines?: QuoteLine[]; totalCents?: number; depositCents?: number }
    | null;
  return (
    <>
      <SeoHead
        title={b ? `Booking ${b.reference}` : "Booking"}
        description="MyHibachi booking."
        path={url.pathname}
        noindex
      />
      <AdminShell staff={state.staff} csrf={csrf} path="/admin/bookings">
        <p class="mt-4">
          <a href="/admin/bookings" class="text-red-800 underline">
            ← Bookings
          </a>
        </p>
        {data.notice && (
          <p
            role={data.notice.kind === "error" ? "alert" : "status"}
            data-notice={data.notice.kind}
            class={`mt-4 rounded-md p-4 ${
              data.notice.kind === "error"
                ? "bg-red-50 text-red-900"
                : "bg-green-50 text-green-900"
            }`}
          >
            {data.notice.text}
          </p>
        )}
        {b && (
          <>
            <h1 class="mt-4 text-2xl font-bold text-stone-900">
              <span class="font-mono">{b.reference}</span>{" "}
              <span
                data-booking-status={b.status}
                class="ml-2 rounded bg-stone-100 px-2 py-1 text-base font-medium"
              >
                {b.status.replace(/_/g, " ")}
              </span>
            </h1>
            <p class="mt-1 text-stone-700">
              {b.eventDate} at {b.slotTime} ({b.location.timezone}) ·{" "}
              {b.location.name} · Chef: {b.chef?.name ?? "Unassigned"}
            </p>

            <section class={box} aria-labelledby="event-h">
              <h2 id="event-h" class="text-lg font-semibold">Event</h2>
              <dl class="mt-2 grid grid-cols-1 gap-2 text-sm md:grid-cols-2">
                <div>
                  <dt class="text-stone-500">Customer</dt>
                  <dd>
                    {b.customer.name} · {b.customer.email} ·{" "}
                    {b.customer.phone ?? "no phone"}
                  </dd>
                </div>
                <div>
                  <dt class="text-stone-500">Address</dt>
                  <dd>
                    {b.address.line1}
                    {b.address.line2 ? `, ${b.address.line2}` : ""},{" "}
                    {b.address.city}, {b.address.state} {b.address.zip}{" "}
                    <a
                      href={b.address.mapUrl}
                      target="_blank"
                      rel="noopener noreferrer"
                      class="text-red-800 underline"
                      data-map-link
                    >
                      Map
                    </a>
                  </dd>
                </div>
                <div>
                  <dt class="text-stone-500">Party</dt>
                  <dd>
                    {b.guests} guests ({b.adults} adults, {b.children} children,
                    {" "}
                    {b.under6} under 6)
                  </dd>
                </div>
                <div>
                  <dt class="text-stone-500">Proteins</dt>
                  <dd>
                    <Counts counts={b.proteins} />
                    {Object.keys(b.extraProteins).length > 0 && (
                      <>
                        {" "}+ extra <Counts counts={b.extraProteins} />
                      </>
                    )}
                  </dd>
                </div>
                <div>
                  <dt class="text-stone-500">Add-ons</dt>
                  <dd>
                    <Counts counts={b.addons} />
                  </dd>
                </div>
                <div>
                  <dt class="text-stone-500">Notes / allergies</dt>
                  <dd class="whitespace-pre-line">{b.notes || "—"}</dd>
                </div>
              </dl>
            </section>

            {!isChef && (
              <section class={box} aria-labelledby="money-h">
                <h2 id="money-h" class="text-lg font-semibold">Money</h2>
                {Array.isArray(quote?.lines) && (
                  <table class="mt-2 min-w-full text-left text-sm">
                    <tbody>
                      {quote!.lines!.map((l) => (
                        <tr class="border-b border-stone-100">
                          <td class="py-1 pr-4">{l.label ?? l.code}</td>
                          <td class="py-1 pr-4">{l.quantity ?? ""}</td>
                          <td class="py-1 text-right">{usd(l.totalCents)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                <dl class="mt-2 grid grid-cols-2 gap-1 text-sm md:grid-cols-5">
                  <dt class="text-stone-500">Total</dt>
                  <dd>{usd(b.totalCents)}</dd>
                  <dt class="text-stone-500">Deposit</dt>
                  <dd>{usd(b.depositCents)}</dd>
                  <dt class="text-stone-500">Received</dt>
                  <dd>{usd(b.paidCents)}</dd>
                  <dt class="text-stone-500">Balance due</dt>
                  <dd data-balance>{usd(b.balanceDueCents)}</dd>
                  <dt class="text-stone-500">Refund due</dt>
                  <dd data-refund-due>{usd(b.refundDueCents)}</dd>
                </dl>

                <h3 class="mt-4 font-semibold">Payments ledger</h3>
                {b.payments.length === 0
                  ? <p class="text-sm text-stone-600">No payments yet.</p>
                  : (
                    <table class="mt-2 min-w-full text-left text-sm">
                      <thead class="text-stone-600">
                        <tr>
                          <th scope="col" class="pr-4">When</th>
                          <th scope="col" class="pr-4">Kind</th>
                          <th scope="col" class="pr-4">Method</th>
                          <th scope="col" class="pr-4">Amount</th>
                          <th scope="col" class="pr-4">By</th>
                          <th scope="col" class="pr-4">Note</th>
                        </tr>
                      </thead>
                      <tbody>
                        {b.payments.map((p) => (
                          <tr
                            data-payment={p.id}
                            class="border-t border-stone-100"
                          >
                            <td class="pr-4">
                              {p.at.replace("T", " ").slice(0, 16)}
                            </td>
                            <td class="pr-4">{p.ledgerKind}</td>
                            <td class="pr-4">{p.method}</td>
                            <td class="pr-4">
                              {usd(
                                p.kind === "refund"
                                  ? -p.amountCents
                                  : p.amountCents,
                              )}
                            </td>
                            <td class="pr-4">{p.by ?? "—"}</td>
                            <td class="pr-4">{p.note ?? ""}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                {b.refundsDue.length > 0 && (
                  <ul class="mt-2 text-sm">
                    {b.refundsDue.map((r) => (
                      <li data-refund-due-row={r.status}>
                        Refund {r.status}: {usd(r.amountCents - r.settledCents)}
                        {" "}
                        of {usd(r.amountCents)} — {r.reason}
                        {r.card && (
                          <span data-card-refund={r.card.status}>
                            {` · card refund through Stripe of ${
                              usd(r.card.amountCents)
                            }: ${r.card.status}`}
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                )}

                <div class="mt-4 grid gap-4 md:grid-cols-2">
                  {(["payment", "refund"] as const).map((op) => (
                    <form
                      method="post"
                      data-form={op}
                      class="flex flex-col gap-2"
                    >
                      <h3 class="font-semibold">
                        Record {op === "payment" ? "a payment" : "a refund"}
                      </h3>
                      <Hidden csrf={csrf} op={op} updatedAt={b.updatedAt} />
                      <input
                        type="hidden"
                        name="idempotencyKey"
                        value={`${op}-${data.formKey}`}
                      />
                      <label class="flex flex-col text-sm">
                        Method
                        <select class={input} name="method" required>
                          <option value="zelle">Zelle</option>
                          <option value="venmo">Venmo</option>
                          <option value="cash">Cash</option>
                          <option value="card">Card</option>
                        </select>
                      </label>
                      <label class="flex flex-col text-sm">
                        Amount (USD)
                        <input
                          class={input}
                          name="amount"
                          inputMode="decimal"
                          required
                          pattern="\$?[0-9,]+(\.[0-9]{1,2})?"
                        />
                      </label>
                      <label class="flex flex-col text-sm">
                        Note
                        <input class={input} name="note" maxLength={500} />
                      </label>
                      <label class="flex items-center gap-1 text-sm">
                        <input type="checkbox" name="confirm" required />{" "}
                        I confirm the amount
                      </label>
                      <ConfirmSubmit
                        name={op}
                        class={button}
                        label={`Record ${op}`}
                        question={`Record this ${op} for ${b.reference}?`}
                        fields={{
                          method: "Method",
                          amount: "Amount (USD)",
                          note: "Note",
                        }}
                      />
                    </form>
                  ))}
                </div>
              </section>
            )}

            {!isChef && (
              <section class={box} aria-labelledby="actions-h">
                <h2 id="actions-h" class="text-lg font-semibold">Actions</h2>
                <div class="mt-2 flex flex-col gap-3">
                  {b.status === "cancellation_requested" && (
                    <>
                      <ActionForm
                        csrf={csrf}
                        b={b}
                        action="approve_cancellation"
                        label="Approve cancellation"
                      />
                      <ActionForm
                        csrf={csrf}
                        b={b}
                        action="reject_cancellation"
                        label="Reject cancellation"
                      />
                    </>
                  )}
                  {["pending_deposit", "confirmed", "cancellation_requested"]
                    .includes(b.status) && (
                    <ActionForm
                      csrf={csrf}
                      b={b}
                      action="cancel"
                      label="Cancel booking"
                      needsReason
                    />
                  )}
                  {b.status === "confirmed" && (
                    <>
                      <ActionForm
                        csrf={csrf}
                        b={b}
                        action="complete"
                        label="Mark completed"
                      />
                      <ActionForm
                        csrf={csrf}
                        b={b}
                        action="no_show"
                        label="Mark no-show"
                      />
                    </>
                  )}
                </div>
              </section>
            )}

            {!isChef && data.suggestions.length > 0 && (
              <section class={box} aria-labelledby="chef-h">
                <h2 id="chef-h" class="text-lg font-semibold">Assign a chef</h2>
                <form method="post" data-form="chef">
                  <Hidden csrf={csrf} op="chef" updatedAt={b.updatedAt} />
                  <table class="mt-2 min-w-full text-left text-sm">
                    <thead class="text-stone-600">
                      <tr>
                        <th scope="col" class="pr-2">Pick</th>
                        <th scope="col" class="pr-4">Chef</th>
                        <th scope="col" class="pr-4">Score</th>
                        <th scope="col" class="pr-4">Distance</th>
                        <th scope="col" class="pr-4">Party fit</th>
                        <th scope="col" class="pr-4">Workload</th>
                        <th scope="col" class="pr-4">Rating</th>
                        <th scope="col" class="pr-4">Preference</th>
                        <th scope="col" class="pr-4">Available</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.suggestions.map((s, i) => (
                        <tr
                          data-suggestion={s.chefId}
                          class="border-t border-stone-100"
                        >
                          <td class="pr-2">
                            <input
                              type="radio"
                              name="chefId"
                              value={s.chefId}
                              aria-label={`Assign ${s.name}`}
                              disabled={!s.available}
                              checked={b.chef
                                ? b.chef.id === s.chefId
                                : i === 0 && s.available}
                            />
                          </td>
                          <td class="pr-4">{s.name}</td>
                          <td class="pr-4">{s.score.toFixed(2)}</td>
                          <td class="pr-4">
                            {s.breakdown.distance.toFixed(2)}
                            {s.miles !== null ? ` (${s.miles} mi)` : ""}
                          </td>
                          <td class="pr-4">
                            {s.breakdown.partyFit.toFixed(2)}
                          </td>
                          <td class="pr-4">
                            {s.breakdown.workload.toFixed(2)}
                          </td>
                          <td class="pr-4">{s.breakdown.rating.toFixed(2)}</td>
                          <td class="pr-4">
                            {s.breakdown.preference.toFixed(2)}
                          </td>
                          <td class="pr-4">
                            {s.available
                              ? "yes"
                              : `no (${s.unavailableReason ?? ""})`}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <button type="submit" class={`${button} mt-2`}>
                    Assign chef
                  </button>
                </form>
                <form method="post" data-form="bulk_assign" class="mt-2">
                  <Hidden
                    csrf={csrf}
                    op="bulk_assign"
                    updatedAt={b.updatedAt}
                  />
                  <input
                    type="hidden"
                    name="location"
                    value={b.location.slug}
                  />
                  <input type="hidden" name="date" value={b.eventDate} />
                  <button
                    type="submit"
                    class="rounded border border-stone-300 px-3 py-1"
                  >
                    Assign the best chef to every unassigned booking of{" "}
                    {b.eventDate}
                  </button>
                </form>
              </section>
            )}

            {!isChef && data.options &&
              ["pending_deposit", "confirmed"].includes(b.status) && (
              <section class={box} aria-labelledby="change-h">
                <h2 id="change-h" class="text-lg font-semibold">
                  Change the booking
                </h2>
                <div class="mt-2 grid gap-6 md:grid-cols-2">
                  <form
                    method="post"
                    data-form="reschedule"
                    class="flex flex-col gap-2"
                  >
                    <h3 class="font-semibold">Reschedule</h3>
                    <Hidden
                      csrf={csrf}
                      op="reschedule"
                      updatedAt={b.updatedAt}
                    />
                    <label class="flex flex-col text-sm">
                      New date
                      <input class={input} type="date" name="date" required />
                    </label>
                    <label class="flex flex-col text-sm">
                      Start time
                      <select class={input} name="time" required>
                        {data.options.slotTimes.map((t) => (
                          <option value={t} selected={t === b.slotTime}>
                            {t}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label class="flex flex-col text-sm">
                      Reason
                      <input class={input} name="reason" maxLength={2000} />
                    </label>
                    <label class="flex items-center gap-1 text-sm">
                      <input type="checkbox" name="waiveFee" />{" "}
                      Waive the reschedule fee
                    </label>
                    <label class="flex items-center gap-1 text-sm">
                      <input type="checkbox" name="confirm" required />{" "}
                      I confirm the move
                    </label>
                    <ConfirmSubmit
                      name="reschedule"
                      class={button}
                      label="Reschedule"
                      question={`Move ${b.reference}?`}
                      fields={{ date: "New date", time: "Start time" }}
                    />
                  </form>

                  <form
                    method="post"
                    data-form="party"
                    class="flex flex-col gap-2"
                  >
                    <h3 class="font-semibold">Party and menu (re-quoted)</h3>
                    <Hidden csrf={csrf} op="party" updatedAt={b.updatedAt} />
                    <div class="flex gap-2">
                      {([
                        ["adults", "Adults", b.adults],
                        ["children", "Children", b.children],
                        ["under6", "Under 6", b.under6],
                      ] as const).map(([name, label, value]) => (
                        <label class="flex flex-col text-sm">
                          {label}
                          <input
                            class={`${input} w-20`}
                            type="number"
                            min={0}
                            max={50}
                            name={name}
                            value={String(value)}
                          />
                        </label>
                      ))}
                    </div>
                    <fieldset class="flex flex-wrap gap-2 text-sm">
                      <legend>Protein servings (included, extra)</legend>
                      {data.options.proteins.map((p) => (
                        <span class="flex items-center gap-1">
                          <label>
                            {p.label}
                            <input
                              class={`${input} ml-1 w-16`}
                              type="number"
                              min={0}
                              max={200}
                              name={`protein:${p.code}`}
                              value={String(b.proteins[p.code] ?? 0)}
                            />
                          </label>
                          <label>
                            <span class="sr-only">extra {p.label}</span>
                            <input
                              class={`${input} w-14`}
                              type="number"
                              min={0}
                              max={200}
                              name={`extra:${p.code}`}
                              value={String(b.extraProteins[p.code] ?? 0)}
                            />
                          </label>
                        </span>
                      ))}
                    </fieldset>
                    <fieldset class="flex flex-wrap gap-2 text-sm">
                      <legend>Add-ons</legend>
                      {data.options.addons.map((a) => (
                        <label>
                          {a.label}
                          <input
                            class={`${input} ml-1 w-16`}
                            type="number"
                            min={0}
                            max={200}
                            name={`addon:${a.code}`}
                            value={String(b.addons[a.code] ?? 0)}
                          />
                        </label>
                      ))}
                    </fieldset>
                    <label class="flex flex-col text-sm">
                      Reason
                      <input class={input} name="reason" maxLength={2000} />
                    </label>
                    <label class="flex items-center gap-1 text-sm">
                      <input type="checkbox" name="override" />{" "}
                      Override the guest-count / menu cutoff (audited)
                    </label>
                    <button type="submit" class={button}>Save party</button>
                  </form>
                </div>
              </section>
            )}

            {!isChef && (
              <section class={box} aria-labelledby="mail-h">
                <h2 id="mail-h" class="text-lg font-semibold">
                  Resend a mail
                </h2>
                <form
                  method="post"
                  data-form="resend"
                  class="mt-2 flex flex-wrap items-end gap-2"
                >
                  <Hidden csrf={csrf} op="resend" updatedAt={b.updatedAt} />
                  <label class="flex flex-col text-sm">
                    Mail
                    <select class={input} name="kind">
                      {RESENDABLE_MAILS.map((k) => (
                        <option value={k}>{k.replace(/_/g, " ")}</option>
                      ))}
                    </select>
                  </label>
                  <button type="submit" class={button}>Resend</button>
                </form>
              </section>
            )}

            <section class={box} aria-labelledby="history-h">
              <h2 id="history-h" class="text-lg font-semibold">History</h2>
              <ol class="mt-2 text-sm">
                {b.events.map((e) => (
                  <li
                    data-event={e.type}
                    class="border-l-2 border-stone-200 pl-3 py-1"
                  >
                    <span class="text-stone-500">
                      {e.at.replace("T", " ").slice(0, 16)}
                    </span>{" "}
                    <strong>{e.type.replace(/_/g, " ")}</strong> by{" "}
                    {e.actorName ?? e.actor}
                    {e.note ? ` — ${e.note}` : ""}
                  </li>
                ))}
              </ol>
            </section>

            <section class={box} aria-labelledby="notes-h">
              <h2 id="notes-h" class="text-lg font-semibold">Internal notes</h2>
              <ul class="mt-2 text-sm">
                {b.internalNotes.map((n) => (
                  <li data-note={n.id} class="py-1">
                    <span class="text-stone-500">
                      {n.at.replace("T", " ").slice(0, 16)} · {n.by ?? "staff"}
                      {n.forChef ? " · for the chef" : ""}
                    </span>
                    <p class="whitespace-pre-line">{n.body}</p>
                  </li>
                ))}
              </ul>
              {!isChef && (
                <form
                  method="post"
                  data-form="note"
                  class="mt-2 flex flex-col gap-2"
                >
                  <Hidden csrf={csrf} op="note" updatedAt={b.updatedAt} />
                  <label class="flex flex-col text-sm">
                    Note
                    <textarea
                      class={input}
                      name="body"
                      required
                      maxLength={4000}
                    />
                  </label>
                  <label class="flex items-center gap-1 text-sm">
                    <input type="checkbox" name="forChef" /> Show to the chef
                  </label>
                  <button type="submit" class={button}>Add note</button>
                </form>
              )}
            </section>
          </>
        )}
      </AdminShell>
    </>
  );
}
