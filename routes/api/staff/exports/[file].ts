import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { csvExport } from "../../../../lib/analytics/exports.ts";
import { csvResponse } from "../../../../lib/analytics/csv_response.ts";
import {
  analyticsQuerySchema,
  type ExportKind,
  exportParamsSchema,
} from "../../../../lib/analytics/schema.ts";
import {
  answerStaff,
  callerOf,
  parseQuery,
} from "../../../../lib/staff/http.ts";
import { invalid } from "../../../../lib/staff/errors.ts";

/**
 * `GET /api/staff/exports/{bookings|payments|customers}.csv?from&to&location`
 * (managers, admins): RFC 4180 CSV, streamed, formula cells neutralised,
 * audited.
 */
export const handler: Handlers = {
  async GET(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const caller = callerOf(ctx);
      const params = exportParamsSchema.safeParse(ctx.params);
      if (!params.success) throw invalid(params.error);
      const q = parseQuery(analyticsQuerySchema, ctx.url);
      const app = partsOf(ctx);
      const kind = params.data.file.replace(/\.csv$/, "") as ExportKind;
      return csvResponse(
        await csvExport(
          app.db,
          caller.claims,
          caller.staff.role,
          kind,
          q,
          app.clock(),
        ),
      );
    });
  },
};
