import type { Handlers, PageProps } from "$fresh/server.ts";
import { roleForbiddenPage } from "../../lib/staff/forbidden_page.ts";
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
import {
  listMembers,
  type ManagedMember,
  memberError,
  updateMember,
  updateMemberBodySchema,
} from "../../lib/staff/members.ts";
import { invalid } from "../../lib/staff/errors.ts";
import type { Claims } from "../../lib/db/mod.ts";
import {
  type ChefProfile,
  chefProfileBodySchema,
  listChefProfiles,
  updateChefProfile,
} from "../../lib/staff/chef_profile.ts";
import { AdminShell } from "./(_components)/AdminShell.tsx";

interface StaffPageData {
  staff: StaffListEntry[];
  locations: LocationOption[];
  /** Admins: every member with locations and version, for the edit forms. */
  members: ManagedMember[];
  /** Managers (their locations) and admins: chef profiles. */
  chefs: ChefProfile[];
  notice?: { kind: "ok" | "error"; text: string };
}

async function load(db: Db, state: AdminState) {
  const base = await withClaims(db, state.claims, async (tx) => ({
    staff: await listStaff(tx),
    locations: await listLocations(tx),
  }), { readOnly: true });
  const members = state.staff.role === "admin"
    ? await listMembers(db, state.claims)
    : [];
  const chefs = state.staff.role === "chef"
    ? []
    : await listChefProfiles(db, state.claims);
  return { ...base, members, chefs };
}

/**
 * A member form post (`_action=member`): `op` save (role and locations),
 * deactivate or reactivate. No role check here: the database refuses
 * anyone but an admin. Returns the notice to show.
 */
async function memberForm(
  db: Db,
  claims: Claims,
  form: FormData,
): Promise<string> {
  if (form.get("_action") === "chef_profile") {
    const num = (name: string) => {
      const v = String(form.get(name) ?? "").trim();
      return v === "" ? undefined : Number(v);
    };
    const parsed = chefProfileBodySchema.safeParse({
      displayName: String(form.get("displayName") ?? "").trim() || undefined,
      homeZip: String(form.get("homeZip") ?? "").trim() || undefined,
      maxPartySize: num("maxPartySize"),
      rating: num("rating"),
    });
    if (!parsed.success) throw invalid(parsed.error);
    const chef = await updateChefProfile(
      db,
      claims,
      String(form.get("chefId") ?? ""),
      parsed.data,
    );
    return `Saved the profile of ${chef.displayName}.`;
  }
  const op = String(form.get("op") ?? "");
  const expectedUpdatedAt = String(form.get("expectedUpdatedAt") ?? "") ||
    undefined;
  const raw = op === "deactivate"
    ? { active: false, expectedUpdatedAt }
    : op === "reactivate"
    ? { active: true, expectedUpdatedAt }
    : {
      role: String(form.get("role") ?? ""),
      locationIds: form.getAll("locationIds").map(String),
      expectedUpdatedAt,
    };
  const parsed = updateMemberBodySchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const m = await updateMember(
    db,
    claims,
    String(form.get("userId") ?? ""),
    parsed.data,
  );
  return op === "deactivate"
    ? `${m.fullName} is deactivated; their sessions have ended.`
    : op === "reactivate"
    ? `${m.fullName} is active again.`
    : `Saved ${m.fullName} (${m.role}).`;
}

