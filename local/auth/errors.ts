/**
 * GoTrue-shaped errors and their HTTP rendering.
 *
 * @module
 */

/** An error the auth API reports to the client with a GoTrue error code. */
export class AuthError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** GoTrue `error_code`, e.g. `otp_expired`. */
  readonly code: string;
  /** Extra body fields (e.g. `weak_password: {reasons}`). */
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AuthError";
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

/** Header auth-js sends and GoTrue echoes to select the error body shape. */
export const API_VERSION_HEADER = "X-Supabase-Api-Version";
const API_VERSION_2024 = "2024-01-01";

/** True when the request asked for the 2024-01-01 (or later) API version. */
export function wantsModernErrors(req: Request): boolean {
  const value = req.headers.get(API_VERSION_HEADER);
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return value >= API_VERSION_2024;
}

/**
 * Renders an error: `{code, message}` with the version header echoed for
 * clients on 2024-01-01, else the legacy `{code: status, error_code, msg}`.
 */
export function errorResponse(error: AuthError, req: Request): Response {
  const headers = new Headers({
    "content-type": "application/json; charset=utf-8",
  });
  if (wantsModernErrors(req)) {
    headers.set(API_VERSION_HEADER, API_VERSION_2024);
    return new Response(
      JSON.stringify({
        code: error.code,
        message: error.message,
        ...error.extra,
      }),
      { status: error.status, headers },
    );
  }
  return new Response(
    JSON.stringify({
      code: error.status,
      error_code: error.code,
      msg: error.message,
      ...error.extra,
    }),
    { status: error.status, headers },
  );
}

/** 400 `validation_failed`, the most common refusal. */
export function validationFailed(message: string): AuthError {
  return new AuthError(400, "validation_failed", message);
}

/**
 * Refuses a password shorter than `minimumPasswordLength` with GoTrue's 422
 * `weak_password` (auth-js reads `weak_password.reasons`).
 */
export function checkPassword(
  password: string,
  settings: { minimumPasswordLength: number },
): void {
  const min = settings.minimumPasswordLength;
  // Go's len(): bytes, not characters.
  if (new TextEncoder().encode(password).length < min) {
    throw new AuthError(
      422,
      "weak_password",
      `Password should be at least ${min} characters.`,
      { weak_password: { reasons: ["length"] } },
    );
  }
}
