/**
 * Real Chromium for browser tests: Debian's `/usr/bin/chromium` driven by
 * playwright-core with the flags this machine needs, plus the checks several
 * suites share (page errors, axe-core WCAG 2.1 AA).
 *
 * @module
 */
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
  type Request,
} from "playwright-core";

/**
 * The Chromium the tests drive: Debian's headless shell
 * (`apt-get install -y chromium-headless-shell`) when installed, the same
 * Blink without the desktop browser around it, which costs about a third
 * less CPU per test (ADR 0053); else the full browser.
 */
export const CHROMIUM_PATH: string = [
  "/usr/bin/chromium-headless-shell",
  "/usr/bin/chromium",
].find(isFile) ?? "/usr/bin/chromium";

/**
 * Launch flags: headless as root, and no background networking, which this
 * machine's closed network would refuse at every start.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True when Chromium is installed; browser tests are ignored otherwise. */
export const hasChromium: boolean = isFile(CHROMIUM_PATH);

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * Say clearly that `suite` is skipped when Chromium is missing; returns
 * the value for `Deno.test({ ignore })`.
 */
export function skipWithoutChromium(suite: string): boolean {
  if (!hasChromium) {
    console.log(
      `${suite} skipped: ${CHROMIUM_PATH} is not installed (apt-get install -y chromium)`,
    );
  }
  return !hasChromium;
}

/** Start a headless Chromium. */
export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  });
}

/**
 * Runs `fn` with one headless Chromium and closes it afterwards: a test
 * with several steps launches once and gives each step its own context
 * (`browser.newContext()`: separate cookies, storage and cache), which
 * isolates steps as separate browsers would, without a launch each.
 */
export async function withChromium<T>(
  fn: (browser: Browser) => Promise<T>,
): Promise<T> {
  const browser = await launchChromium();
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/** Collects page errors and console errors (CSP violations land there). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}

const AXE_SOURCE = Deno.readTextFileSync(
  new URL("../../node_modules/axe-core/axe.min.js", import.meta.url),
);

/** WCAG 2.1 A and AA rules. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Context options the browser tests share: reduced motion, so no
 * transition is still running when a check or a screenshot reads the page.
 */
export const QUIET_CONTEXT = { reducedMotion: "reduce" } as const;

const pending = new WeakMap<Page, Set<Request>>();

/**
 * A new page of `context` whose requests are followed, so {@link settle}
 * can tell when none is in flight.
 */
export async function openPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const open = new Set<Request>();
  pending.set(page, open);
  page.on("request", (r) => {
    // Event streams stay open by design (websockets are not requests).
    if (r.resourceType() !== "eventsource") open.add(r);
  });
  page.on("requestfinished", (r) => open.delete(r));
  page.on("requestfailed", (r) => open.delete(r));
  return page;
}

/**
 * Waits until the page is ready to be checked, without Playwright's
 * `networkidle` (a fixed 500 ms of silence after every load): the load
 * event; then, unless `js` is false (scripts blocked), every island
 * hydrated (Fresh replaces each island's `frsh-` marker comment when it
 * revives it); then the effects of the first render flushed and no request
 * in flight, twice in a row, so that a fetch started by the answer of
 * another is waited for too. The page must come from {@link openPage}.
 */
export async function settle(
  page: Page,
  { js = true }: { js?: boolean } = {},
): Promise<void> {
  const open = pending.get(page);
  if (!open) throw new Error("settle() needs a page from openPage()");
  await page.waitForLoadState("load");
  if (!js) return;
  await page.waitForFunction(() => {
    const walker = document.createTreeWalker(
      document.body,
      NodeFilter.SHOW_COMMENT,
    );
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (/^frsh-(?!slot-|partial:|key:).+:\d+:/.test(n.nodeValue ?? "")) {
        return false;
      }
    }
    return true;
  });
  for (let quiet = 0; quiet < 2;) {
    // Two frames and a task: Preact runs effects after paint.
    await page.evaluate(() =>
      new Promise((done) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => setTimeout(done, 0))
        )
      )
    );
    if (open.size === 0) {
      quiet++;
    } else {
      quiet = 0;
      await Promise.race(
        [...open].map((r) => r.response().then((res) => res?.finished())),
      );
    }
  }
}

/** The booking status a page shows (`data-booking-status`), or null. */
export async function bookingStatus(page: Page): Promise<string | null> {
  return await page.getAttribute(
    "[data-booking-status]",
    "data-booking-status",
  );
}

/**
 * axe-core WCAG 2.1 AA violations on the current page, one line each
 * (rule, impact, first targets). `impacts` keeps only those impacts
 * (default: all).
 */
export async function axeViolations(
  page: Page,
  impacts?: readonly string[],
): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP does not
  // apply; once per document (client navigation keeps it).
  if (!await page.evaluate(() => "axe" in globalThis)) {
    await page.evaluate(AXE_SOURCE);
  }
  const all = await page.evaluate(async (tags) => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    const run = await axe.run(document, {
      runOnly: { type: "tag", values: tags },
      // Only violations are read: skip building passes and incomplete.
      resultTypes: ["violations"],
    });
    return run.violations.map((
      v: { id: string; impact: string; nodes: { target: string[] }[] },
    ) => ({
      impact: v.impact,
      line: `${v.id} (${v.impact}): ${
        v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")
      }`,
    }));
  }, AXE_TAGS) as { impact: string; line: string }[];
  return all
    .filter((v) => !impacts || impacts.includes(v.impact))
    .map((v) => v.line);
}
