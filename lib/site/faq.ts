/**
 * Frequently asked questions. Answers are plain text (no markup) because the
 * same strings feed the page, the search island and the FAQPage JSON-LD.
 * Numbers come from the live pricing settings so the FAQ never contradicts the rules.
 */
import { formatUsd } from "./money.ts";
import { formatTaxRate, type PricingSettings } from "../pricing/marketing.ts";
import { DEFAULT_PRICING } from "../pricing/types.ts";

/** One question and its answer. */
export interface FaqEntry {
  /** Stable anchor id, e.g. `#deposit`. */
  id: string;
  category: "Booking" | "Menu" | "Pricing" | "At the event" | "Changes";
  question: string;
  answer: string;
}

const listFormat = new Intl.ListFormat("en-US", {
  style: "long",
  type: "conjunction",
});

/** Builds the FAQ from the current pricing numbers. */
export function buildFaq(
  p: Readonly<PricingSettings>,
): FaqEntry[] {
  const minimumAdults = Math.ceil(p.minimumFoodCents / p.adultPriceCents);
  return [
    {
      id: "how-it-works",
      category: "Booking",
      question: "How does a MyHibachi party work?",
      answer:
        `Pick a date and start time online, choose everyone's proteins and pay a ${
          formatUsd(p.depositCents)
        } deposit. Your chef arrives about 30 minutes early with the grill, propane, food, sauces and utensils, cooks and entertains at your table, and cleans the cooking area afterwards. You provide tables, chairs, plates and drinks.`,
    },
    {
      id: "how-far-ahead",
      category: "Booking",
      question: "How far in advance do I need to book?",
      answer:
        `Online booking opens ${p.maxLeadDays} days ahead and closes ${p.minLeadHours} hours before the event. Weekend evenings in spring and summer fill up two to three weeks ahead, so book early for graduations and holidays. For anything sooner than ${p.minLeadHours} hours, call us and we will check whether a chef is free.`,
    },
    {
      id: "start-times",
      category: "Booking",
      question: "What start times can I choose?",
      answer: `Parties start at ${
        listFormat.format(p.slotTimes.map(formatSlotTime))
      } local time. The live calendar only shows times when a chef is still available.`,
    },
    {
      id: "party-size",
      category: "Booking",
      question: "How many guests can you serve?",
      answer:
        `Online bookings take 1 to ${p.maxPartySize} guests, children included. A party runs 90 minutes for up to 10 guests, 105 minutes for up to 20 and 120 minutes above that. For larger events we send more chefs: contact us for a custom quote.`,
    },
    {
      id: "price-per-person",
      category: "Pricing",
      question: "How much does it cost?",
      answer: `${formatUsd(p.adultPriceCents)} per adult (13 and over) and ${
        formatUsd(p.childPriceCents)
      } per child (6 to 12); children under 6 eat free. Each paying guest gets fried rice, vegetables, salad and ${p.proteinsPerGuest} protein servings. Premium proteins and add-ons cost extra, and sales tax of ${
        formatTaxRate(p.salesTaxBps)
      } applies to food.`,
    },
    {
      id: "minimum",
      category: "Pricing",
      question: "Is there a minimum order?",
      answer: `Yes: the food minimum is ${
        formatUsd(p.minimumFoodCents)
      } per party, about ${minimumAdults} adults. Smaller parties are welcome; the quote adds a minimum order adjustment to make up the difference.`,
    },
    {
      id: "travel-fee",
      category: "Pricing",
      question: "Do you charge for travel?",
      answer:
        `The first ${p.freeTravelMiles} miles from our nearest base (Fremont or Sacramento) are free, then ${
          formatUsd(p.travelFeePerMileCents)
        } per mile. We measure straight-line distance between ZIP codes. Addresses more than ${p.maxTravelMiles} miles away are outside our service area.`,
    },
    {
      id: "deposit",
      category: "Pricing",
      question: "How does the deposit work?",
      answer: `A ${
        formatUsd(p.depositCents)
      } deposit confirms your date and is credited to your final bill. Pay it by card, Zelle or Venmo within ${p.depositDueHours} hours of booking, or the reservation is released. The balance is due at the event by card, Zelle, Venmo or cash.`,
    },
    {
      id: "gratuity",
      category: "Pricing",
      question: "Is gratuity included?",
      answer:
        `No. Gratuity is optional and goes entirely to your chef; most customers tip around ${p.suggestedGratuityPercent}% of the food total.`,
    },
    {
      id: "proteins",
      category: "Menu",
      question: "Which proteins can we choose?",
      answer:
        "Chicken, NY strip steak, shrimp, calamari and tofu are included. Salmon, scallops and filet mignon are a premium upgrade per serving, and lobster tail is our top upgrade. You can also order extra protein servings beyond the two per guest.",
    },
    {
      id: "allergies",
      category: "Menu",
      question: "Can you handle allergies and dietary needs?",
      answer:
        "Tell us in the booking notes. Chefs cook allergy and vegetarian orders first on a cleaned section of the grill with separate utensils. We cook with soy, wheat, egg, dairy and shellfish, so we cannot promise an allergen-free environment.",
    },
    {
      id: "space",
      category: "At the event",
      question: "What space and setup do you need?",
      answer:
        "An outdoor area about 8 by 6 feet on a level surface for the grill, and tables that seat your guests in a U shape around it. We cook with propane, so the grill must be outdoors (a covered patio or open garage door is fine).",
    },
    {
      id: "rain",
      category: "At the event",
      question: "What if it rains?",
      answer:
        "We can cook under a covered patio, canopy or open garage. If the weather makes that impossible, reschedule from your manage link at no charge as long as it is your first reschedule.",
    },
    {
      id: "cancellation",
      category: "Changes",
      question: "What is your cancellation policy?",
      answer:
        `Cancel at least ${p.freeCancellationHours} hours (4 days) before the event and we refund the deposit in full. Later cancellations forfeit the deposit. Request a cancellation from the manage link in your confirmation email.`,
    },
    {
      id: "reschedule",
      category: "Changes",
      question: "Can I change the date, guest count or menu?",
      answer:
        `Your first reschedule is free up to ${p.freeRescheduleHours} hours before the event; later or further reschedules cost ${
          formatUsd(p.rescheduleFeeCents)
        }. The guest count is final ${p.guestCountFinalHours} hours before the event and the menu ${p.menuFinalHours} hours before.`,
    },
  ];
}

/** The FAQ for the seed's pricing (the database's until an admin edits it). */
export const FAQ: readonly FaqEntry[] = buildFaq(DEFAULT_PRICING);

/** "18:00" → "6 pm"; "12:00" → "noon". */
export function formatSlotTime(time: string): string {
  const [hourText, minuteText] = time.split(":");
  const hour = Number(hourText);
  const minute = Number(minuteText);
  if (hour === 12 && minute === 0) return "noon";
  const suffix = hour < 12 ? "am" : "pm";
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0
    ? `${hour12} ${suffix}`
    : `${hour12}:${minuteText} ${suffix}`;
}
