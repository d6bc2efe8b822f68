/**
 * Unit tests of the assistant's extractors: guests, ZIP, dates relative to an
 * injected now in America/Los_Angeles, proteins and add-ons.
 */
import { extractManageLink } from "../../lib/assistant/extract/manage_link.ts";
import assert from "node:assert/strict";
import { extractDateWish } from "../../lib/assistant/extract/dates.ts";
import { extractGuests } from "../../lib/assistant/extract/guests.ts";
import { extractMenu } from "../../lib/assistant/extract/menu.ts";
import { extractZip } from "../../lib/assistant/extract/zip.ts";
import { parseCount } from "../../lib/assistant/extract/number_words.ts";
import { DEFAULT_MENU, DEFAULT_PRICING } from "../../lib/pricing/mod.ts";

const TZ = "America/Los_Angeles";
/** Wednesday 2026-05-06 10:00 in Los Angeles. */
const NOW = new Date("2026-05-06T17:00:00Z");
/** Wednesday 2026-05-06 22:00 in Los Angeles, already Thursday in UTC. */
const LATE = new Date("2026-05-07T05:00:00Z");
const SLOTS = DEFAULT_PRICING.slotTimes;

Deno.test("parseCount reads digits and words", () => {
  assert.equal(parseCount("12"), 12);
  assert.equal(parseCount("twelve"), 12);
  assert.equal(parseCount("a dozen"), 12);
  assert.equal(parseCount("twenty-two"), 22);
  assert.equal(parseCount("a couple of"), 2);
  assert.equal(parseCount("banana"), null);
});

Deno.test("guests: adults, children and under 6", () => {
  const cases: Array<[string, Record<string, number>]> = [
    ["10 adults and 4 kids", { adults: 10, children: 4 }],
    ["party of 12", { adults: 12 }],
    ["price for a party of thirty", { adults: 30 }],
    ["15 people including 3 kids", { adults: 12, children: 3 }],
    ["20 guests plus 5 kids", { adults: 20, children: 5 }],
    ["2 toddlers", { under6: 2 }],
    ["kids under 6: 2", { under6: 2 }],
    ["adults: 8, kids: 3", { adults: 8, children: 3 }],
    ["we are twelve", { adults: 12 }],
    ["3 kids (1 under 5)", { children: 2, under6: 1 }],
    ["5 kids, 2 of them under 6", { children: 3, under6: 2 }],
    [
      "a dozen adults, two children aged 6-12 and a baby",
      { adults: 12, children: 2, under6: 1 },
    ],
    ["4 teens and 6 adults", { adults: 10 }],
    ["3 couples", { adults: 6 }],
    ["family of five, 2 adults 3 kids", { adults: 2, children: 3 }],
    ["dinner for 8 at 6pm", { adults: 8 }],
    ["twenty-two people", { adults: 22 }],
  ];
  for (const [text, want] of cases) {
    assert.deepEqual(extractGuests(text), want, text);
  }
});

Deno.test("guests: times, money, dates and ZIPs are not counts", () => {
  assert.deepEqual(extractGuests("Is June 13 at 6pm free?"), {});
  assert.deepEqual(extractGuests("we're in 95123"), {});
  assert.deepEqual(extractGuests("for 2 hours"), {});
});

Deno.test("ZIP: five digits, not amounts, references or phone numbers", () => {
  assert.equal(extractZip("we're in 95123"), "95123");
  assert.equal(extractZip("ZIP 94539-1234"), "94539");
  assert.equal(extractZip("between 94539 and 95814"), "95814");
  assert.equal(extractZip("can you do $12000?"), undefined);
  assert.equal(extractZip("booking MH-12345"), undefined);
  assert.equal(extractZip("call 5105550134"), undefined);
  assert.equal(extractZip("10 adults"), undefined);
});

