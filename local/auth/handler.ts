/**
 * The embedded Supabase Auth (GoTrue) stand-in: one request handler for
 * every path under `/auth/v1`.
 *
 * @module
 */
import { handleGetUser, handleLogout, handleUpdateUser } from "./account.ts";
import {
  handleCreateUser,
  handleGenerateLink,
  handleInvite,
  handleListUsers,
  handleUserById,
} from "./admin.ts";
import { AuthError, errorResponse } from "./errors.ts";
import { json, preflight, withCors } from "./http.ts";
import {
  type AuthOptions,
  type AuthSettings,
  resolveOptions,
} from "./options.ts";
import { handleOtp } from "./otp.ts";
import { handleSignup } from "./signup.ts";
import { applyAuthSchema } from "./schema.ts";
import { handleToken } from "./token.ts";
import { handleVerifyGet, handleVerifyPost } from "./verify.ts";

export type { AuthOptions } from "./options.ts";

/** Mount point of the auth API. */
export const AUTH_PREFIX = "/auth/v1";

type Endpoint = (req: Request, settings: AuthSettings) => Promise<Response>;

const ROUTES: Record<string, Partial<Record<string, Endpoint>>> = {
  "/signup": { POST: handleSignup },
  "/otp": { POST: handleOtp },
  "/magiclink": { POST: handleOtp },
  "/verify": { GET: handleVerifyGet, POST: handleVerifyPost },
  "/token": { POST: handleToken },
  "/user": { GET: handleGetUser, PUT: handleUpdateUser },
  "/logout": { POST: handleLogout },
  "/invite": { POST: handleInvite },
  "/admin/users": { GET: handleListUsers, POST: handleCreateUser },
  "/admin/generate_link": { POST: handleGenerateLink },
  "/settings": { GET: (_req, s) => Promise.resolve(json(settingsJson(s))) },
  "/health": {
    GET: () =>
      Promise.resolve(json({
        version: "local",
        name: "GoTrue",
        description: "MyHibachi embedded auth (GoTrue-compatible)",
      })),
  },
};

/** Paths the Supabase gateway serves without an API key (email links). */
const OPEN_PATHS = new Set(["/verify"]);

/**
 * Creates the handler for `/auth/v1/*`. The stand-in's tables are created on
 * the first request (idempotent), so the handler can be built synchronously.
 */
export function createAuthHandler(
  options: AuthOptions,
): (req: Request) => Promise<Response> {
  const settings = resolveOptions(options);
  let schemaReady: Promise<void> | undefined;
  const ensureSchema = () => {
    schemaReady ??= applyAuthSchema(settings.sql).catch((error) => {
      schemaReady = undefined;
      throw error;
    });
    return schemaReady;
  };
  return async (req: Request): Promise<Response> => {
    if (req.method === "OPTIONS") return preflight(req);
    const path = subPath(new URL(req.url).pathname);
    try {
      const gate = apiKeyRefusal(req, path, settings);
      if (gate) return withCors(gate, req);
      await ensureSchema();
      const response = await route(req, path, settings);
      return withCors(response, req);
    } catch (error) {
      if (error instanceof AuthError) {
        return withCors(errorResponse(error, req), req);
      }
      console.error("auth: unexpected failure", error);
      return withCors(
        errorResponse(
          new AuthError(
            500,
            "unexpected_failure",
            "Unexpected failure, please check server logs for more information",
          ),
          req,
        ),
        req,
      );
    }
  };
}

function subPath(pathname: string): string {
  const rest = pathname.startsWith(AUTH_PREFIX)
    ? pathname.slice(AUTH_PREFIX.length)
    : pathname;
  const trimmed = rest.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

async function route(
  req: Request,
  path: string,
  settings: AuthSettings,
): Promise<Response> {
  const byMethod = ROUTES[path];
  if (byMethod) {
    const endpoint = byMethod[req.method === "HEAD" ? "GET" : req.method];
    if (!endpoint) {
      throw new AuthError(405, "method_not_allowed", "Method Not Allowed");
    }
    return await endpoint(req, settings);
  }
  const userPath = /^\/admin\/users\/([^/]+)$/.exec(path);
  if (userPath && ["GET", "PUT", "DELETE"].includes(req.method)) {
    return await handleUserById(req, settings, decodeURIComponent(userPath[1]));
  }
  throw new AuthError(404, "not_found", "Not Found");
}

/** The gateway's answer when the API key is missing or unknown, else null. */
function apiKeyRefusal(
  req: Request,
  path: string,
  settings: AuthSettings,
): Response | null {
  if (!settings.apiKeys || OPEN_PATHS.has(path)) return null;
  const key = req.headers.get("apikey") ??
    new URL(req.url).searchParams.get("apikey");
  if (!key) {
    return json({ message: "No API key found in request" }, 401);
  }
  if (!settings.apiKeys.includes(key)) {
    return json({ message: "Invalid API key" }, 401);
  }
  return null;
}

function settingsJson(settings: AuthSettings) {
  return {
    external: {
      anonymous_users: false,
      email: settings.emailEnabled,
      phone: false,
      apple: false,
      azure: false,
      github: false,
      gitlab: false,
      google: false,
      saml: false,
    },
    disable_signup: settings.disableSignup,
    mailer_autoconfirm: settings.autoconfirm,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
  };
}
