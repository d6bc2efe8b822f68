/**
 * The availability answer (SPEC §5 `GET /api/availability`). The numbers are
 * computed by the database (`public.slot_availability`, the one source of
 * truth); lib/availability/service.ts applies the booking window.
 *
 * @module
 */

/** One slot of the SPEC §5 availability answer. */
export interface SlotAvailability {
  time: string;
  capacity: number;
  reserved: number;
  available: number;
}

/** One date of the SPEC §5 availability answer. */
export interface DateAvailability {
  date: string;
  slots: SlotAvailability[];
}

/** The SPEC §5 `GET /api/availability` body. */
export interface Availability {
  timezone: string;
  /** The base location the slots are of (the requested or nearest one). */
  location?: { slug: string; name: string };
  dates: DateAvailability[];
}
