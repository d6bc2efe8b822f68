/**
 * Tool arguments are validated with the API's own zod schemas before any tool
 * runs, whoever planned the call (the offline planner or a model): a prompt
 * can make the assistant ask for nothing a customer could not ask the API.
 *
 * @module
 */

import { z } from "zod";
import {
  isoDate,
  isoTime,
  type SchemaRules,
  usZip,
} from "../schemas/common.ts";
import { availabilityQuerySchema } from "../schemas/availability.ts";
import { quoteBodySchema, quoteShape } from "../schemas/quote.ts";
import { chatMessageSchema } from "./request.ts";
import type { ToolName } from "./types.ts";

/** A problem with a tool argument, with a dotted path. */
export interface ArgIssue {
  path: string;
  message: string;
}

function issuesOf(error: z.ZodError): ArgIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join("."),
    message: i.message,
  }));
}

/** The schema of each tool's arguments under the current rules. */
export function toolSchemas(rules: SchemaRules) {
  const shape = quoteShape(rules);
  return {
    get_quote: quoteBodySchema(rules),
    check_availability: z.strictObject({
      from: isoDate,
      to: isoDate,
      location: z.string().optional(),
      zip: usZip.optional(),
      time: isoTime.refine(
        (t) => !rules.slotTimes || rules.slotTimes.includes(t),
        { message: "must be one of the slot times" },
      ).optional(),
    }).superRefine((v, ctx) => {
      // The range and location rules are exactly those of GET /api/availability.
      const q = availabilityQuerySchema.safeParse({
        from: v.from,
        to: v.to,
        ...(v.location === undefined ? {} : { location: v.location }),
      });
      if (!q.success) {
        for (const i of q.error.issues) {
          ctx.addIssue({ code: "custom", path: i.path, message: i.message });
        }
      }
    }),
    check_service_area: z.strictObject({ zip: usZip }),
    search_faq: z.strictObject({
      query: z.string().min(1).max(500),
      limit: z.number().int().min(1).max(10).optional(),
    }),
    start_booking: z.strictObject({
      adults: shape.adults.optional(),
      children: shape.children.optional(),
      under6: shape.under6,
      proteins: shape.proteins.optional(),
      extraProteins: shape.extraProteins,
      addons: shape.addons,
      gratuityPercent: shape.gratuityPercent,
      zip: usZip.optional(),
      date: isoDate.optional(),
      time: isoTime.optional(),
      notes: z.string().max(500).optional(),
    }),
    lookup_booking: z.strictObject({
      reference: z.string().regex(/^MH-[0-9A-Z]{6}$/),
      token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/),
    }),
    handoff: z.strictObject({
      reason: z.string().min(1).max(200),
      transcript: z.array(chatMessageSchema).max(200),
      contact: z.strictObject({
        email: z.string().max(254).optional(),
        phone: z.string().max(40).optional(),
      }).optional(),
    }),
  } satisfies Record<ToolName, z.ZodType>;
}

/** Validated arguments, or the issues. */
export type ArgCheck =
  | { ok: true; args: unknown }
  | { ok: false; issues: ArgIssue[] };

/** Validates `args` for tool `name`. Unknown tools are refused. */
export function validateToolArgs(
  name: string,
  args: unknown,
  schemas: ReturnType<typeof toolSchemas>,
): ArgCheck {
  if (!Object.hasOwn(schemas, name)) {
    return { ok: false, issues: [{ path: "", message: `no tool "${name}"` }] };
  }
  const parsed = schemas[name as ToolName].safeParse(args);
  return parsed.success
    ? { ok: true, args: parsed.data }
    : { ok: false, issues: issuesOf(parsed.error) };
}
