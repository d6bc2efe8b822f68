/**
 * Computes the server's build id like Fresh: SHA-1 hex of
 * `DENO_DEPLOYMENT_ID`, else `GITHUB_SHA`, else a random UUID.
 */
import { setBuildId } from "../runtime/build_id.ts";

/** SHA-1 hex digest of a string. */
export async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-1",
    new TextEncoder().encode(text),
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/** Compute and install the process build id; returns it. */
export async function initBuildId(): Promise<string> {
  const seed = readEnv("DENO_DEPLOYMENT_ID") ?? readEnv("GITHUB_SHA") ??
    crypto.randomUUID();
  const id = await sha1Hex(seed);
  setBuildId(id);
  return id;
}

export { getBuildId, setBuildId } from "../runtime/build_id.ts";
