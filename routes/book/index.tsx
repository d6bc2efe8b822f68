import type { FreshContext, Handlers, PageProps } from "$fresh/server.ts";
import { PARTY_ALT } from "../../lib/site/illustrations.ts";
import { formOrRefusal } from "../../lib/http/form_body.ts";
import { Container } from "../../components/Container.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SeoHead } from "../../components/SeoHead.tsx";
import {
  type BookStepData,
  BookSteps,
} from "../../components/booking/BookSteps.tsx";
import { WizardProgress } from "../../components/booking/WizardProgress.tsx";
import {
  BookingError,
  type Catalog,
  createBooking,
  createHold,
  quote,
  type QuoteAnswer,
  releaseHold,
  type RequestClient,
  schemaRules,
} from "../../lib/bookings/mod.ts";
import { catalogSource, requestClient } from "../../lib/http/route.ts";
import {
  bookableDates,
  bookingBodyOf,
  describeIssue,
  errorsOf,
  fieldOfIssue,
  firstBookableSlot,
  firstStepWithIssues,
  isMonth,
  isStep,
  issuesUpTo,
  loadPageCatalog,
  messageLimits,
  monthBounds,
  nextStep,
  openingMonth,
  partyMenuOf,
  quoteBodyOf,
  readWizardState,
  type Step,
  STEP_TITLES,
  stepOfPath,
  STEPS,
  type WizardState,
} from "../../lib/booking_form/mod.ts";
import { type AppParts, partsOf } from "../../lib/app/parts.ts";
import type { Db } from "../../lib/db/mod.ts";
import { confirmationPath } from "../../lib/links/mod.ts";
import {
  draftCookie,
  draftOf,
  encodeDraft,
} from "../../lib/booking_form/draft.ts";

type Ctx = FreshContext<Record<string, unknown>, BookStepData>;

/** Margin under which a hold is treated as gone (the form still has to post). */
const HOLD_MARGIN_MS = 30_000;

/** Loads what `step` shows and renders it. */
async function show(
  ctx: Ctx,
  db: Db,
  catalog: Catalog,
  step: Step,
  state: WizardState,
  errors: Record<string, string> = {},
  month?: string,
  firstVisit = false,
): Promise<Response> {
  const source = catalogSource(partsOf(ctx));
  const now = source.now;
  const data: BookStepData = {
    step,
    state,
    errors,
    menu: partyMenuOf(catalog),
    settings: catalog.settings,
    quote: null,
    slots: null,
    cardPayments: partsOf(ctx).payments !== null,
    smsEnabled: partsOf(ctx).sms !== null,
    focus: Object.keys(errors).length > 0
      ? "errors"
      : firstVisit
      ? "none"
      : "step",
  };
  if (step !== "party" && /^\d{5}$/.test(state.zip)) {
    try {
      data.quote = await quote(db, quoteBodyOf(state), source);
    } catch (err) {
      if (!(err instanceof BookingError)) throw err;
      // A location that does not serve the ZIP (or none we know): show the
      // nearest instead, with the error next to the choice.
      if (state.location && err.issues.some((i) => i.path === "location")) {
        state.location = "";
        data.quote = await quote(db, quoteBodyOf(state), source).catch(() =>
          null
        );
        if (data.quote) state.location = data.quote.location.slug;
      }
    }
  }
  if (step === "slot") {
    const m = month ??
      openingMonth(state.date, now, catalog.settings.minLeadHours);
    const where = data.quote?.location.slug;
    const bounds = monthBounds(now, catalog.settings.maxLeadDays);
    data.slots = {
      month: m,
      dates: await bookableDates(db, m, now, where),
      bounds,
      // "First available": the earliest free time from the opening month on.
      first: await firstBookableSlot(
        db,
        now,
        openingMonth("", now, catalog.settings.minLeadHours),
        bounds.last,
        where,
      ),
    };
  }
  const status = Object.keys(errors).length > 0 ? 422 : 200;
  const res = await ctx.render(data, { status });
  // The state (name, address…) rides in the page; keep it out of shared caches.
  res.headers.set("cache-control", "no-store");
  return res;
}

/** Issues of `state` up to `step`, as messages keyed by field, for the first failing step. */
function validate(
  state: WizardState,
  step: Step,
  catalog: Catalog,
): { step: Step; errors: Record<string, string> } | null {
  const issues = issuesUpTo(state, step, schemaRules(catalog));
  const first = firstStepWithIssues(issues);
  if (!first) return null;
  const errors: Record<string, string> = {};
  const limits = messageLimits(catalog);
  for (const issue of issues) {
    if (stepOfPath(issue.path) === first) {
      errors[fieldOfIssue(issue.path)] ??= describeIssue(issue, state, limits);
    }
  }
  return { step: first, errors };
}

