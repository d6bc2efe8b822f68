/**
 * What the offline planner understood of a conversation: the shape the
 * planner fills and the reply templates read (kept apart from both so that
 * neither imports the other).
 *
 * @module
 */

import type { IntentScore } from "./intent.ts";
import type { Understanding } from "./planner.ts";
import type { ConversationSlots, MessageSlots } from "./slots.ts";

/** What the offline planner understood. */
export interface OfflineUnderstanding extends Understanding {
  /** Facts of the whole conversation. */
  slots: ConversationSlots;
  /** Facts of the latest message. */
  latest: MessageSlots;
  classification: IntentScore;
  /** The latest customer message. */
  text: string;
  /** The customer's local date at `now`. */
  today: string;
  /** True when the intent was carried over from an earlier message. */
  carried: boolean;
}
