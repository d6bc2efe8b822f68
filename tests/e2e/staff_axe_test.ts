/**
 * Real Chromium: every /admin page (from the route manifest, so a new page
 * cannot be forgotten) as an admin, a manager and a chef passes axe-core
 * WCAG 2.1 AA with no serious or critical violation, pages a role may not
 * open included (their refusal page is a page too). Then the keyboard: on
 * the main pages each focus stop shows a visible focus indicator, and a
 * staff action's confirmation dialog is reached with Tab, keeps focus
 * inside, closes with Escape (nothing happens) and confirms with Enter.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import {
  axeViolations,
  launchChromium,
  openPage,
  QUIET_CONTEXT,
  settle,
  skipWithoutChromium,
  watchErrors,
} from "../support/browser.ts";
import { appManifest } from "../support/app.ts";
import { captureLogs } from "../../lib/observability/log.ts";
import { CHEFS, FREMONT } from "../db/fixtures.ts";
import {
  freeSlot,
  insertBooking,
  signInContext,
  startStaffApp,
} from "../staff/support.ts";
import type { TestApp } from "../support/app.ts";

const skip = skipWithoutChromium("staff axe and keyboard browser test");
const SERIOUS = ["serious", "critical"];

/** Files under routes/admin that are not pages (middleware, token, downloads). */
const NOT_PAGES = [
  "./routes/admin/_middleware.ts",
  "./routes/admin/token.ts",
  "./routes/admin/analytics/[file].ts",
  "./routes/admin/customers/[id]/export.ts",
];

/** Every /admin page's URL, dynamic segments filled with real targets. */
async function adminPages(
  targets: Record<string, string>,
): Promise<string[]> {
  const manifest = await appManifest();
  const pages: string[] = [];
  for (const file of Object.keys(manifest.routes)) {
    if (!file.startsWith("./routes/admin/") || NOT_PAGES.includes(file)) {
      continue;
    }
    // Route groups and Fresh's special files (_layout) are not pages.
    if (file.includes("(_") || file.includes("/_")) continue;
    const path = file.slice("./routes".length).replace(/\.tsx?$/, "")
      .replace(/\/index$/, "");
    const filled = path.replace(/\[(\w+)\]/g, (_, name: string) => {
      const value = targets[`${path}:${name}`];
      if (!value) throw new Error(`no target for ${path} (${name})`);
      return value;
    });
    pages.push(filled);
  }
  return pages.sort();
}

/** Whether the focused element shows a focus indicator (outline or ring). */
async function focusVisible(page: Page): Promise<string | null> {
  return await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "nothing focused";
    // A date field's last stop is its calendar button, inside Chromium's
    // own shadow tree: the host does not match :focus there, and the
    // button draws its own ring (static/staff.css styles it too).
    if (
      el.matches("input[type=date]") &&
      getComputedStyle(el).outlineStyle === "none"
    ) return null;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" &&
      parseFloat(s.outlineWidth) > 0;
    const ring = s.boxShadow !== "none";
    if (outline || ring) return null;
    return `${el.tagName.toLowerCase()} ${
      (el.textContent ?? "").trim().slice(0, 40)
    } has no visible focus`;
  });
}

/** Tabs through the first `stops` focus stops, collecting invisible ones. */
async function tabStops(page: Page, stops: number): Promise<string[]> {
  const problems: string[] = [];
  await page.locator("body").focus();
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press("Tab");
    const p = await focusVisible(page);
    if (p && p !== "nothing focused") problems.push(p);
  }
  return problems;
}

/**
 * Tabs of one role's context that open its pages side by side (a shared
 * queue). One: on the shared 2-core VM (load 5) one, two and three tabs
 * took 37, 43 and 39 s with more CPU for more tabs, and the suite already
 * runs modules side by side on both cores. Raise it on a machine with
 * cores to spare.
 */
const TABS = 1;

/** Titles of the refusal page (lib/staff/forbidden_page.ts) by status. */
const REFUSAL_TITLES: Record<number, string> = {
  403: "Not for your role",
  404: "Not found",
};

/**
 * The document's markup without its words: every element with its
 * attributes, each text only as present or empty. Two refusals with the
 * same skeleton differ in words alone, which axe's serious and critical
 * rules do not judge beyond present-or-empty.
 */
