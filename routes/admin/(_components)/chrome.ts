import { createContext } from "preact";

/**
 * What the staff layout (`routes/admin/_layout.tsx`) hands every
 * {@link AdminShell} without each page passing it: the realtime connection
 * (public values and the user's own token) and the open inbox count for the
 * live badge (null for chefs, who have no inbox).
 */
export interface AdminChrome {
  supabaseUrl: string;
  anonKey: string;
  accessToken: string;
  openInbox: number | null;
}

/** Set by the staff layout; null outside it. */
export const AdminChromeContext = createContext<AdminChrome | null>(null);
