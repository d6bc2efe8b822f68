import type { Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import { csvExport } from "../../../lib/analytics/exports.ts";
import { csvResponse } from "../../../lib/analytics/csv_response.ts";
import {
  analyticsQuerySchema,
  type ExportKind,
  exportParamsSchema,
} from "../../../lib/analytics/schema.ts";
import { fromDbError, refusalText } from "../../../lib/staff/errors.ts";
import { zodIssues } from "../../../lib/http/errors.ts";
import { filledQuery } from "../../../lib/staff/schemas.ts";
import type { AdminState } from "../../../lib/staff/types.ts";

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

/**
 * `/admin/analytics/{bookings|payments|customers}.csv?from&to&location`: the
 * page's download links (session cookie), the same export as the Staff API.
 */
export const handler: Handlers<unknown, AdminState> = {
  async GET(_req, ctx) {
    const params = exportParamsSchema.safeParse(ctx.params);
    if (!params.success) return ctx.renderNotFound();
    const raw = filledQuery(ctx.url.searchParams);
    const q = analyticsQuerySchema.safeParse(raw);
    if (!q.success) {
      return plain(
        422,
        zodIssues(q.error).map((i) => `${i.path}: ${i.message}`).join("; "),
      );
    }
    const app = partsOf(ctx);
    try {
      return csvResponse(
        await csvExport(
          app.db,
          ctx.state.claims,
          ctx.state.staff.role,
          params.data.file.replace(/\.csv$/, "") as ExportKind,
          q.data,
          app.clock(),
        ),
      );
    } catch (err) {
      const refused = fromDbError(err);
      if (!refused) throw err;
      return plain(refused.status, refusalText(refused));
    }
  },
};
