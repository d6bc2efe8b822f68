/**
 * Shapes of the insights (SPEC §5 `insights`, issue 13 item 3): the booking
 * facts the forecast learns from and what it answers.
 *
 * @module
 */

/**
 * One booking request as the forecast sees it: the event date and the date
 * it was made, both in the location's time zone. Demand is booking
 * requests, whatever became of them (ADR 0041), so the history at any past
 * origin is exactly what was known then.
 */
export interface DemandBooking {
  /** "YYYY-MM-DD" of the event. */
  eventDate: string;
  /** "YYYY-MM-DD" the booking was made on. */
  bookedOn: string;
}

/** A US holiday on a date, by name ("Mother's Day"). */
export type HolidayOf = (date: string) => string | null;

/** The forecast of one date. */
export interface ForecastDay {
  date: string;
  /** Expected booking requests for the date. */
  expected: number;
  /** 80 % prediction interval. */
  low: number;
  high: number;
  /** Bookings already on the books at the origin. */
  onBooks: number;
  /** The seasonal-naive baseline: the same weekday of the last observed week. */
  baseline: number;
  /** The holiday the date falls on, if any. */
  holiday: string | null;
}

/** Errors of one forecaster over the backtest. */
export interface ErrorSummary {
  /** Mean absolute error, bookings per day. */
  mae: number;
  /** Mean absolute percentage error over days with at least one booking, %. */
  mape: number;
}

/** Rolling-origin backtest result. */
export interface Backtest {
  /** Number of weekly origins. */
  weeks: number;
  /** Days compared. */
  days: number;
  mae: number;
  mape: number;
  baselineMae: number;
  baselineMape: number;
  /** The model without the bookings on the books (its seasonal prior alone). */
  priorMae: number;
  priorMape: number;
  /** Share of actuals inside the model's 80 % interval, %. */
  coverage: number;
}
