import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { openApiDocument } from "../../lib/openapi/mod.ts";

/** `GET /api/openapi.json`: OpenAPI 3.1 generated from the zod schemas (SPEC §5). */
export const handler: Handlers = {
  GET(_req: Request, ctx: FreshContext) {
    return Response.json(openApiDocument(partsOf(ctx).publicUrl), {
      headers: { "cache-control": "public, max-age=300" },
    });
  },
};
