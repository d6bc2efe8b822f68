import type { Handlers, PageProps } from "$fresh/server.ts";
import { formOrRefusal } from "../../lib/http/form_body.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import { CSRF_FIELD } from "../../lib/auth/csrf.ts";
import { type Db, withClaims } from "../../lib/db/mod.ts";
import { partsOf } from "../../lib/app/parts.ts";
import {
  listLocations,
  listStaff,
  type LocationOption,
  type StaffListEntry,
} from "../../lib/staff/directory.ts";
import {
  inviteFormInput,
  InviteSchema,
  inviteStaff,
} from "../../lib/staff/invite.ts";
import { type AdminState, STAFF_ROLES } from "../../lib/staff/types.ts";
import { AdminShell } from "./(_components)/AdminShell.tsx";

interface StaffPageData {
  staff: StaffListEntry[];
  locations: LocationOption[];
  notice?: { kind: "ok" | "error"; text: string };
}

async function load(db: Db, state: AdminState) {
  return await withClaims(db, state.claims, async (tx) => ({
    staff: await listStaff(tx),
    locations: await listLocations(tx),
  }), { readOnly: true });
}

export const handler: Handlers<StaffPageData, AdminState> = {
  async GET(_req, ctx) {
    if (ctx.state.staff.role === "chef") {
      return new Response(
        "Forbidden: staff management is for managers and admins.",
        {
          status: 403,
        },
      );
    }
    return ctx.render(await load(partsOf(ctx).db, ctx.state));
  },
  async POST(req, ctx) {
    if (ctx.state.staff.role !== "admin") {
      return new Response("Forbidden: only admins can invite staff.", {
        status: 403,
      });
    }
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    const parsed = InviteSchema.safeParse(inviteFormInput(form));
    if (!parsed.success) {
      return ctx.render({
        ...(await load(partsOf(ctx).db, ctx.state)),
        notice: {
          kind: "error",
          text:
            "Check the form: a valid e-mail, a name and a role are required.",
        },
      }, { status: 422 });
    }
    const app = partsOf(ctx);
    const result = await inviteStaff(
      app.db,
      ctx.state.claims,
      ctx.state.staff,
      parsed.data,
      {
        redirectTo: app.publicOrigin.url("/login?invited=1"),
        supabase: app.supabase,
      },
    );
    const status = result.ok ? 201 : result.code === "FORBIDDEN" ? 403 : 409;
    return ctx.render({
      ...(await load(partsOf(ctx).db, ctx.state)),
      notice: result.ok
        ? { kind: "ok", text: `Invitation sent to ${parsed.data.email}.` }
        : { kind: "error", text: result.message },
    }, { status });
  },
};

/** Staff list (managers: their locations) and, for admins, the invitation form. */
export default function StaffPage(
  { data, state, url }: PageProps<StaffPageData, AdminState>,
) {
  const isAdmin = state.staff.role === "admin";
  return (
    <>
      <SeoHead
        title="Staff"
        description="MyHibachi staff."
        path="/admin/staff"
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path={url.pathname}>
        <h1 class="mt-6 text-2xl font-bold text-stone-900">Staff</h1>
        {data.notice && (
          <p
            role={data.notice.kind === "error" ? "alert" : "status"}
            data-notice={data.notice.kind}
            class={`mt-4 rounded-md p-4 ${
              data.notice.kind === "error"
                ? "bg-red-50 text-red-900"
                : "bg-green-50 text-green-900"
            }`}
          >
            {data.notice.text}
          </p>
        )}
        <table class="mt-4 min-w-full text-left text-sm">
          <thead class="border-b border-stone-200 text-stone-600">
            <tr>
              <th scope="col" class="py-2 pr-4">Name</th>
              <th scope="col" class="py-2 pr-4">E-mail</th>
              <th scope="col" class="py-2 pr-4">Role</th>
              <th scope="col" class="py-2 pr-4">Locations</th>
              <th scope="col" class="py-2 pr-4">Active</th>
            </tr>
          </thead>
          <tbody>
            {data.staff.map((s) => (
              <tr
                key={s.userId}
                data-staff-email={s.email}
                class="border-b border-stone-100"
              >
                <td class="py-2 pr-4">{s.fullName}</td>
                <td class="py-2 pr-4">{s.email}</td>
                <td class="py-2 pr-4">{s.role}</td>
                <td class="py-2 pr-4">{s.locationNames.join(", ") || "—"}</td>
                <td class="py-2 pr-4">{s.active ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {isAdmin && (
          <form
            method="post"
            action="/admin/staff"
            class="mt-8 max-w-lg space-y-4"
          >
            <h2 class="text-lg font-semibold text-stone-900">
              Invite a team member
            </h2>
            <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
            <label class="block">
              <span class="block font-medium">E-mail</span>
              <input
                type="email"
                name="email"
                required
                maxLength={254}
                class="mt-1 block w-full rounded-md border border-stone-300 px-3 py-2"
              />
            </label>
            <label class="block">
              <span class="block font-medium">Full name</span>
              <input
                type="text"
                name="fullName"
                required
                maxLength={200}
                class="mt-1 block w-full rounded-md border border-stone-300 px-3 py-2"
              />
            </label>
            <label class="block">
              <span class="block font-medium">Role</span>
              <select
                name="role"
                class="mt-1 block w-full rounded-md border border-stone-300 px-3 py-2"
              >
                {STAFF_ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            </label>
            <fieldset>
              <legend class="font-medium">Locations</legend>
              {data.locations.map((l) => (
                <label key={l.id} class="mr-4 inline-flex items-center gap-2">
                  <input type="checkbox" name="locationIds" value={l.id} />
                  {l.name}
                </label>
              ))}
            </fieldset>
            <button
              type="submit"
              class="rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800"
            >
              Send invitation
            </button>
          </form>
        )}
      </AdminShell>
    </>
  );
}
