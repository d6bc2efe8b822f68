/**
 * The business's public identity: one source for the header, footer, legal
 * pages and structured data, so the name, address and phone never disagree.
 */

/** Postal address of the first base location (Fremont, CA). */
export interface PostalAddress {
  streetAddress: string;
  addressLocality: string;
  addressRegion: string;
  postalCode: string;
  addressCountry: string;
}

/** Everything the public site says about who we are and how to reach us. */
export interface BusinessInfo {
  name: string;
  legalName: string;
  tagline: string;
  description: string;
  phoneDisplay: string;
  /** E.164 form for `tel:` links and structured data. */
  phoneE164: string;
  email: string;
  address: PostalAddress;
  geo: { latitude: number; longitude: number };
  /** Human-readable opening hours for the phone line. */
  hoursDisplay: string;
  /** schema.org `openingHours` strings. */
  openingHours: string[];
  priceRange: string;
  cuisines: string[];
}

/** The business behind the site. */
export const BUSINESS: BusinessInfo = {
  name: "MyHibachi",
  legalName: "MyHibachi Catering LLC",
  tagline: "Private hibachi chefs for your backyard party",
  description:
    "MyHibachi brings a private hibachi chef, a teppanyaki grill and the show to your home or venue across the San Francisco Bay Area and Sacramento.",
  phoneDisplay: "(510) 555-0142",
  phoneE164: "+15105550142",
  email: "hello@myhibachi.example",
  address: {
    streetAddress: "39300 Civic Center Dr, Suite 210",
    addressLocality: "Fremont",
    addressRegion: "CA",
    postalCode: "94539",
    addressCountry: "US",
  },
  geo: { latitude: 37.5485, longitude: -121.9886 },
  hoursDisplay: "Phone and email: every day, 9 am – 8 pm Pacific",
  openingHours: ["Mo-Su 09:00-20:00"],
  priceRange: "$$",
  cuisines: ["Japanese", "Hibachi", "Teppanyaki"],
};

/** One line postal address, e.g. for the footer. */
export function formatAddress(
  address: PostalAddress = BUSINESS.address,
): string {
  return `${address.streetAddress}, ${address.addressLocality}, ${address.addressRegion} ${address.postalCode}`;
}