async function skeleton(page: Page): Promise<string> {
  return await page.evaluate(() => {
    const walk = (n: Node): string => {
      if (n.nodeType === Node.TEXT_NODE) {
        return (n.textContent ?? "").trim() ? "#" : "";
      }
      if (n.nodeType !== Node.ELEMENT_NODE) return "";
      const el = n as Element;
      const attrs = [...el.attributes].map((a) => ` ${a.name}="${a.value}"`);
      return `<${el.tagName}${attrs.join("")}>${
        [...el.childNodes].map(walk).join("")
      }</${el.tagName}>`;
    };
    return walk(document.documentElement);
  });
}

/**
 * Why the page is not an HTML refusal, or null: either the plain refusal
 * page (lib/staff/forbidden_page.ts: its title as heading, a link back to
 * the dashboard) or a staff page rendered with an error notice saying why.
 */
async function notRefusal(
  page: Page,
  status: number,
  headers: Record<string, string>,
): Promise<string | null> {
  const type = headers["content-type"] ?? "";
  if (!type.startsWith("text/html")) return `not HTML (${type})`;
  const h1 = (await page.locator("main > h1").allTextContents())[0];
  const back = await page.locator('main > p > a[href="/admin"]').count();
  if (h1 === REFUSAL_TITLES[status] && back === 1) return null;
  const notice = await page.locator('[data-notice="error"]').allTextContents();
  if (notice.length === 1 && notice[0].trim()) return null;
  return `neither the refusal page nor an error notice (h1 ${h1})`;
}

/**
 * Opens `url` (on `base`) in `page` and returns its problems: a 5xx, a page error or
 * console error (a refusal's own status excepted), axe's serious and
 * critical violations. A refused page (403, or 404 when RLS hides the
 * target) must be the HTML refusal page; it is scanned only when its
 * skeleton is not one of `refusals` already scanned for this role.
 */
async function checkPage(
  page: Page,
  errors: string[],
  base: string,
  url: string,
  refusals: Set<string>,
): Promise<string[]> {
  const found: string[] = [];
  const seen = errors.length;
  const res = await page.goto(`${base}${url}`);
  assert.ok(res, url);
  const status = res.status();
  assert.ok(status < 500, `${url}: ${status}`);
  // A plain refusal page has no script: its load event is the end.
  const scripted = status < 400 || await page.locator("script").count() > 0;
  await settle(page, { js: scripted });
  const own = `status of ${status}`;
  for (const e of errors.splice(seen)) {
    if (status < 400 || !e.includes(own)) found.push(`${url}: ${e}`);
  }
  if (status >= 400) {
    const problem = await notRefusal(page, status, res.headers());
    if (problem) found.push(`${url} (${status}): ${problem}`);
    const shape = await skeleton(page);
    if (refusals.has(shape)) return found;
    refusals.add(shape);
  }
  for (const v of await axeViolations(page, SERIOUS)) {
    found.push(`${url} (${status}): ${v}`);
  }
  return found;
}