export const handler: Handlers<StaffPageData, AdminState> = {
  async GET(_req, ctx) {
    if (ctx.state.staff.role === "chef") {
      return roleForbiddenPage(
        "staff management is for managers and admins.",
      );
    }
    const notice = ctx.url.searchParams.get("notice");
    return ctx.render({
      ...(await load(partsOf(ctx).db, ctx.state)),
      notice: notice ? { kind: "ok", text: notice } : undefined,
    });
  },
  async POST(req, ctx) {
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    if (
      form.get("_action") === "member" ||
      form.get("_action") === "chef_profile"
    ) {
      const app = partsOf(ctx);
      try {
        const text = await memberForm(app.db, ctx.state.claims, form);
        return new Response(null, {
          status: 303,
          headers: {
            location: `/admin/staff?notice=${encodeURIComponent(text)}`,
          },
        });
      } catch (err) {
        const m = memberError(err);
        if (!m) throw err;
        if (ctx.state.staff.role === "chef") {
          return new Response(`Forbidden: ${m.message}`, { status: m.status });
        }
        const detail = m.issues.length
          ? ` (${m.issues.map((i) => `${i.path}: ${i.message}`).join("; ")})`
          : "";
        return ctx.render({
          ...(await load(app.db, ctx.state)),
          notice: { kind: "error", text: `${m.message}${detail}` },
        }, { status: m.status });
      }
    }
    if (ctx.state.staff.role !== "admin") {
      return new Response("Forbidden: only admins can invite staff.", {
        status: 403,
      });
    }
    // (the form was read above)
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

/** An admin's form for one member: role, locations, (de)activation. */
function MemberForm(
  { member, locations, csrf }: {
    member: ManagedMember | undefined;
    locations: LocationOption[];
    csrf: string;
  },
) {
  if (!member) return null;
  return (
    <form
      method="post"
      action="/admin/staff"
      class="flex flex-wrap items-center gap-2"
      data-form={`member-${member.email}`}
    >
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <input type="hidden" name="_action" value="member" />
      <input type="hidden" name="userId" value={member.userId} />
      <input
        type="hidden"
        name="expectedUpdatedAt"
        value={member.updatedAt}
      />
      <select
        name="role"
        aria-label={`Role of ${member.email}`}
        class="rounded border border-stone-300 px-2 py-1"
      >
        {STAFF_ROLES.map((r) => (
          <option key={r} value={r} selected={r === member.role}>{r}</option>
        ))}
      </select>
      {locations.map((l) => (
        <label key={l.id} class="inline-flex items-center gap-1">
          <input
            type="checkbox"
            name="locationIds"
            value={l.id}
            checked={member.locationIds.includes(l.id)}
          />
          {l.name}
        </label>
      ))}
      <button
        type="submit"
        name="op"
        value="save"
        class="rounded border border-stone-400 px-2 py-1"
      >
        Save
      </button>
      <button
        type="submit"
        name="op"
        value={member.active ? "deactivate" : "reactivate"}
        class="rounded border border-stone-400 px-2 py-1"
      >
        {member.active ? "Deactivate" : "Reactivate"}
      </button>
    </form>
  );
}

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
              {isAdmin && <th scope="col" class="py-2 pr-4">Manage</th>}
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
                {isAdmin && (
                  <td class="py-2 pr-4">
                    <MemberForm
                      member={data.members.find((m) => m.userId === s.userId)}
                      locations={data.locations}
                      csrf={state.csrf}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {data.chefs.length > 0 && (
          <>
            <h2 class="mt-8 text-lg font-semibold text-stone-900">
              Chef profiles
            </h2>
            <table class="mt-2 min-w-full text-left text-sm">
              <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                  <th scope="col" class="py-2 pr-4">Location</th>
                  <th scope="col" class="py-2 pr-4">
                    Name, home ZIP, largest party, rating
                  </th>
                  <th scope="col" class="py-2 pr-4">Active</th>
                </tr>
              </thead>
              <tbody>
                {data.chefs.map((c) => (
                  <tr
                    key={c.id}
                    data-chef={c.id}
                    class="border-b border-stone-100"
                  >
                    <td class="py-2 pr-4">{c.locationName}</td>
                    <td class="py-2 pr-4">
                      <form
                        method="post"
                        action="/admin/staff"
                        class="flex flex-wrap gap-2"
                        data-form={`chef-${c.id}`}
                      >
                        <input
                          type="hidden"
                          name={CSRF_FIELD}
                          value={state.csrf}
                        />
                        <input
                          type="hidden"
                          name="_action"
                          value="chef_profile"
                        />
                        <input type="hidden" name="chefId" value={c.id} />
                        <input
                          name="displayName"
                          aria-label="Name"
                          value={c.displayName}
                          maxLength={100}
                          class="rounded border border-stone-300 px-2 py-1"
                        />
                        <input
                          name="homeZip"
                          aria-label="Home ZIP"
                          value={c.homeZip}
                          inputMode="numeric"
                          class="w-20 rounded border border-stone-300 px-2 py-1"
                        />
                        <input
                          name="maxPartySize"
                          aria-label="Largest party"
                          value={String(c.maxPartySize)}
                          inputMode="numeric"
                          class="w-16 rounded border border-stone-300 px-2 py-1"
                        />
                        <input
                          name="rating"
                          aria-label="Rating (0–5)"
                          value={c.rating.toFixed(2)}
                          inputMode="decimal"
                          class="w-16 rounded border border-stone-300 px-2 py-1"
                        />
                        <button
                          type="submit"
                          class="rounded border border-stone-400 px-2 py-1"
                        >
                          Save
                        </button>
                      </form>
                    </td>
                    <td class="py-2 pr-4">{c.active ? "yes" : "no"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
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