Deno.test("dates: plain English relative to now in Los Angeles", () => {
  const cases: Array<[string, Record<string, string>]> = [
    ["next Saturday evening", { date: "2026-05-16", time: "18:00" }],
    ["this Saturday", { date: "2026-05-09" }],
    ["Dec 12", { date: "2026-12-12" }],
    ["Saturday the 16th", { date: "2026-05-16" }],
    ["on the 20th", { date: "2026-05-20" }],
    ["the 3rd", { date: "2026-06-03" }],
    ["this weekend", { from: "2026-05-09", to: "2026-05-10" }],
    ["next week", { from: "2026-05-11", to: "2026-05-17" }],
    ["in July", { from: "2026-07-01", to: "2026-07-31" }],
    ["June 3rd at noon", { date: "2026-06-03", time: "12:00" }],
    ["at 7pm on 6/13", { date: "2026-06-13", time: "18:00" }],
    ["tomorrow at 3", { date: "2026-05-07", time: "15:00" }],
    ["christmas eve", { date: "2026-12-24" }],
    ["a late dinner on New Year's Eve", { date: "2026-12-31", time: "21:00" }],
    ["friday night", { date: "2026-05-08", time: "18:00" }],
    ["March 14", { date: "2027-03-14" }],
    // chrono reads "6pm? 12" as a time range; it is one date.
    ["August 15 at 6pm? 12 adults", { date: "2026-08-15", time: "18:00" }],
  ];
  for (const [text, want] of cases) {
    assert.deepEqual(extractDateWish(text, NOW, TZ, SLOTS), want, text);
  }
});

Deno.test("dates: 'tomorrow' follows the location's calendar, not UTC's", () => {
  // 22:00 Wednesday in Los Angeles is Thursday in UTC; tomorrow is still Thursday.
  assert.deepEqual(extractDateWish("tomorrow", LATE, TZ, SLOTS), {
    date: "2026-05-07",
  });
  assert.deepEqual(extractDateWish("today", LATE, TZ, SLOTS), {
    date: "2026-05-06",
  });
});

Deno.test("dates: nothing when the message names none", () => {
  assert.deepEqual(extractDateWish("10 adults in 95123", NOW, TZ, SLOTS), {});
  assert.deepEqual(extractDateWish("how much is it?", NOW, TZ, SLOTS), {});
});

Deno.test("menu: proteins and add-ons by name and synonym, with counts", () => {
  const m = extractMenu(
    "4 lobster tails, filet for everyone, no shrimp, 2 orders of dumplings and extra veggies",
    DEFAULT_MENU,
  );
  assert.deepEqual(
    m.map((x) => [x.code, x.count, x.extra, x.perGuest]),
    [
      ["lobster_tail", 4, false, false],
      ["filet_mignon", undefined, false, true],
      ["gyoza", 2, false, false],
      ["extra_vegetables", undefined, false, false],
    ],
  );
});

Deno.test("menu: extra servings, negations and allergies", () => {
  const m = extractMenu("add 10 extra lobster tails", DEFAULT_MENU);
  assert.deepEqual(m.map((x) => [x.code, x.count, x.extra]), [
    ["lobster_tail", 10, true],
  ]);
  assert.deepEqual(extractMenu("allergic to shrimp", DEFAULT_MENU), []);
  assert.deepEqual(extractMenu("without calamari please", DEFAULT_MENU), []);
  assert.deepEqual(
    extractMenu("NY strip and prawns", DEFAULT_MENU).map((x) => x.code),
    ["steak", "shrimp"],
  );
});

Deno.test("menu: items off the active menu are not matched", () => {
  const menu = DEFAULT_MENU.map((i) =>
    i.code === "lobster_tail" ? { ...i, active: false } : i
  );
  assert.deepEqual(extractMenu("lobster for everyone", menu), []);
});

Deno.test("manage link: reference and token, absolute or relative, nothing else", () => {
  const token = "AbCdEf0123456789_-xyzXYZ";
  assert.deepEqual(
    extractManageLink(
      `my link: https://myhibachi.example/manage/mh-ab12cd?token=${token}.`,
    ),
    { reference: "MH-AB12CD", token },
    "a sentence's full stop after the link is not part of the token",
  );
  assert.deepEqual(
    extractManageLink(
      `my link: https://myhibachi.example/manage/MH-AB12CD?token=${token} thanks`,
    ),
    { reference: "MH-AB12CD", token },
  );
  assert.deepEqual(
    extractManageLink(`see /manage/mh-ab12cd?x=1&token=${token}`),
    { reference: "MH-AB12CD", token },
  );
  assert.equal(
    extractManageLink("booking MH-AB12CD, how do I cancel?"),
    undefined,
  );
  assert.equal(extractManageLink("/manage/MH-AB12CD?token=short"), undefined);
  assert.equal(extractManageLink(`/manage/../admin?token=${token}`), undefined);
});
