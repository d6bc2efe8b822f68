/**
 * `POST /api/holds` body (SPEC §5).
 *
 * @module
 */

import { z } from "zod";
import {
  DEFAULT_SCHEMA_RULES,
  isoDate,
  isoTime,
  locationRef,
  type SchemaRules,
} from "./common.ts";

/** The strict `{date, time, location?}` hold body; `time` must be a slot time when rules name them. */
export function holdBodySchema(
  rules: Pick<SchemaRules, "slotTimes"> = DEFAULT_SCHEMA_RULES,
) {
  return z.strictObject({
    date: isoDate,
    time: isoTime,
    location: locationRef.optional(),
  })
    .superRefine((v, ctx) => {
      if (rules.slotTimes && !rules.slotTimes.includes(v.time)) {
        ctx.addIssue({
          code: "custom",
          path: ["time"],
          message: `must be one of the start times ${
            rules.slotTimes.join(", ")
          }`,
        });
      }
    });
}

/** A validated `POST /api/holds` body. */
export type HoldBody = z.output<ReturnType<typeof holdBodySchema>>;