/** Keeps the submitted hold when it is for the chosen slot and still running; else takes a new one. */
async function ensureHold(
  app: AppParts,
  state: WizardState,
  now: Date,
  client: RequestClient,
): Promise<void> {
  const { db } = app;
  const slot = `${state.date} ${state.time}`;
  const until = Date.parse(state.holdExpiresAt);
  if (
    state.holdId && state.holdSlot === slot &&
    until - now.getTime() > HOLD_MARGIN_MS
  ) return;
  if (/^[0-9a-f-]{36}$/i.test(state.holdId)) {
    await releaseHold(db, state.holdId, app.availabilityCache)
      .catch(() => false);
  }
  const hold = await createHold(
    db,
    {
      date: state.date,
      time: state.time,
      ...(state.location ? { location: state.location } : {}),
    },
    now,
    app.availabilityCache,
    client,
    app.funnel,
  );
  state.holdId = hold.holdId;
  state.holdExpiresAt = hold.expiresAt;
  state.holdSlot = slot;
}

/** Lets go of the state's hold (a new location or ZIP makes it wrong). */
async function dropHold(app: AppParts, state: WizardState): Promise<void> {
  if (/^[0-9a-f-]{36}$/i.test(state.holdId)) {
    await releaseHold(app.db, state.holdId, app.availabilityCache)
      .catch(() => false);
  }
  state.holdId = state.holdExpiresAt = state.holdSlot = "";
}

/**
 * The address step's choice of base: the state's location while it serves
 * the ZIP, else the nearest that does. Returns the quote from it.
 */
async function chooseBase(
  app: AppParts,
  state: WizardState,
): Promise<QuoteAnswer> {
  const before = state.location;
  let q: QuoteAnswer;
  try {
    q = await quote(app.db, quoteBodyOf(state), catalogSource(app));
  } catch (err) {
    // A base that does not serve the new ZIP (or an unknown one) gives way
    // to the nearest; anything else is the visitor's to fix.
    if (
      !(err instanceof BookingError) || !state.location ||
      !err.issues.some((i) => i.path === "location")
    ) throw err;
    state.location = "";
    q = await quote(app.db, quoteBodyOf(state), catalogSource(app));
  }
  state.location = q.location.slug;
  if (before !== state.location) await dropHold(app, state);
  return q;
}

/** The step a service refusal should send the visitor back to. */
function stepOfError(err: BookingError, step: Step): Step {
  // Too many holds / unpaid bookings from this client: stay where it happened.
  if (err.code === "TOO_MANY_PENDING" && err.issues.length === 0) return step;
  if (err.issues.some((i) => i.path === "location")) return "slot";
  if (err.code === "OUT_OF_SERVICE_AREA") return "address";
  if (err.code === "SLOT_FULL" || err.code === "OUTSIDE_BOOKING_WINDOW") {
    return "slot";
  }
  return firstStepWithIssues(err.issues) ?? "review";
}

/**
 * Post/Redirect/Get: keeps the outcome of a post in the draft cookie and
 * answers 303 to `GET /book?step=…`, so Back, Forward and reload never
 * re-post. A draft too big for a cookie is shown directly instead.
 */
async function prg(
  ctx: Ctx,
  db: Db,
  catalog: Catalog,
  step: Step,
  state: WizardState,
  errors: Record<string, string> = {},
  month?: string,
): Promise<Response> {
  const value = encodeDraft({ step, state, errors, month });
  if (value === null) {
    return await show(ctx, db, catalog, step, state, errors, month);
  }
  const query = new URLSearchParams({ step });
  if (month) query.set("month", month);
  return new Response(null, {
    status: 303,
    headers: {
      location: `/book?${query}`,
      "set-cookie": draftCookie(
        value,
        partsOf(ctx).publicUrl.startsWith("https:"),
      ),
      "cache-control": "no-store",
    },
  });
}

