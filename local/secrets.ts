/**
 * Per-install secrets of the embedded auth: a random HS256 secret and the
 * anon and service-role keys signed with it, created on first start and kept
 * with the data (`${dataDir}/supabase-secrets.json`, readable by the owner
 * only). The Supabase CLI's public demo secret is never used unless a
 * developer configures it explicitly.
 *
 * @module
 */
import { SignJWT } from "jose";

/** The embedded stack's secrets. */
export interface LocalSecrets {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
}

const FILE = "supabase-secrets.json";
/** Keys outlive any install: ten years, like the CLI's demo keys. */
const KEY_LIFETIME_S = 10 * 365 * 86_400;

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(48));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-")
    .replaceAll("/", "_").replace(/=+$/, "");
}

/** An API key: a JWT with `role`, signed with `secret`. */
export async function signApiKey(
  role: "anon" | "service_role",
  secret: string,
  now: Date,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return await new SignJWT({ role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("supabase-local")
    .setIssuedAt(iat)
    .setExpirationTime(iat + KEY_LIFETIME_S)
    .sign(new TextEncoder().encode(secret));
}

function isSecrets(value: unknown): value is LocalSecrets {
  const v = value as Partial<LocalSecrets> | null;
  return typeof v?.jwtSecret === "string" && v.jwtSecret.length >= 32 &&
    typeof v.anonKey === "string" && typeof v.serviceRoleKey === "string";
}

/**
 * The install's secrets from `dataDir`, created (mode 0600) when missing.
 * A corrupt file is an error, not a reason to mint new keys silently: every
 * session and key issued so far would stop working.
 */
export async function loadOrCreateLocalSecrets(
  dataDir: string,
  now: Date,
): Promise<LocalSecrets> {
  const path = `${dataDir}/${FILE}`;
  try {
    const parsed: unknown = JSON.parse(await Deno.readTextFile(path));
    if (!isSecrets(parsed)) {
      throw new Error(`${path} is not a valid secrets file`);
    }
    return parsed;
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  const jwtSecret = randomSecret();
  const secrets: LocalSecrets = {
    jwtSecret,
    anonKey: await signApiKey("anon", jwtSecret, now),
    serviceRoleKey: await signApiKey("service_role", jwtSecret, now),
  };
  await Deno.mkdir(dataDir, { recursive: true });
  // createNew: two instances starting at once must not overwrite each other.
  try {
    await Deno.writeTextFile(path, JSON.stringify(secrets, null, 2) + "\n", {
      mode: 0o600,
      createNew: true,
    });
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) {
      return await loadOrCreateLocalSecrets(dataDir, now);
    }
    throw err;
  }
  return secrets;
}