async function conversationId(app: TestApp): Promise<string> {
  const res = await fetch(`${app.url}/functions/v1/assistant`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${app.parts.supabase.anonKey}`,
    },
    body: JSON.stringify({
      messages: [{ role: "user", content: "Can I talk to a real person?" }],
    }),
  });
  const body = await res.json();
  const ticket =
    body.actions.find((a: { type: string }) => a.type === "handoff").ticketId;
  const [{ id }] = await app.db.sql<{ id: string }[]>`
    select conversation_id as id from public.contact_messages
    where id = ${ticket}::uuid`;
  return id;
}

Deno.test({
  name: "browser: every staff page passes axe for each role; keyboard flows",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    const restoreLogs = captureLogs(() => {});
    const browser: Browser = await launchChromium();
    try {
      const { date, slot } = await freeSlot(app.db, [CHEFS.chef1]);
      const reference = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
        chefId: CHEFS.chef1,
      });
      const pages = await adminPages({
        "/admin/bookings/[ref]:ref": reference,
        "/admin/assistant/[id]:id": await conversationId(app),
        "/admin/customers/[id]:id": (await app.db.sql<{ id: string }[]>`
          select customer_id as id from public.bookings
          where reference = ${reference}`)[0].id,
      });
      assert.ok(pages.length >= 12, `pages found: ${pages.join(", ")}`);
      const signedIn: Record<string, Page> = {};

      for (const role of ["admin", "manager", "chef"] as const) {
        await t.step(`axe as ${role}`, async () => {
          const email = role === "chef"
            ? "chef1@myhibachi.example"
            : `${role}@myhibachi.example`;
          // A laptop-narrow window: tables must stay readable at 1280 px.
          const context = await browser.newContext({
            ...QUIET_CONTEXT,
            viewport: { width: 1280, height: 900 },
          });
          // Signed in once over HTTP (the browser sign-in is the staff
          // flows' test); the context's tabs share the session.
          await signInContext(context, app, email);
          const tabs = [await openPage(context)];
          signedIn[role] = tabs[0];
          while (tabs.length < TABS) tabs.push(await openPage(context));
          const found: string[] = [];
          const refusals = new Set<string>();
          const queue = [...pages];
          await Promise.all(tabs.map(async (page) => {
            const errors = watchErrors(page);
            for (let path = queue.shift(); path; path = queue.shift()) {
              // Managers and admins open a chef's prep list by chef id.
              const url = path !== "/admin/me/prep"
                ? path
                : role === "chef"
                ? `${path}?date=${date}`
                : `${path}?date=${date}&chef=${CHEFS.chef1}`;
              found.push(
                ...await checkPage(page, errors, app.url, url, refusals),
              );
            }
          }));
          assert.deepEqual(found.sort(), [], `${role}: violations and errors`);
        });
      }

      await t.step("keyboard: visible focus on the main pages", async () => {
        const page = signedIn.manager;
        for (
          const path of [
            "/admin",
            "/admin/bookings",
            `/admin/bookings/${reference}`,
            "/admin/calendar",
          ]
        ) {
          await page.goto(`${app.url}${path}`);
          await settle(page);
          assert.deepEqual(await tabStops(page, 25), [], path);
        }
        const chef = signedIn.chef;
        for (const path of ["/admin/me", `/admin/me/prep?date=${date}`]) {
          await chef.goto(`${app.url}${path}`);
          assert.deepEqual(await tabStops(chef, 15), [], path);
        }
      });

      await t.step(
        "keyboard: a confirmation dialog is reached, escaped and confirmed",
        async () => {
          const page = signedIn.manager;
          await page.goto(`${app.url}/admin/bookings/${reference}`);
          await settle(page);
          const form = page.locator('form[data-form="payment"]');
          await form.locator('input[name="amount"]').fill("100");
          // Tab from the amount to the form's submit button.
          await form.locator('input[name="amount"]').focus();
          for (let i = 0; i < 6; i++) {
            const onSubmit = await page.evaluate(() =>
              (document.activeElement as HTMLElement | null)?.matches?.(
                'form[data-form="payment"] button[type="submit"]',
              ) ?? false
            );
            if (onSubmit) break;
            await page.keyboard.press("Tab");
          }
          assert.equal(
            await page.evaluate(() =>
              document.activeElement?.matches(
                'form[data-form="payment"] button[type="submit"]',
              )
            ),
            true,
            "the submit button is reached with Tab",
          );
          await page.keyboard.press("Enter");
          const dialog = page.locator("dialog[open]");
          await dialog.waitFor();
          const said = (await dialog.textContent())!;
          assert.match(said, /Zelle/);
          assert.match(said, /100/);
          // Focus is inside the dialog and stays there.
          for (let i = 0; i < 4; i++) {
            assert.equal(
              await page.evaluate(() =>
                document.activeElement?.closest("dialog[open]") !== null
              ),
              true,
              "focus stays in the dialog",
            );
            assert.equal(await focusVisible(page), null);
            await page.keyboard.press("Tab");
          }
          await page.keyboard.press("Escape");
          await dialog.waitFor({ state: "detached" }).catch(() =>
            page.waitForSelector("dialog[open]", { state: "hidden" })
          );
          assert.equal(await page.locator("dialog[open]").count(), 0);
          assert.equal(
            await page.evaluate(() =>
              document.activeElement?.matches(
                'form[data-form="payment"] button[type="submit"]',
              )
            ),
            true,
            "focus returns to the button",
          );
          assert.equal(
            await page.getAttribute(
              "[data-booking-status]",
              "data-booking-status",
            ),
            "pending_deposit",
            "escape changed nothing",
          );
          // Again, confirmed from the keyboard this time.
          await page.keyboard.press("Enter");
          await dialog.waitFor();
          await page.locator("dialog[open] [data-confirm-yes]").focus();
          await page.keyboard.press("Enter");
          await page.waitForSelector('[data-notice="ok"]');
          assert.equal(
            await page.getAttribute(
              "[data-booking-status]",
              "data-booking-status",
            ),
            "confirmed",
          );
        },
      );
    } finally {
      await browser.close();
      restoreLogs();
      await app.dispose();
    }
  },
});
