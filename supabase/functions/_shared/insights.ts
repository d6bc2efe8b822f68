/**
 * The `insights` Edge Function (SPEC §5): `GET ?location&from&to` →
 * `{forecast, backtest, pricingSuggestions, menu}` for managers (their
 * locations) and admins (all).
 *
 * The handler owns HTTP: CORS, the method, the zod query schema (422 with
 * the parameter at fault), the caller's bearer token. Computing is the
 * `insights` port (the app's `lib/insights/service.ts`, on the caller's
 * claims so Row Level Security decides what is read, ADR 0041); it throws
 * errors carrying `status`, `code` and `issues` for refusals (401 not a
 * signed-in user, 403 not staff of that location, 404 unknown location).
 *
 * @module
 */
import { insightsQuerySchema } from "./insights_request.ts";
import { json, jsonError, withCors } from "./http.ts";
import type { FunctionHandler, FunctionLog } from "./ports.ts";
import type { InsightsQuery } from "./insights_request.ts";

/** The ports of the `insights` function. */
export interface InsightsPorts {
  log: FunctionLog;
  /** The insights of `query` as the owner of `accessToken` may see them. */
  insights(accessToken: string, query: InsightsQuery): Promise<unknown>;
}

interface Refusal {
  status: number;
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

function isRefusal(err: unknown): err is Refusal {
  if (!err || typeof err !== "object") return false;
  const e = err as Partial<Refusal>;
  return typeof e.status === "number" && e.status >= 400 && e.status < 500 &&
    typeof e.code === "string";
}

/** The handler of the `insights` function on `ports`. */
export function createInsightsHandler(ports: InsightsPorts): FunctionHandler {
  return withCors(async (req) => {
    if (req.method !== "GET") {
      return jsonError(405, "METHOD_NOT_ALLOWED", "Use GET.", {
        allow: "GET, OPTIONS",
      });
    }
    const token = req.headers.get("authorization")?.match(
      /^Bearer\s+(\S+)$/i,
    )?.[1];
    if (!token) {
      return jsonError(401, "UNAUTHORIZED", "Sign in as staff.");
    }
    const params = new URL(req.url).searchParams;
    const raw: Record<string, string> = {};
    for (const [k, v] of params) {
      if (Object.hasOwn(raw, k)) {
        return json(422, {
          error: {
            code: "VALIDATION_FAILED",
            message: "A parameter is repeated.",
            issues: [{ path: k, message: "must be given once" }],
          },
        });
      }
      raw[k] = v;
    }
    const parsed = insightsQuerySchema.safeParse(raw);
    if (!parsed.success) {
      return json(422, {
        error: {
          code: "VALIDATION_FAILED",
          message: "The query has invalid parameters.",
          issues: parsed.error.issues.map((i) => ({
            path: i.path.join(".") ||
              (i.code === "unrecognized_keys"
                ? (i as { keys?: string[] }).keys?.join(",") ?? ""
                : ""),
            message: i.message,
          })),
        },
      });
    }
    try {
      return json(200, await ports.insights(token, parsed.data));
    } catch (err) {
      if (isRefusal(err)) {
        return json(err.status, {
          error: {
            code: err.code,
            message: err.message,
            issues: err.issues ?? [],
          },
        });
      }
      ports.log("error", "insights failed", {
        error: err instanceof Error ? err.message : String(err),
      });
      return jsonError(503, "UNAVAILABLE", "Insights are unavailable.");
    }
  });
}
