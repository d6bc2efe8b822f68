/**
 * The embedded Edge Functions gateway: serves the modules of
 * `supabase/functions/<name>/index.ts` at `/functions/v1/<name>` from the
 * app, with Supabase's semantics (ADR 0010):
 *
 * - `verify_jwt` per function (from `supabase/config.toml`, default true):
 *   a valid HS256 `Authorization: Bearer <jwt>` (the anon key, a user's
 *   access token or the service-role key; the `apikey` header stands in when
 *   there is no Authorization) or 401;
 * - CORS preflights (OPTIONS) pass without a token to the function, which
 *   answers them itself as it must on Supabase;
 * - 404 for unknown names.
 *
 * @module
 */
import { parse as parseToml } from "smol-toml";
import type { PluginRoute } from "$fresh/server.ts";
import { verifyAccessTokenDetailed } from "../auth/verify.ts";
import { inSpan } from "../observability/tracing.ts";
import type {
  FunctionHandler,
} from "../../supabase/functions/_shared/ports.ts";

/** A function the gateway serves. */
export interface EdgeFunction {
  handler: FunctionHandler;
  /** Require a valid JWT (Supabase's default). */
  verifyJwt: boolean;
}

/** Options of {@link functionsGateway}. */
export interface GatewayOptions {
  functions: Record<string, EdgeFunction>;
  /** HS256 secret the tokens are checked with. */
  jwtSecret: string;
  /** Called with errors a function throws (answered 500). */
  onError?: (name: string, error: unknown) => void;
  now?: () => Date;
}

/** `[functions.<name>] verify_jwt` of a `supabase/config.toml` text. */
export function verifyJwtSettings(configToml: string): Record<string, boolean> {
  const parsed = parseToml(configToml) as {
    functions?: Record<string, { verify_jwt?: boolean }>;
  };
  const out: Record<string, boolean> = {};
  for (const [name, f] of Object.entries(parsed.functions ?? {})) {
    if (typeof f?.verify_jwt === "boolean") out[name] = f.verify_jwt;
  }
  return out;
}

function gatewayError(status: number, message: string): Response {
  return new Response(JSON.stringify({ code: status, message }), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}

/** The request handler of `/functions/v1/*`. */
export function functionsHandler(options: GatewayOptions): FunctionHandler {
  return async (req) => {
    const path = new URL(req.url).pathname;
    const name = decodeURIComponent(
      path.replace(/^\/functions\/v1\/?/, "").split("/")[0] ?? "",
    );
    const fn = Object.hasOwn(options.functions, name)
      ? options.functions[name]
      : undefined;
    if (!fn) return gatewayError(404, "Function not found");
    if (fn.verifyJwt && req.method !== "OPTIONS") {
      const auth = req.headers.get("authorization");
      const bearer = auth?.match(/^Bearer\s+(\S+)$/i)?.[1] ??
        req.headers.get("apikey");
      if (!bearer) return gatewayError(401, "Missing authorization header");
      const check = await verifyAccessTokenDetailed(bearer, options.jwtSecret, {
        now: options.now?.(),
      });
      if (!check.ok) return gatewayError(401, "Invalid JWT");
    }
    try {
      return await inSpan(
        "function.invoke",
        { "faas.name": name },
        () => fn.handler(req),
      );
    } catch (error) {
      options.onError?.(name, error);
      return gatewayError(500, "Function failed");
    }
  };
}

/** Fresh plugin routes serving the gateway. */
export function functionsRoutes(options: GatewayOptions): PluginRoute[] {
  const handler = functionsHandler(options);
  return [
    {
      path: "/functions/v1/[...path]",
      handler: (req: Request) => handler(req),
    },
  ];
}
