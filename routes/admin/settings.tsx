import type { Handlers, PageProps } from "$fresh/server.ts";
import { roleForbiddenPage } from "../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import { formOrRefusal } from "../../lib/http/form_body.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { CSRF_FIELD } from "../../lib/auth/csrf.ts";
import type { PricingSettings } from "../../lib/pricing/types.ts";
import {
  createLocation,
  createMenuItem,
  listLocationEntries,
  type LocationEntry,
  previewSettings,
  saveSettings,
  settingsError,
  type SettingsOverview,
  settingsOverview,
  type SettingsPreview,
  type SettingsVersion,
  updateMenuItem,
} from "../../lib/settings/service.ts";
import {
  formValue,
  locationCreateFromForm,
  menuCreateFromForm,
  menuUpdateFromForm,
  settingsSaveFromForm,
} from "../../lib/settings/form.ts";
import { MONEY_FIELDS } from "../../lib/settings/schema.ts";
import type { ApiIssue } from "../../lib/http/errors.ts";
import type { AdminState } from "../../lib/staff/types.ts";
import { AdminShell } from "./(_components)/AdminShell.tsx";
import { usd } from "./(_components)/money.ts";

interface SettingsPageData {
  overview: SettingsOverview | null;
  locations: LocationEntry[];
  /** The version the form edits. */
  editing: SettingsVersion | null;
  /** Values to show in the form (the posted ones after a refusal or preview). */
  values: PricingSettings | null;
  effectiveFrom: string;
  preview?: SettingsPreview;
  notice?: { kind: "ok" | "error"; text: string };
  issues: ApiIssue[];
}

/** Field groups and labels, in SPEC §2 order. */
const GROUPS: { title: string; fields: [keyof PricingSettings, string][] }[] = [
  {
    title: "Prices",
    fields: [
      ["adultPriceCents", "Adult (13+) price ($)"],
      ["childPriceCents", "Child (6–12) price ($)"],
      ["proteinsPerGuest", "Protein servings per guest"],
      ["extraProteinCents", "Extra protein serving ($)"],
      ["minimumFoodCents", "Minimum food spend ($)"],
      ["salesTaxBps", "Sales tax (%)"],
      ["depositCents", "Deposit ($)"],
      ["suggestedGratuityPercent", "Suggested gratuity (%)"],
      ["maxGratuityPercent", "Maximum gratuity (%)"],
    ],
  },
  {
    title: "Travel",
    fields: [
      ["freeTravelMiles", "Free miles"],
      ["travelFeePerMileCents", "Fee per mile beyond ($)"],
      ["maxTravelMiles", "Service area maximum (miles)"],
    ],
  },
  {
    title: "Availability and booking",
    fields: [
      ["slotTimes", "Start times (HH:MM, comma-separated)"],
      ["maxPartySize", "Largest party online"],
      ["minLeadHours", "Bookable from (hours ahead)"],
      ["maxLeadDays", "Bookable up to (days ahead)"],
      ["holdMinutes", "Hold length (minutes)"],
      ["depositDueHours", "Deposit due within (hours)"],
    ],
  },
  {
    title: "Changes and cancellations",
    fields: [
      [
        "freeCancellationHours",
        "Deposit refunded when cancelled (hours before)",
      ],
      ["freeRescheduleHours", "Free reschedule until (hours before)"],
      ["rescheduleFeeCents", "Reschedule fee ($)"],
      ["guestCountFinalHours", "Guest count final (hours before)"],
      ["menuFinalHours", "Menu final (hours before)"],
    ],
  },
  {
    title: "Payments and limits",
    fields: [
      ["zelleHandle", "Zelle handle"],
      ["venmoHandle", "Venmo handle"],
      ["paymentMarginCents", "Payment may exceed balance by ($)"],
      ["maxHoldsPerClient", "Holds per client"],
      ["maxUnpaidBookings", "Unpaid bookings per contact (24 h)"],
    ],
  },
  {
    title: "Insights pricing bounds",
    fields: [
      ["maxSurchargePercent", "Largest busy-date surcharge (%)"],
      ["maxPromotionPercent", "Largest slow-date promotion (%)"],
    ],
  },
];

function editingVersion(
  overview: SettingsOverview,
  id: string | null,
): SettingsVersion {
  const wanted = id ? overview.versions.find((v) => String(v.id) === id) : null;
  return wanted ?? overview.inForce;
}