export const handler: Handlers<BookStepData> = {
  /**
   * A step of the draft (`?step=…`, where every post redirects to), or the
   * first step prefilled from the query (the quote calculator's "Book this
   * party").
   */
  async GET(req, ctx) {
    const app = partsOf(ctx);
    const db = app.db;
    const catalog = await loadPageCatalog(db, catalogSource(app));
    const params = new URL(req.url).searchParams;
    const draft = draftOf(req);
    // Plain /book (Back to the first step, or a return visit) resumes the draft.
    const wanted = params.size === 0 && draft ? "party" : params.get("step");
    if (isStep(wanted) && draft) {
      const month = params.get("month");
      // Never show a step whose earlier answers are missing (a stale
      // history entry): the first step that needs them comes instead.
      const before = STEPS[Math.max(0, STEPS.indexOf(wanted) - 1)];
      const invalid = wanted === "party"
        ? null
        : validate(draft.state, before, catalog);
      if (invalid) {
        return await show(ctx, db, catalog, invalid.step, draft.state, {});
      }
      return await show(
        ctx,
        db,
        catalog,
        wanted,
        draft.state,
        draft.step === wanted ? draft.errors : {},
        isMonth(month) ? month : draft.month,
      );
    }
    const state = readWizardState(params);
    if (params.size === 0 || (params.size === 1 && params.has("step"))) {
      state.gratuityPercent = catalog.settings.suggestedGratuityPercent;
    }
    return await show(ctx, db, catalog, "party", state, {}, undefined, true);
  },

  /** One submitted step: validate it, do its server work, show the next. */
  async POST(req, ctx) {
    const app = partsOf(ctx);
    const db = app.db;
    // The body first: an oversized or malformed post costs no database work.
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    const catalog = await loadPageCatalog(db, catalogSource(app));
    const rawStep = form.get("step");
    const step: Step = isStep(rawStep) ? rawStep : "party";
    const state = readWizardState(form);
    const action = form.get("action");
    const month = form.get("month");
    if (isMonth(month)) {
      return await prg(ctx, db, catalog, "slot", state, {}, month);
    }
    if (action === "relocate") {
      // The slot step's "Show times from this base": check it serves the ZIP.
      await dropHold(app, state);
      try {
        await quote(db, quoteBodyOf(state), catalogSource(app));
      } catch (err) {
        if (!(err instanceof BookingError)) throw err;
        return await prg(
          ctx,
          db,
          catalog,
          "slot",
          state,
          errorsOf(err, state, messageLimits(catalog)),
        );
      }
      return await prg(ctx, db, catalog, "slot", state);
    }
    if (action === "back") {
      const prev = STEPS[Math.max(0, STEPS.indexOf(step) - 1)];
      return await prg(ctx, db, catalog, prev, state);
    }
    if (isStep(action)) {
      // "Change" links on the review step jump back to an earlier step.
      return await prg(ctx, db, catalog, action, state);
    }
    const invalid = validate(state, step, catalog);
    if (invalid) {
      return await prg(ctx, db, catalog, invalid.step, state, invalid.errors);
    }
    const now = app.clock();
    try {
      if (step === "address") {
        const q = await chooseBase(app, state);
        if (!q.serviceable) {
          return await prg(ctx, db, catalog, "address", state, {
            zip:
              `ZIP ${state.zip} is ${q.travelMiles} miles from our nearest base, outside our service area (${catalog.settings.maxTravelMiles} miles). Contact us and we will try to help.`,
          });
        }
      } else if (step === "slot") {
        await ensureHold(app, state, now, await requestClient(app, req, ctx));
      } else if (step === "review") {
        const created = await createBooking(db, bookingBodyOf(state), {
          now,
          baseUrl: app.publicUrl,
          slots: app.availabilityCache,
          outbox: app.outbox,
          cardPayments: app.payments !== null,
          smsEnabled: app.sms !== null,
          client: await requestClient(app, req, ctx),
        });
        const token = new URL(created.manageUrl).searchParams.get("token") ??
          "";
        const to = confirmationPath(created.reference, token);
        // Booked: the draft is done (Back no longer offers a second booking).
        return new Response(null, {
          status: 303,
          headers: {
            location: to,
            "cache-control": "no-store",
            "set-cookie": draftCookie(null, app.publicUrl.startsWith("https:")),
          },
        });
      }
    } catch (err) {
      if (!(err instanceof BookingError)) throw err;
      const back = stepOfError(err, step);
      if (back === "slot") {
        state.holdId = state.holdExpiresAt = state.holdSlot = "";
      }
      const errors = errorsOf(err, state, messageLimits(catalog));
      if (err.code === "SLOT_FULL") {
        errors.date = "That date and time was just taken. Please pick another.";
        delete errors[""];
      }
      return await prg(ctx, db, catalog, back, state, errors);
    }
    return await prg(ctx, db, catalog, nextStep(step), state);
  },
};

/** The booking wizard: five server-rendered steps, enhanced by small islands. */
export default function BookPage({ data }: PageProps<BookStepData>) {
  return (
    <>
      <SeoHead
        title={`Book a hibachi chef: ${STEP_TITLES[data.step]}`}
        description="Book a private hibachi chef online: choose your menu, address, date and time, and pay a small deposit."
        path="/book"
      />
      <PageHeader
        title="Book your hibachi party"
        picture={{ name: "party", alt: PARTY_ALT }}
      />
      <Container class="py-8" narrow>
        <WizardProgress current={data.step} />
        <BookSteps {...data} />
      </Container>
    </>
  );
}
