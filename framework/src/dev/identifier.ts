/**
 * JavaScript identifier helpers for generated code and island names.
 */

const ID_START = /[\p{ID_Start}$_]/u;
const ID_CONTINUE = /[\p{ID_Continue}$\u200c\u200d]/u;

/**
 * Turn any string into an identifier: each run of non-identifier characters
 * becomes one `_`, and a leading `_` is added when the first character cannot
 * start an identifier (`404` → `_404`, `foo/[id]` → `foo_id_`).
 */
export function stringToIdentifier(text: string): string {
  let out = "";
  const chars = [...text];
  chars.forEach((ch, i) => {
    if (i === 0 && !ID_START.test(ch)) {
      out += "_";
      if (ID_CONTINUE.test(ch)) out += ch;
    } else if (!ID_CONTINUE.test(ch)) {
      if (!out.endsWith("_")) out += "_";
    } else if (!out.endsWith("_") || ch !== "_") {
      out += ch;
    }
  });
  return out;
}

/**
 * Identifier for a manifest entry: drop a leading `./routes/` or `./islands/`
 * and the file extension, then {@link stringToIdentifier}; names already in
 * `used` get `_1`, `_2`… Adds the result to `used`.
 */
export function specifierToIdentifier(
  specifier: string,
  used: Set<string>,
): string {
  let path = specifier.replace(/^\.\/(routes|islands)\//, "");
  const lastSlash = path.lastIndexOf("/");
  const dot = path.lastIndexOf(".");
  if (dot > lastSlash) path = path.slice(0, dot);
  const ident = stringToIdentifier(path);
  let name = ident;
  for (let i = 1; used.has(name); i++) name = `${ident}_${i}`;
  used.add(name);
  return name;
}
