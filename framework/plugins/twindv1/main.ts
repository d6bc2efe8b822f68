/**
 * Browser side of the twind v1 plugin: adopts the server `<style>` (with its
 * resume data, so rule order is kept) and starts twind, which styles classes
 * that islands add after hydration.
 */
import { getSheet, setup, type TwindConfig } from "@twind/core";
import { STYLE_ELEMENT_ID } from "./shared.ts";

/** Start twind in the browser with `options` (called by the boot module). */
export default function hydrate(options: TwindConfig, _state?: unknown): void {
  const el = document.getElementById(STYLE_ELEMENT_ID);
  // getSheet() claims `style[data-twind=""]` and resumes from its rules.
  if (el) el.setAttribute("data-twind", "");
  setup(options, getSheet());
}
