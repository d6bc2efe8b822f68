import type { FreshContext } from "$fresh/server.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { withClaims } from "../../lib/db/mod.ts";
import { openInboxCount } from "../../lib/inbox/service.ts";
import type { AdminState } from "../../lib/staff/types.ts";
import { AdminChromeContext } from "./(_components)/chrome.ts";

/**
 * Staff layout: counts the open inbox for managers and admins (the badge in
 * the navigation, kept live by the InboxBadge island) and hands it, with
 * the realtime connection, to AdminShell through context.
 */
export default async function AdminLayout(
  _req: Request,
  ctx: FreshContext<AdminState>,
) {
  const app = partsOf(ctx);
  const { staff, claims, accessToken } = ctx.state;
  const openInbox = ctx.state.openInbox !== undefined
    ? ctx.state.openInbox
    : staff && staff.role !== "chef"
    ? await withClaims(app.db, claims, (tx) => openInboxCount(tx), {
      readOnly: true,
    })
    : null;
  return (
    <AdminChromeContext.Provider
      value={{
        supabaseUrl: app.supabase.url,
        anonKey: app.supabase.anonKey,
        accessToken: accessToken ?? "",
        openInbox,
      }}
    >
      <ctx.Component />
    </AdminChromeContext.Provider>
  );
}
