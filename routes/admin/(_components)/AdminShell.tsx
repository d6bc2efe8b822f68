import type { ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import { Head, Partial } from "$fresh/runtime.ts";
import InboxBadge from "../../../islands/admin/InboxBadge.tsx";
import { CSRF_FIELD } from "../../../lib/auth/csrf.ts";
import type { StaffMember } from "../../../lib/staff/types.ts";
import { AdminChromeContext } from "./chrome.ts";

/** Props of {@link AdminShell}. */
export interface AdminShellProps {
  staff: StaffMember;
  csrf: string;
  /** Current admin path, to mark the active link. */
  path: string;
  children: ComponentChildren;
}

const LINKS: { href: string; label: string; roles: StaffMember["role"][] }[] = [
  { href: "/admin", label: "Dashboard", roles: ["chef", "manager", "admin"] },
  {
    href: "/admin/bookings",
    label: "Bookings",
    roles: ["chef", "manager", "admin"],
  },
  {
    href: "/admin/calendar",
    label: "Calendar",
    roles: ["manager", "admin"],
  },
  { href: "/admin/me", label: "My events", roles: ["chef"] },
  { href: "/admin/payments", label: "Payments", roles: ["manager", "admin"] },
  {
    href: "/admin/customers",
    label: "Customers",
    roles: ["manager", "admin"],
  },
  { href: "/admin/inbox", label: "Inbox", roles: ["manager", "admin"] },
  { href: "/admin/reviews", label: "Reviews", roles: ["manager", "admin"] },
  { href: "/admin/staff", label: "Staff", roles: ["manager", "admin"] },
  {
    href: "/admin/analytics",
    label: "Analytics",
    roles: ["manager", "admin"],
  },
  { href: "/admin/insights", label: "Insights", roles: ["manager", "admin"] },
  { href: "/admin/settings", label: "Settings", roles: ["admin"] },
  { href: "/admin/audit", label: "Audit", roles: ["admin"] },
  {
    href: "/admin/assistant",
    label: "Assistant",
    roles: ["manager", "admin"],
  },
];

/**
 * Frame of every staff page: who is signed in, navigation, sign-out.
 *
 * Staff pages navigate with partials (`f-client-nav`): links, filters and
 * actions between staff pages replace the `staff-console` partial instead of
 * loading the whole document; anything that leaves the console (sign-out,
 * the site's header) is a normal page load.
 */
export function AdminShell({ staff, csrf, path, children }: AdminShellProps) {
  const chrome = useContext(AdminChromeContext);
  return (
    <div class="mx-auto max-w-6xl px-4 py-8" f-client-nav>
      <Head>
        <link rel="stylesheet" href="/staff.css" />
      </Head>
      <Partial name="staff-console">
        <div class="flex flex-wrap items-center justify-between gap-4 border-b border-stone-200 pb-4">
          <nav aria-label="Staff" class="flex gap-4">
            {LINKS.filter((l) => l.roles.includes(staff.role)).map((l) => (
              <a
                href={l.href}
                aria-current={l.href === path ? "page" : undefined}
                class={l.href === path
                  ? "font-semibold text-red-800"
                  : "text-stone-700 hover:text-red-800"}
              >
                {l.label}
                {l.href === "/admin/inbox" && chrome &&
                  chrome.openInbox !== null && (
                  <InboxBadge
                    supabaseUrl={chrome.supabaseUrl}
                    anonKey={chrome.anonKey}
                    accessToken={chrome.accessToken}
                    tokenUrl="/admin/token"
                    initialCount={chrome.openInbox}
                  />
                )}
              </a>
            ))}
          </nav>
          <div class="flex items-center gap-3 text-sm text-stone-600">
            <span data-staff-role={staff.role}>
              {staff.fullName} · {staff.role}
            </span>
            <form method="post" action="/logout" f-client-nav={false}>
              <input type="hidden" name={CSRF_FIELD} value={csrf} />
              <button
                type="submit"
                class="rounded border border-stone-300 px-2 py-1 hover:bg-stone-50"
              >
                Sign out
              </button>
            </form>
          </div>
        </div>
        {children}
      </Partial>
    </div>
  );
}