function defaultDate(overview: SettingsOverview, v: SettingsVersion): string {
  return v.effectiveFrom > overview.today ? v.effectiveFrom : overview.today;
}

function redirect(notice: string, version?: number): Response {
  const q = new URLSearchParams({ notice });
  if (version) q.set("version", String(version));
  return new Response(null, {
    status: 303,
    headers: { location: `/admin/settings?${q}` },
  });
}

function forbidden(): Response {
  return roleForbiddenPage("only admins manage the business settings.");
}

export const handler: Handlers<SettingsPageData, AdminState> = {
  async GET(_req, ctx) {
    if (ctx.state.staff.role !== "admin") return forbidden();
    const app = partsOf(ctx);
    const overview = await settingsOverview(
      app.db,
      ctx.state.claims,
      ctx.state.staff.role,
      app.clock(),
    );
    const editing = editingVersion(
      overview,
      ctx.url.searchParams.get("version"),
    );
    const notice = ctx.url.searchParams.get("notice");
    return ctx.render({
      overview,
      locations: await listLocationEntries(app.db, ctx.state.claims),
      editing,
      values: editing.settings,
      effectiveFrom: defaultDate(overview, editing),
      notice: notice ? { kind: "ok", text: notice } : undefined,
      issues: [],
    });
  },
  async POST(req, ctx) {
    const app = partsOf(ctx);
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    const action = form.get("_action");
    const claims = ctx.state.claims;
    const role = ctx.state.staff.role;
    let posted: ReturnType<typeof settingsSaveFromForm> | null = null;
    try {
      switch (action) {
        case "preview":
        case "save": {
          posted = settingsSaveFromForm(form);
          if (action === "save") {
            // No role check here: the database refuses anyone but an admin.
            const saved = await saveSettings(
              app.db,
              claims,
              posted,
              app.clock(),
            );
            return redirect(
              `Saved: settings in force from ${saved.effectiveFrom} (version ${saved.id}, revision ${saved.revision}).`,
              saved.id,
            );
          }
          const overview = await settingsOverview(
            app.db,
            claims,
            role,
            app.clock(),
          );
          const base = editingVersion(overview, String(posted.baseVersionId));
          const after = { ...base.settings, ...posted.settings };
          return ctx.render({
            overview,
            locations: await listLocationEntries(app.db, claims),
            editing: base,
            values: after,
            effectiveFrom: posted.effectiveFrom,
            preview: previewSettings(base.settings, after, overview.menu),
            issues: [],
          });
        }
        case "menu_create": {
          const item = await createMenuItem(
            app.db,
            claims,
            menuCreateFromForm(form),
          );
          return redirect(`Added ${item.label} to the menu.`);
        }
        case "location_create": {
          const loc = await createLocation(
            app.db,
            claims,
            locationCreateFromForm(form),
          );
          return redirect(`Added the ${loc.name} location.`);
        }
        case "menu_update": {
          const code = String(form.get("code") ?? "");
          const kind = String(form.get("kind") ?? "");
          const item = await updateMenuItem(
            app.db,
            claims,
            role,
            code,
            menuUpdateFromForm(form, kind),
          );
          return redirect(
            item.active ? `Saved ${item.label}.` : `Retired ${item.label}.`,
          );
        }
        default:
          return new Response("Unknown form.", { status: 422 });
      }
    } catch (err) {
      const m = settingsError(err);
      if (!m) throw err;
      if (role !== "admin") {
        return new Response(`Forbidden: ${m.message}`, {
          status: m.status === 403 ? 403 : m.status,
          headers: { "content-type": "text/plain; charset=utf-8" },
        });
      }
      const overview = await settingsOverview(
        app.db,
        claims,
        role,
        app.clock(),
      );
      const editing = editingVersion(
        overview,
        posted ? String(posted.baseVersionId) : null,
      );
      const detail = m.issues.length
        ? ` (${m.issues.map((i) => `${i.path}: ${i.message}`).join("; ")})`
        : "";
      return ctx.render({
        overview,
        locations: await listLocationEntries(app.db, claims),
        editing,
        values: posted ? { ...editing.settings, ...posted.settings } : editing
          .settings,
        effectiveFrom: posted?.effectiveFrom ?? defaultDate(overview, editing),
        notice: { kind: "error", text: `${m.message}${detail}` },
        issues: m.issues,
      }, { status: m.status });
    }
  },
};

