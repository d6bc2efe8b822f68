/**
 * twind v1 pieces shared by the server plugin and the browser script.
 */
import type { TwindConfig } from "@twind/core";

/** Id of the `<style>` element carrying the server-generated CSS. */
export const STYLE_ELEMENT_ID = "__FRSH_TWIND";

/** twind config plus the URL of the module that default-exports it. */
export type Options = TwindConfig & { selfURL: string };
