import type { Handlers, PageProps } from "$fresh/server.ts";
import { staffRefusalPage } from "../../lib/staff/forbidden_page.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import { Stars } from "../../components/Stars.tsx";
import { formOrRefusal } from "../../lib/http/form_body.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { CSRF_FIELD } from "../../lib/auth/csrf.ts";
import {
  listStaffReviews,
  moderateBodySchema,
  moderateReview,
  REVIEW_STATUSES,
  reviewError,
  type StaffReview,
  staffReviewsQuerySchema,
} from "../../lib/reviews/mod.ts";
import { invalid } from "../../lib/staff/errors.ts";
import type { AdminState } from "../../lib/staff/types.ts";
import { AdminShell } from "./(_components)/AdminShell.tsx";

const VIEWS = [...REVIEW_STATUSES, "all"] as const;

interface ReviewsPageData {
  items: StaffReview[];
  view: string;
  notice?: { kind: "ok" | "error"; text: string };
}

function forbidden(): Response {
  return staffRefusalPage(
    403,
    "Forbidden: reviews are moderated by managers and admins.",
  );
}

function isModerator(state: AdminState): boolean {
  return state.staff.role === "manager" || state.staff.role === "admin";
}

export const handler: Handlers<ReviewsPageData, AdminState> = {
  async GET(_req, ctx) {
    if (!isModerator(ctx.state)) return forbidden();
    const q = staffReviewsQuerySchema.safeParse({
      status: ctx.url.searchParams.get("status") ?? undefined,
    });
    const query = q.success
      ? q.data
      : { status: "pending" as const, limit: 50 };
    const items = await listStaffReviews(
      partsOf(ctx).db,
      ctx.state.claims,
      ctx.state.staff.role,
      query,
    );
    const notice = ctx.url.searchParams.get("notice");
    return ctx.render({
      items,
      view: query.status,
      notice: notice ? { kind: "ok", text: notice } : undefined,
    }, { status: q.success ? 200 : 422 });
  },
  async POST(req, ctx) {
    if (!isModerator(ctx.state)) return forbidden();
    const app = partsOf(ctx);
    const form = await formOrRefusal(req);
    if (form instanceof Response) return form;
    const view = String(form.get("view") ?? "pending");
    try {
      const b = moderateBodySchema.safeParse({ status: form.get("status") });
      if (!b.success) throw invalid(b.error);
      await moderateReview(
        app.db,
        ctx.state.claims,
        String(form.get("id") ?? ""),
        b.data.status,
      );
      return new Response(null, {
        status: 303,
        headers: {
          location: `/admin/reviews?${new URLSearchParams({
            status: (VIEWS as readonly string[]).includes(view)
              ? view
              : "pending",
            notice: b.data.status === "approved"
              ? "Review approved: it is on the public reviews page."
              : "Review hidden from the public pages.",
          })}`,
        },
      });
    } catch (err) {
      const m = reviewError(err);
      if (!m) throw err;
      const detail = m.issues.length
        ? ` (${m.issues.map((i) => `${i.path}: ${i.message}`).join("; ")})`
        : "";
      return ctx.render({
        items: await listStaffReviews(
          app.db,
          ctx.state.claims,
          ctx.state.staff.role,
          { status: "pending", limit: 50 },
        ),
        view: "pending",
        notice: { kind: "error", text: `${m.message}${detail}` },
      }, { status: m.status });
    }
  },
};

const secondary = "rounded border border-stone-400 px-3 py-1";
const button = "rounded bg-red-800 px-3 py-1 font-semibold text-white";

/** `/admin/reviews` (managers, admins): approve or hide customer reviews. */
export default function ReviewsAdmin(
  { data, state, url }: PageProps<ReviewsPageData, AdminState>,
) {
  return (
    <>
      <SeoHead
        title="Reviews"
        description="Moderate MyHibachi customer reviews."
        path="/admin/reviews"
        noindex
      />
      <AdminShell staff={state.staff} csrf={state.csrf} path={url.pathname}>
        <h1 class="mt-6 text-2xl font-bold text-stone-900">Reviews</h1>
        <nav aria-label="Review views" class="mt-4 flex gap-4">
          {VIEWS.map((v) => (
            <a
              key={v}
              href={`/admin/reviews?status=${v}`}
              aria-current={v === data.view ? "page" : undefined}
              class={v === data.view
                ? "font-semibold text-red-800"
                : "text-stone-700"}
            >
              {v}
            </a>
          ))}
        </nav>
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
        {data.items.length === 0 && (
          <p class="mt-6" data-empty>No reviews here.</p>
        )}
        <ol class="mt-6 space-y-4">
          {data.items.map((r) => (
            <li
              key={r.id}
              data-review={r.id}
              data-status={r.status}
              class="rounded-lg border border-stone-200 p-4"
            >
              <p class="font-semibold">
                <Stars rating={r.rating} /> {r.displayName} · {r.city}
                {r.isDemo && " · demo (never shown in production)"}
              </p>
              <p class="text-sm text-stone-600">
                {r.status} · {r.locationName}
                {r.reference && ` · booking ${r.reference}`} · event{" "}
                {r.eventDate}
              </p>
              <p class="mt-2 whitespace-pre-wrap">{r.body}</p>
              <div class="mt-3 flex gap-3">
                {(["approved", "hidden"] as const)
                  .filter((s) => s !== r.status)
                  .map((s) => (
                    <form key={s} method="post" action="/admin/reviews">
                      <input
                        type="hidden"
                        name={CSRF_FIELD}
                        value={state.csrf}
                      />
                      <input type="hidden" name="id" value={r.id} />
                      <input type="hidden" name="status" value={s} />
                      <input type="hidden" name="view" value={data.view} />
                      <button
                        type="submit"
                        class={s === "approved" ? button : secondary}
                      >
                        {s === "approved" ? "Approve" : "Hide"}
                      </button>
                    </form>
                  ))}
              </div>
            </li>
          ))}
        </ol>
      </AdminShell>
    </>
  );
}
