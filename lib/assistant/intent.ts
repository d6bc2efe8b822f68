/**
 * Intent classification of one customer message: weighted phrase rules, with
 * the guard intents (a person, other customers' data, discounts) first.
 *
 * @module
 */

import type { Intent } from "./types.ts";

/** The classifier's verdict. */
export interface IntentScore {
  intent: Intent;
  /** 0–1. */
  confidence: number;
  /** Secondary wishes in the same message. */
  alsoPrice: boolean;
  alsoAvailability: boolean;
  /** Every intent that scored, best first. */
  scores: Array<[Intent, number]>;
}

type Rule = [RegExp, number];

const R: Readonly<Record<Exclude<Intent, "unknown">, Rule[]>> = {
  handoff: [
    [
      /\b(?:talk|speak|chat|connect|transfer|put me through|get me)\b.{0,30}\b(?:human|person|people|someone|somebody|agent|representative|rep|manager|supervisor|staff|owner|operator|team member|real)\b/,
      6,
    ],
    [
      /\b(?:real|live|actual)\s+(?:human|person|people|agent)\b|\bhuman being\b|\ba human\b/,
      6,
    ],
    [
      /\b(?:call me|phone me|give me a call|call me back|(?:someone|somebody|a person|a human|anyone|a manager|your team|the owner)\s+(?:please\s+)?(?:to\s+)?(?:call|contact|email|text|reach out to|get back to|phone)\s+me|have (?:someone|somebody|a person|a manager) (?:call|contact|email|text))\b/,
      6,
    ],
    [
      /\b(?:customer service|customer support|operator|representative|escalate|complaint|file a complaint)\b/,
      5,
    ],
    [/\bnot (?:talk|speak)(?:ing)? to a (?:bot|robot|machine)\b/, 6],
    [/\b(?:stop|enough)\b.{0,15}\b(?:bot|robot)\b/, 5],
    [
      /^\s*(?:(?:a |an )?(?:human|agent|person|representative|operator|real person|live agent|manager)(?:,?\s*(?:please|pls|now))?|(?:please|pls)\s+(?:a |an )?(?:human|agent|person|representative|operator))\s*[.!?]*\s*$/,
      6,
    ],
  ],
  other_customer_data: [
    [
      /\b(?:other|another|someone else'?s?|somebody else'?s?|previous|all|every|your)\s+(?:customers?|clients?|guests?'? (?:details|info|addresses|phone|emails))\b/,
      6,
    ],
    [
      /\b(?:who(?:'s| is| has)? (?:booked|booking|reserved|having a party)|who else (?:booked|is booked)|who (?:else )?(?:has|got|took|is in|booked) (?:the|that)\b.{0,20}\b(?:slot|date|time|day))\b/,
      6,
    ],
    [
      /\b(?:customer|client|booking|reservation|guest)s?\s+(?:list|database|records?|data|details|info|emails?|phone numbers?|addresses)\b/,
      5,
    ],
    [
      /\b(?:list|show|give|tell|send|dump|export|print|read)\b.{0,25}\b(?:all|every|other|the)\b.{0,15}\b(?:bookings|reservations|customers|orders|emails|phone numbers|addresses)\b/,
      6,
    ],
    [
      /\b(?:[a-z]+'s|his|her|their|my (?:neighbou?r|friend|sister|brother|coworker|boss|ex)'?s?)\s+(?:booking|reservation|party|order|address|phone(?: number)?|email|event|balance)\b/,
      5,
    ],
    [
      /\b(?:admin|developer|debug|god|root|sudo)\s+mode\b|\bignore (?:all |your |previous |prior )+(?:instructions|rules)\b|\bsystem prompt\b/,
      4,
    ],
    [
      /\b(?:phone number|email address|address) (?:of|for) (?!you|the business|your)/,
      5,
    ],
  ],
  discount: [
    [
      /\b(?:discount|discounts|coupon|coupons|promo|promotion|promo code|voucher|deal|deals|special offer|price match|price-match|cheaper|lower (?:the )?price|knock (?:off|down)|negotiate|haggle|best price|comp(?:ed)?|freebie|for free|free (?:upgrade|lobster|meal|party|gyoza|appetizer))\b/,
      6,
    ],
    [/\b\d{1,2}\s*%\s*off\b|\b(?:percent|%)\s*off\b/, 6],
    [
      /\b(?:waive|skip|drop|remove|no)\s+(?:the\s+)?(?:travel fee|deposit|minimum|fee|tax)\b/,
      5,
    ],
    [
      /\b(?:military|veteran|student|senior|teacher|first responder|nurse|employee|loyalty|returning customer|repeat customer|group|bulk|referral)\s+(?:discount|rate|pricing|deal)\b/,
      6,
    ],
    [/\bcan you (?:do|make it|go)\s+\$?\d+/, 5],
  ],
  reschedule_cancel: [
    [
      /\b(?:reschedule|rescheduling|re-schedule|postpone|postponing|push (?:it|the party|our party|the event) back|move (?:my|our|the) (?:booking|party|event|reservation|date)|change (?:my|our|the) (?:booking|reservation|date|event date|time|guest count|headcount|menu order)|different date for my)\b/,
      6,
    ],
    [
      /\b(?:cancel|cancell?ation|cancelling|canceling|refund|refunds|refundable|money back)\b/,
      6,
    ],
    [
      /\b(?:my|our)\s+(?:booking|reservation|existing booking|order|confirmation|manage link|event)\b/,
      3,
    ],
    [/\b(?:add|remove)\s+(?:\w+\s+)?guests?\s+(?:to|from)\s+(?:my|our)\b/, 4],
    [/\bbooking (?:reference|ref|number|#)\b|\bMH-[A-Z0-9]+\b/i, 3],
  ],
  dietary: [
    [
      /\b(?:allerg(?:y|ies|ic)|gluten|celiac|coeliac|vegan|vegans|vegetarian|vegetarians|veggie option|plant[- ]based|kosher|halal|dairy|lactose|nut|nuts|peanut|peanuts|tree nut|sesame|shellfish|pescatarian|keto|diabetic|dietary|egg[- ]free|soy[- ]free|msg|epipen|epi-pen|anaphyla\w*|intoleran\w*|no pork|don't eat meat|doesn't eat meat|gf\b)/,
      5,
    ],
  ],
  out_of_area: [
    [
      /\b(?:do|will|would|can|could)\s+(?:you|your chefs?)\s+(?:guys\s+)?(?:serve|service|cover|come|travel|go|drive|cater|deliver|do parties|do events)\b.{0,40}\b(?:to|in|out to|out|near|around|area|zip)\b/,
      5,
    ],
    [
      /\b(?:service area|serve my area|in my area|your area|how far (?:do|will|would|can) you|outside (?:your|the) (?:area|range)|travel (?:to|out to)|do you go to|coverage area|within range|too far)\b/,
      5,
    ],
    [/\b(?:travel fee|travel charge|travel cost|mileage)\b.{0,30}\b\d{5}\b/, 5],
    [/\bdo you (?:serve|cover|service)\b/, 4],
  ],
  availability: [
    [
      /\b(?:availab(?:le|ility)|open(?:ings?)?|(?:are you|you guys|is (?:it|that|this|the \w+)|still|chef) free|free (?:on|that|this|next)|vacanc\w*|any (?:slots?|spots?|times?|dates?|room)|booked up|fully booked|sold out|still open|taken|spots? left|slots? left|room for)\b/,
      4,
    ],
    [
      /\b(?:what|which) (?:times|dates|days|slots)\b|\bwhen (?:can you|are you|is the next|'s the next|is your next)\b|\bnext (?:available|opening|open)\b/,
      4,
    ],
    [
      /\b(?:can|could) you (?:do|come|make it)(?: on| this| next)?\b.{0,30}\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\bdo you have (?:anything|a chef|time|an opening|a slot|space)\b/,
      4,
    ],
    [/\bis (?:the )?\w+ (?:\d+\w*\s+)?(?:free|open|available)\b/, 3],
  ],
  booking: [
    [
      /\b(?:i(?:'d| would)? (?:like|want|wanna) to (?:book|reserve|schedule)|(?:let's|lets|ready to|want to|wanna|how (?:do|can) i|can i|help me|go ahead and|please) (?:book|reserve|schedule|lock in|make a (?:booking|reservation))|book (?:it|us|me|a chef|the date|a party|a hibachi)|make a (?:booking|reservation)|sign (?:me|us) up|lock (?:it|in) (?:in)?|secure (?:the|a|our) date|reserve (?:a|the|our|it)|place (?:a|an) (?:booking|order))\b/,
      6,
    ],
    [/\b(?:booking form|book online|where do i book)\b/, 5],
    [/^\s*(?:book|book it|book now|let's book|reserve)\s*[.!]*\s*$/, 6],
  ],
  quote: [
    [
      /\b(?:how much(?! (?:space|room|time|notice|in advance|ahead|area|propane|food do|do you travel|setup))|price|prices|pricing|cost|costs|quote|estimate|total|what would (?:it|that|this) (?:be|run|come to)|what(?:'s| is| will be) the (?:damage|bill|total)|what (?:would|will|do) (?:we|i) (?:pay|owe)|how much (?:would|will|do) (?:we|i) (?:pay|owe)|what do you charge|how much do you charge|budget|per person|per head)\b/,
      4,
    ],
    [/\$\s?\d/, 1],
  ],
  faq: [
    [
      /\b(?:deposit|tip|tipping|gratuity|minimum|travel fee|start times?|how long|how far in advance|in advance|notice|zelle|venmo|cash|credit card|payment|pay|included|include|provide|bring|tables?|chairs?|plates|utensils|propane|grill|indoors?|inside|outdoors?|patio|balcony|garage|apartment|rain|weather|space|setup|set up|clean ?up|menu|proteins?|sauces?|fried rice|salad|soup|drinks|alcohol|sake|entertain|tricks|show|onion volcano|how does it work|how it works|what happens|arrive|duration|last|kids eat|children eat|under 6|toddlers? eat|premium|upgrade|sauce|leftovers|insurance|licensed|reviews?|ratings?|hours|open until)\b/,
      3,
    ],
    [
      /^(?:what|how|do|does|can|is|are|will|should|who|where|when|which)\b.*\?\s*$/,
      1,
    ],
  ],
  small_talk: [
    [
      /^\s*(?:hi|hello|hey|heya|hiya|yo|howdy|good (?:morning|afternoon|evening|day)|greetings|sup)\b[\s!.,?]*(?:there|team|guys|folks|bot)?[\s!.,?]*$/,
      5,
    ],
    [
      /^\s*(?:thanks?|thank you(?: so much| very much)?|thx|ty|cheers|appreciate it|great|awesome|cool|perfect|ok(?:ay)?|got it|sounds good|nice|lol|haha|bye|goodbye|see (?:ya|you)|have a (?:good|nice|great) (?:day|night|one))\b[\s\w!.,?]{0,20}$/,
      5,
    ],
    [
      /\b(?:how are you|how's it going|who are you|what(?:'s| is) your name|are you (?:a |an )?(?:bot|robot|ai|real|human|person)|what can you do|tell me a joke|you're (?:great|funny|awesome|helpful)|what's up)\b/,
      5,
    ],
  ],
};

const PRICE = R.quote;
const AVAIL = R.availability;

/** Ties go to the earlier intent here. */
const PRECEDENCE: Intent[] = [
  "handoff",
  "other_customer_data",
  "discount",
  "reschedule_cancel",
  "booking",
  "out_of_area",
  "quote",
  "availability",
  "dietary",
  "faq",
  "small_talk",
];

/** Intents that win whenever they fire, whatever else the message says. */
const GUARDS: ReadonlySet<Intent> = new Set([
  "handoff",
  "other_customer_data",
  "discount",
]);

function score(text: string, rules: Rule[]): number {
  return rules.reduce((sum, [re, w]) => sum + (re.test(text) ? w : 0), 0);
}

/** Facts the slot extractors found in the same message, which tip close calls. */
export interface MessageFacts {
  hasGuests: boolean;
  hasZip: boolean;
  hasDate: boolean;
  hasMenu: boolean;
}

/** Classifies one customer message. */
export function classifyIntent(
  message: string,
  facts: MessageFacts,
): IntentScore {
  const text = message.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, " ")
    .trim();
  const scores = new Map<Intent, number>();
  for (const intent of PRECEDENCE) {
    const s = score(text, R[intent as Exclude<Intent, "unknown">]);
    if (s > 0) scores.set(intent, s);
  }
  const bump = (intent: Intent, n: number) =>
    scores.has(intent) && scores.set(intent, scores.get(intent)! + n);
  // A party with a price word is a quote; a date with "free/open" is availability.
  if (facts.hasGuests || facts.hasZip || facts.hasMenu) bump("quote", 2);
  if (facts.hasDate) bump("availability", 2);
  if (facts.hasDate || facts.hasGuests) bump("booking", 1);
  // "Do you serve 95060?" is about the area even though it names a ZIP.
  if (facts.hasZip) bump("out_of_area", 1);
  // A dietary word inside a quote ("10 adults, one vegetarian") is a note, not the question.
  if (scores.has("quote") && facts.hasGuests && scores.has("dietary")) {
    scores.set("dietary", 1);
  }
  // A policy question ("is the deposit refundable?") is about cancelling.
  if (scores.has("reschedule_cancel") && scores.has("faq")) bump("faq", -2);
  // Small talk only when nothing else was asked.
  if ([...scores.keys()].some((k) => k !== "small_talk" && k !== "faq")) {
    scores.delete("small_talk");
  }

  const ranked = [...scores.entries()].filter(([, s]) => s > 0).sort((a, b) =>
    b[1] - a[1] || PRECEDENCE.indexOf(a[0]) - PRECEDENCE.indexOf(b[0])
  );
  const guard = ranked.find(([i]) => GUARDS.has(i))?.[0];
  let intent: Intent = guard ?? ranked[0]?.[0] ?? "unknown";
  if (intent === "unknown" && (facts.hasGuests || facts.hasMenu)) {
    intent = "quote";
  }
  const top = guard ? scores.get(guard)! : ranked[0]?.[1] ?? 0;
  const second = ranked.find(([i]) => i !== intent)?.[1] ?? 0;
  const confidence = intent === "unknown"
    ? 0
    : Math.min(1, Math.max(0.3, (top - second / 2) / 6));
  return {
    intent,
    confidence,
    alsoPrice: intent !== "quote" && score(text, PRICE) > 0,
    alsoAvailability: intent !== "availability" && score(text, AVAIL) > 0 &&
      facts.hasDate,
    scores: ranked,
  };
}
