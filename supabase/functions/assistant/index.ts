/**
 * Edge Function `assistant` (SPEC §5). The HTTP and storage half lives in
 * `_shared/assistant.ts`; the engine (the offline assistant and its tools on
 * the API's services) is a port the app builds from its parts
 * (`lib/functions/ports.ts` `assistantPorts`). Run standalone
 * (`supabase functions serve`, or deployed with `--use-api`, ADR 0025) it
 * builds the same parts through the app's composition root, with
 * `DATABASE_URL` defaulting to the `SUPABASE_DB_URL` Supabase provides.
 *
 * @module
 */
import { createAssistantHandler } from "../_shared/assistant.ts";

/** The function's handler on `ports`. */
export const createHandler = createAssistantHandler;

if (import.meta.main) {
  const [{ createParts }, { loadConfig }, { assistantPorts }] = await Promise
    .all([
      import("../../../app.ts"),
      import("../../../lib/config/mod.ts"),
      import("../../../lib/functions/ports.ts"),
    ]);
  const env = Deno.env.toObject();
  const config = loadConfig({
    ...env,
    DATABASE_URL: env.DATABASE_URL ?? env.SUPABASE_DB_URL,
    JOBS: "off",
  });
  Deno.serve(createHandler(assistantPorts(await createParts(config))));
}