const input = "mt-1 block w-full rounded border border-stone-300 px-2 py-1";
const button = "rounded bg-red-800 px-3 py-1 font-semibold text-white";
const secondary = "rounded border border-stone-400 px-3 py-1 font-semibold";

function PreviewTable({ preview }: { preview: SettingsPreview }) {
  const rows = [
    ["Before", preview.before],
    ["After", preview.after],
  ] as const;
  return (
    <section
      class="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-4"
      aria-labelledby="preview-title"
      data-preview
    >
      <h2 id="preview-title" class="text-lg font-semibold">
        Preview: a typical party
      </h2>
      <p class="text-sm text-stone-700">
        8 adults, 2 children and 1 under 6, two premium upgrades and two
        add-ons, within the free travel miles.
      </p>
      <table class="mt-2 text-sm">
        <thead>
          <tr>
            <th scope="col" class="pr-4 text-left">Settings</th>
            <th scope="col" class="pr-4 text-right">Food</th>
            <th scope="col" class="pr-4 text-right">Tax</th>
            <th scope="col" class="pr-4 text-right">Total</th>
            <th scope="col" class="pr-4 text-right">Deposit</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, ex]) => (
            <tr key={label} data-preview-row={label.toLowerCase()}>
              <th scope="row" class="pr-4 text-left">{label}</th>
              {ex
                ? (
                  <>
                    <td class="pr-4 text-right">
                      {usd(
                        ex.quote.foodSubtotalCents +
                          ex.quote.minimumAdjustmentCents,
                      )}
                    </td>
                    <td class="pr-4 text-right">{usd(ex.quote.taxCents)}</td>
                    <td class="pr-4 text-right" data-total>
                      {usd(ex.quote.totalCents)}
                    </td>
                    <td class="pr-4 text-right">
                      {usd(ex.quote.depositCents)}
                    </td>
                  </>
                )
                : <td colSpan={4}>cannot be priced under these settings</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {preview.differenceCents !== null && (
        <p class="mt-2 font-semibold" data-difference={preview.differenceCents}>
          Difference: {preview.differenceCents >= 0 ? "+" : "−"}
          {usd(Math.abs(preview.differenceCents))} per typical party
        </p>
      )}
    </section>
  );
}

