/** Deployment-dependent observability options, decided once per process. */
import { publicUrl } from "../site/seo.ts";
import type { ObserveOptions } from "./middleware.ts";

let cached: ObserveOptions | undefined;

/** HSTS only when the public origin (PUBLIC_URL) is https. */
export function observeOptions(): ObserveOptions {
  cached ??= { hsts: publicUrl().startsWith("https://") };
  return cached;
}
