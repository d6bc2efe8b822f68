import type { Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import {
  customersError,
  exportCustomer,
  exportDownload,
} from "../../../../lib/customers/service.ts";
import type { AdminState } from "../../../../lib/staff/types.ts";

/** `/admin/customers/{id}/export`: the customer's personal data as a JSON download. */
export const handler: Handlers<unknown, AdminState> = {
  async GET(_req, ctx) {
    try {
      return exportDownload(
        ctx.params.id,
        await exportCustomer(
          partsOf(ctx).db,
          ctx.state.claims,
          ctx.params.id,
        ),
      );
    } catch (err) {
      const m = customersError(err);
      if (!m) throw err;
      return new Response(m.message, { status: m.status });
    }
  },
};