/** `/admin/settings` (admins): effective-dated SPEC §2 numbers and the menu. */
export default function SettingsPage(
  { data, state, url }: PageProps<SettingsPageData, AdminState>,
) {
  const o = data.overview;
  const v = data.editing;
  const values = data.values;
  const issueFor = (field: string) =>
    data.issues.find((i) => i.path === `settings.${field}`);
  return (
    <>
      <SeoHead
        title="Settings"
        description="MyHibachi business settings."
        path="/admin/settings"
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path={url.pathname}>
        <h1 class="mt-6 text-2xl font-bold text-stone-900">
          Business settings
        </h1>
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
        {o && v && values && (
          <>
            <p class="mt-4 text-stone-700" data-in-force={o.inForce.id}>
              Today ({o.today}) the settings of version {o.inForce.id}{" "}
              are in force (since {o.inForce.effectiveFrom}).
              {o.scheduled.length > 0 &&
                ` Scheduled: ${
                  o.scheduled.map((s) => `${s.effectiveFrom} (version ${s.id})`)
                    .join(", ")
                }.`}
            </p>
            {data.preview && <PreviewTable preview={data.preview} />}
            <form
              method="post"
              action="/admin/settings"
              class="mt-6 space-y-6"
              data-form="settings"
            >
              <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
              <input type="hidden" name="baseVersionId" value={String(v.id)} />
              <input
                type="hidden"
                name="baseRevision"
                value={String(v.revision)}
              />
              <p class="text-sm text-stone-600">
                Editing version {v.id} (from {v.effectiveFrom}, revision{" "}
                {v.revision}). Keep its date to change it in place (today or
                later only), or pick another date to schedule a new version.
                Bookings already made keep their quote.
              </p>
              <div class="flex flex-wrap gap-4">
                <label class="block">
                  <span class="block font-medium">In force from</span>
                  <input
                    type="date"
                    name="effectiveFrom"
                    required
                    min={o.today}
                    value={data.effectiveFrom}
                    class={input}
                  />
                </label>
                <label class="block grow">
                  <span class="block font-medium">Note (optional)</span>
                  <input name="note" maxLength={500} class={input} />
                </label>
              </div>
              {GROUPS.map((g) => (
                <fieldset
                  key={g.title}
                  class="rounded-lg border border-stone-200 p-4"
                >
                  <legend class="px-1 font-semibold">{g.title}</legend>
                  <div class="grid gap-4 sm:grid-cols-3">
                    {g.fields.map(([field, label]) => {
                      const issue = issueFor(field);
                      const textual = field === "slotTimes" ||
                        field === "zelleHandle" || field === "venmoHandle";
                      return (
                        <label key={field} class="block">
                          <span class="block text-sm font-medium">{label}</span>
                          <input
                            name={field}
                            required={field !== "zelleHandle" &&
                              field !== "venmoHandle"}
                            inputMode={textual
                              ? undefined
                              : MONEY_FIELDS.has(field) ||
                                  field === "salesTaxBps"
                              ? "decimal"
                              : "numeric"}
                            value={formValue(field, values)}
                            aria-invalid={issue ? "true" : undefined}
                            aria-describedby={issue
                              ? `${field}-error`
                              : undefined}
                            class={input}
                          />
                          {issue && (
                            <span
                              id={`${field}-error`}
                              class="text-sm text-red-800"
                              data-issue={field}
                            >
                              {issue.message}
                            </span>
                          )}
                        </label>
                      );
                    })}
                  </div>
                </fieldset>
              ))}
              <div class="flex gap-3">
                <button
                  type="submit"
                  name="_action"
                  value="preview"
                  class={secondary}
                >
                  Preview
                </button>
                <button
                  type="submit"
                  name="_action"
                  value="save"
                  class={button}
                >
                  Save
                </button>
              </div>
            </form>

            <h2 class="mt-10 text-xl font-semibold">Versions</h2>
            <table class="mt-2 min-w-full text-left text-sm">
              <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                  <th scope="col" class="py-2 pr-4">Version</th>
                  <th scope="col" class="py-2 pr-4">In force from</th>
                  <th scope="col" class="py-2 pr-4">Adult / child</th>
                  <th scope="col" class="py-2 pr-4">Deposit</th>
                  <th scope="col" class="py-2 pr-4">Note</th>
                  <th scope="col" class="py-2 pr-4"></th>
                </tr>
              </thead>
              <tbody>
                {o.versions.map((ver) => (
                  <tr
                    key={ver.id}
                    data-version={ver.id}
                    class="border-b border-stone-100"
                  >
                    <td class="py-2 pr-4">
                      {ver.id} (rev {ver.revision})
                      {ver.id === o.inForce.id && " · in force"}
                      {ver.effectiveFrom > o.today && " · scheduled"}
                    </td>
                    <td class="py-2 pr-4">{ver.effectiveFrom}</td>
                    <td class="py-2 pr-4">
                      {usd(ver.settings.adultPriceCents)} /{" "}
                      {usd(ver.settings.childPriceCents)}
                    </td>
                    <td class="py-2 pr-4">{usd(ver.settings.depositCents)}</td>
                    <td class="py-2 pr-4">{ver.note ?? ""}</td>
                    <td class="py-2 pr-4">
                      <a
                        class="text-red-800 underline"
                        href={`/admin/settings?version=${ver.id}`}
                      >
                        Edit from this
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>

            <h2 class="mt-10 text-xl font-semibold">Locations</h2>
            <ul class="mt-2 text-sm">
              {data.locations.map((l) => (
                <li key={l.id} data-location={l.slug}>
                  {l.name} ({l.slug}) · ZIP {l.zip} · {l.timezone}
                  {!l.active && " · inactive"}
                </li>
              ))}
            </ul>
            <form
              method="post"
              action="/admin/settings"
              class="mt-4 flex flex-wrap items-end gap-3"
              data-form="location-create"
            >
              <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
              <input type="hidden" name="_action" value="location_create" />
              <label class="block">
                <span class="block text-sm font-medium">Name</span>
                <input name="name" required maxLength={100} class={input} />
              </label>
              <label class="block">
                <span class="block text-sm font-medium">Slug</span>
                <input
                  name="slug"
                  required
                  pattern="[a-z0-9]+(-[a-z0-9]+)*"
                  maxLength={60}
                  class={input}
                />
              </label>
              <label class="block">
                <span class="block text-sm font-medium">ZIP</span>
                <input
                  name="zip"
                  required
                  inputMode="numeric"
                  pattern="[0-9]{5}"
                  class={input}
                />
              </label>
              <label class="block">
                <span class="block text-sm font-medium">Time zone</span>
                <input
                  name="timezone"
                  required
                  value="America/Los_Angeles"
                  class={input}
                />
              </label>
              <button type="submit" class={button}>Add location</button>
            </form>

            <h2 class="mt-10 text-xl font-semibold">Menu</h2>
            <p class="text-sm text-stone-600">
              Retired items leave the menu and new quotes; bookings that ordered
              them keep them. Menu changes apply at once.
            </p>
            <table class="mt-2 min-w-full text-left text-sm">
              <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                  <th scope="col" class="py-2 pr-4">Code</th>
                  <th scope="col" class="py-2 pr-4">Kind</th>
                  <th scope="col" class="py-2 pr-4">Label and price ($)</th>
                  <th scope="col" class="py-2 pr-4">Status</th>
                </tr>
              </thead>
              <tbody>
                {o.menu.map((m) => (
                  <tr
                    key={m.code}
                    data-menu-item={m.code}
                    data-active={String(m.active)}
                    class="border-b border-stone-100"
                  >
                    <td class="py-2 pr-4">{m.code}</td>
                    <td class="py-2 pr-4">
                      {m.kind === "protein"
                        ? m.premiumSurchargeCents > 0
                          ? "premium protein"
                          : "protein"
                        : "add-on"}
                    </td>
                    <td class="py-2 pr-4">
                      <form
                        method="post"
                        action="/admin/settings"
                        class="flex flex-wrap gap-2"
                      >
                        <input
                          type="hidden"
                          name={CSRF_FIELD}
                          value={state.csrf}
                        />
                        <input
                          type="hidden"
                          name="_action"
                          value="menu_update"
                        />
                        <input type="hidden" name="code" value={m.code} />
                        <input type="hidden" name="kind" value={m.kind} />
                        <input
                          name="label"
                          aria-label={`Label of ${m.code}`}
                          value={m.label}
                          maxLength={100}
                          class="rounded border border-stone-300 px-2 py-1"
                        />
                        <input
                          name="price"
                          inputMode="decimal"
                          aria-label={m.kind === "protein"
                            ? `Premium surcharge of ${m.code} ($)`
                            : `Price of ${m.code} ($)`}
                          value={((m.kind === "protein"
                            ? m.premiumSurchargeCents
                            : m.priceCents) / 100).toFixed(2)}
                          class="w-24 rounded border border-stone-300 px-2 py-1"
                        />
                        <button
                          type="submit"
                          name="op"
                          value="save"
                          class={secondary}
                        >
                          Save
                        </button>
                        <button
                          type="submit"
                          name="op"
                          value={m.active ? "retire" : "restore"}
                          class={secondary}
                        >
                          {m.active ? "Retire" : "Restore"}
                        </button>
                      </form>
                    </td>
                    <td class="py-2 pr-4">
                      {m.active ? "on the menu" : "retired"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <form
              method="post"
              action="/admin/settings"
              class="mt-6 flex flex-wrap items-end gap-3"
              data-form="menu-create"
            >
              <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
              <input type="hidden" name="_action" value="menu_create" />
              <label class="block">
                <span class="block text-sm font-medium">Code</span>
                <input
                  name="code"
                  required
                  pattern="[a-z][a-z0-9_]*"
                  maxLength={40}
                  class={input}
                />
              </label>
              <label class="block">
                <span class="block text-sm font-medium">Kind</span>
                <select name="kind" class={input}>
                  <option value="protein">protein</option>
                  <option value="addon">add-on</option>
                </select>
              </label>
              <label class="block">
                <span class="block text-sm font-medium">Label</span>
                <input name="label" required maxLength={100} class={input} />
              </label>
              <label class="block">
                <span class="block text-sm font-medium">
                  Surcharge or price ($)
                </span>
                <input
                  name="price"
                  inputMode="decimal"
                  value="0.00"
                  class={input}
                />
              </label>
              <button type="submit" class={button}>Add to menu</button>
            </form>
          </>
        )}
      </AdminShell>
    </>
  );
}
