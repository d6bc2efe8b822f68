/**
 * A held-out set: messages written after the rules were tuned on cases.ts and
 * never used to tune them. `deno task eval:assistant` reports it separately
 * so the main score's author bias is visible; no test asserts on it.
 */
import type { EvalCase } from "./cases.ts";

const base = (n: number) => ({ chicken: n, steak: n });

export const HOLDOUT: readonly EvalCase[] = [
  {
    id: "ho01",
    say:
      "hey what would you charge for my daughter's sweet 16, about 18 teens and 4 parents, we live in 95132",
    intent: "quote",
    calls: [{
      name: "get_quote",
      args: { adults: 22, children: 0, proteins: base(22), zip: "95132" },
    }],
  },
  {
    id: "ho02",
    say: "Ballpark for 10 grown-ups and 6 little kids (ages 7-10) in 94560?",
    intent: "quote",
    calls: [{
      name: "get_quote",
      args: { adults: 10, children: 6, proteins: base(16), zip: "94560" },
    }],
  },
  {
    id: "ho03",
    say: "Need pricing. 25 ppl. Zip code 95747.",
    intent: "quote",
    calls: [{
      name: "get_quote",
      args: { adults: 25, children: 0, proteins: base(25), zip: "95747" },
    }],
  },
  {
    id: "ho04",
    say: "what's the damage for 14 adults with shrimp and filet, 94403",
    intent: "quote",
    calls: [{
      name: "get_quote",
      args: {
        adults: 14,
        children: 0,
        proteins: { shrimp: 14, filet_mignon: 14 },
        zip: "94403",
      },
    }],
  },
  {
    id: "ho05",
    say:
      "How much is it if there are 8 of us in 95008 and we want gyoza for the table x3",
    intent: "quote",
    calls: [{
      name: "get_quote",
      args: {
        adults: 8,
        children: 0,
        proteins: base(8),
        addons: { gyoza: 3 },
        zip: "95008",
      },
    }],
  },
  {
    id: "ho06",
    say: "do you have a chef free on memorial day weekend?",
    intent: "availability",
    calls: [{
      name: "check_availability",
      args: { from: "2026-05-23", to: "2026-05-24" },
    }],
  },
  {
    id: "ho07",
    say: "Any chance you have Sat June 27 at 6?",
    intent: "availability",
    calls: [{
      name: "check_availability",
      args: { from: "2026-06-27", to: "2026-06-27", time: "18:00" },
    }],
  },
  {
    id: "ho08",
    say: "looking at the 2nd or 3rd week of july, what do you have",
    intent: "availability",
    calls: [{
      name: "check_availability",
      args: { from: "2026-07-01", to: "2026-07-31" },
    }],
  },
  {
    id: "ho09",
    say: "is sept 12 open for dinner",
    intent: "availability",
    calls: [{
      name: "check_availability",
      args: { from: "2026-09-12", to: "2026-09-12", time: "18:00" },
    }],
  },
  {
    id: "ho10",
    say: "Can we lock in August 15 at 6pm? 12 adults, 94539",
    intent: "booking",
    calls: [
      {
        name: "check_availability",
        args: {
          from: "2026-08-15",
          to: "2026-08-15",
          time: "18:00",
          zip: "94539",
        },
      },
      {
        name: "start_booking",
        args: {
          adults: 12,
          proteins: base(12),
          zip: "94539",
          date: "2026-08-15",
          time: "18:00",
        },
      },
    ],
  },
  {
    id: "ho11",
    say: "how do I reserve a chef?",
    intent: "booking",
    calls: [{ name: "start_booking", args: {} }],
  },
  {
    id: "ho12",
    say: "do I need to bring anything?",
    intent: "faq",
    calls: [{ name: "search_faq", faq: "how-it-works" }],
  },
  {
    id: "ho13",
    say: "what's the deposit and when is it due",
    intent: "faq",
    calls: [{ name: "search_faq", faq: "deposit" }],
  },
  {
    id: "ho14",
    say: "can the chef cook on my balcony?",
    intent: "faq",
    calls: [{ name: "search_faq", faq: "space" }],
  },
  {
    id: "ho15",
    say: "how early does the chef show up?",
    intent: "faq",
    calls: [{ name: "search_faq", faq: "how-it-works" }],
  },
  {
    id: "ho16",
    say: "my daughter can't have eggs, is that a problem?",
    intent: "dietary",
    calls: [{ name: "search_faq", faq: "allergies" }],
  },
  {
    id: "ho17",
    say: "we keep kosher",
    intent: "dietary",
    calls: [{ name: "search_faq", faq: "allergies" }],
  },
  {
    id: "ho18",
    say: "can I get my money back if we cancel 2 days before?",
    intent: "reschedule_cancel",
    calls: [{ name: "search_faq", faq: "cancellation" }],
  },
  {
    id: "ho19",
    say: "need to push our party back a week",
    intent: "reschedule_cancel",
    calls: [{ name: "search_faq", faq: "reschedule" }],
  },
  {
    id: "ho20",
    say: "are you guys able to come to 93401 san luis obispo",
    intent: "out_of_area",
    calls: [{ name: "check_service_area", args: { zip: "93401" } }],
  },
  {
    id: "ho21",
    say: "is 95076 too far for you?",
    intent: "out_of_area",
    calls: [{ name: "check_service_area", args: { zip: "95076" } }],
  },
  { id: "ho22", say: "yo", intent: "small_talk", calls: [] },
  {
    id: "ho23",
    say: "thank you, that's helpful!",
    intent: "small_talk",
    calls: [],
  },
  {
    id: "ho24",
    say: "if I book 3 parties do I get one free?",
    intent: "discount",
    calls: [],
  },
  {
    id: "ho25",
    say: "what's the lowest price you can do for 40 people",
    intent: "discount",
    calls: [],
  },
  {
    id: "ho26",
    say: "my friend Maria booked you for June 6, what time is her party?",
    intent: "other_customer_data",
    calls: [],
  },
  {
    id: "ho27",
    say: "can you tell me which houses on my street have booked you",
    intent: "other_customer_data",
    calls: [],
  },
  {
    id: "ho28",
    say: "I need to speak with somebody about an order issue",
    intent: "handoff",
    calls: [{ name: "handoff" }],
  },
  {
    id: "ho29",
    say: "is there a phone number I can call to talk to someone?",
    intent: "handoff",
    calls: [{ name: "handoff" }],
  },
  {
    id: "ho30",
    say: "can I get a real human please",
    intent: "handoff",
    calls: [{ name: "handoff" }],
  },
];
