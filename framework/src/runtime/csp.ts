/**
 * Content Security Policy for routes with `config.csp = true`: components
 * call `useCSP()` during the server render to shape the policy; the renderer
 * adds a per-render nonce to `script-src` and `style-src` and sends the
 * header. In the browser `useCSP` does nothing.
 */

export const SELF = "'self'";
export const UNSAFE_INLINE = "'unsafe-inline'";
export const UNSAFE_EVAL = "'unsafe-eval'";
export const UNSAFE_HASHES = "'unsafe-hashes'";
export const NONE = "'none'";
export const STRICT_DYNAMIC = "'strict-dynamic'";
export const REPORT_SAMPLE = "'report-sample'";
export const WASM_UNSAFE_EVAL = "'wasm-unsafe-eval'";

/** Directives, in camelCase (`scriptSrc` → `script-src`). */
export interface ContentSecurityPolicyDirectives {
  defaultSrc?: string[];
  childSrc?: string[];
  connectSrc?: string[];
  fontSrc?: string[];
  frameSrc?: string[];
  imgSrc?: string[];
  manifestSrc?: string[];
  mediaSrc?: string[];
  objectSrc?: string[];
  prefetchSrc?: string[];
  scriptSrc?: string[];
  scriptSrcElem?: string[];
  scriptSrcAttr?: string[];
  styleSrc?: string[];
  styleSrcElem?: string[];
  styleSrcAttr?: string[];
  workerSrc?: string[];
  baseUri?: string[];
  sandbox?: string[];
  formAction?: string[];
  frameAncestors?: string[];
  navigateTo?: string[];
  reportUri?: string;
  reportTo?: string[] | string;
  requireTrustedTypesFor?: string[];
  trustedTypes?: string[];
  upgradeInsecureRequests?: true;
}

/** The policy of one response. */
export interface ContentSecurityPolicy {
  directives: ContentSecurityPolicyDirectives;
  /** Send `Content-Security-Policy-Report-Only` instead. */
  reportOnly: boolean;
}

/** The server render's policy; set by the renderer, null elsewhere. */
export const CSP_SLOT: { current: ContentSecurityPolicy | null } = {
  current: null,
};

/** Change the page's policy (server render of a `csp: true` route only). */
export function useCSP(mutator: (csp: ContentSecurityPolicy) => void): void {
  if (CSP_SLOT.current) mutator(CSP_SLOT.current);
}

/** Serialize directives for the header (`a-b x y; c-d z`). */
export function serializeCSP(
  directives: ContentSecurityPolicyDirectives,
): string {
  return Object.entries(directives)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const name = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      if (value === true) return name;
      return `${name} ${Array.isArray(value) ? value.join(" ") : value}`;
    })
    .join("; ");
}
