/**
 * Escapes JSON text so it can sit inside a `<script>` element: no `</script>`,
 * no `<!--`, and no JS line terminators. JSON.parse reads the escapes back.
 */
const ESCAPES: Record<string, string> = {
  "&": "\\u0026",
  ">": "\\u003e",
  "<": "\\u003c",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** Escape `&`, `<`, `>`, U+2028 and U+2029 in a JSON string. */
export function htmlEscapeJsonString(json: string): string {
  return json.replace(/[&<>\u2028\u2029]/g, (ch) => ESCAPES[ch]);
}
