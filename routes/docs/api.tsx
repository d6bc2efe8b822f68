import type { Handlers, PageProps } from "$fresh/server.ts";
import { SeoHead } from "../../components/SeoHead.tsx";
import {
  jsonSchemaOf,
  type Operation,
  OPERATIONS,
  pathParams,
  rolesText,
} from "../../lib/openapi/mod.ts";

interface DocsData {
  operations: readonly Operation[];
}

/** `/docs/api`: the API reference, rendered from the OpenAPI operations table. */
export const handler: Handlers<DocsData> = {
  GET(_req, ctx) {
    return ctx.render({ operations: OPERATIONS });
  },
};

const METHOD_STYLE: Record<string, string> = {
  get: "bg-blue-100 text-blue-900",
  post: "bg-green-100 text-green-900",
  put: "bg-amber-100 text-amber-900",
  patch: "bg-purple-100 text-purple-900",
  delete: "bg-red-100 text-red-900",
};

function anchor(op: Operation): string {
  return `${op.method}-${op.path.replace(/[^a-z0-9]+/gi, "-")}`;
}

/** A body schema's fields; each alternative of a union under its description. */
function Body({ schema }: { schema: Record<string, unknown> }) {
  const options = schema.anyOf as Record<string, unknown>[] | undefined;
  if (!options) return <Fields schema={schema} />;
  return (
    <>
      {options.map((o) => (
        <div class="mt-1">
          <p class="text-sm">{String(o.description ?? "")}</p>
          <Fields schema={o} />
        </div>
      ))}
    </>
  );
}

function Fields({ schema }: { schema: Record<string, unknown> }) {
  const props = (schema.properties ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const required = (schema.required ?? []) as string[];
  const entries = Object.entries(props);
  if (entries.length === 0) return null;
  return (
    <table class="mt-1 min-w-full text-left text-sm">
      <thead class="text-stone-600">
        <tr>
          <th scope="col" class="pr-4">Field</th>
          <th scope="col" class="pr-4">Type</th>
          <th scope="col">Rules</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([name, s]) => {
          const { type, description, ...rules } = s;
          return (
            <tr class="border-t border-stone-100 align-top">
              <td class="pr-4 font-mono">
                {name}
                {required.includes(name) ? " *" : ""}
              </td>
              <td class="pr-4">
                {Array.isArray(type) ? type.join(" | ") : String(type ?? "")}
              </td>
              <td class="break-all font-mono text-xs">
                {description ? `${description} ` : ""}
                {Object.keys(rules).length ? JSON.stringify(rules) : ""}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export default function ApiDocsPage({ data }: PageProps<DocsData>) {
  const tags = [...new Set(data.operations.map((o) => o.tag))];
  return (
    <>
      <SeoHead
        title="API reference"
        description="The MyHibachi HTTP API: quotes, availability, holds, bookings and the Staff API."
        path="/docs/api"
        noindex
      />
      <div class="mx-auto max-w-5xl px-4 py-8">
        <h1 class="text-3xl font-bold text-stone-900">API reference</h1>
        <p class="mt-2 text-stone-700">
          JSON in and out. Errors are{" "}
          <code>
            {'{"error":{"code","message","issues":[{"path","message"}]}}'}
          </code>. Staff API calls send{" "}
          <code>Authorization: Bearer &lt;Supabase access token&gt;</code>{" "}
          and row-level security decides what they see. Machine-readable:{" "}
          <a href="/api/openapi.json" class="text-red-800 underline">
            /api/openapi.json
          </a>{" "}
          (OpenAPI 3.1, generated from the request schemas).
        </p>
        <nav aria-label="Operations" class="mt-6">
          {tags.map((tag) => (
            <div class="mt-2">
              <h2 class="font-semibold">{tag}</h2>
              <ul class="text-sm">
                {data.operations.filter((o) => o.tag === tag).map((o) => (
                  <li>
                    <a href={`#${anchor(o)}`} class="text-red-800 underline">
                      <span class="font-mono uppercase">{o.method}</span>{" "}
                      <span class="font-mono">{o.path}</span>
                    </a>{" "}
                    — {o.summary}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        {data.operations.map((o) => {
          const params = pathParams(o.path);
          return (
            <section
              id={anchor(o)}
              class="mt-8 rounded-lg border border-stone-200 p-4"
              data-operation={`${o.method.toUpperCase()} ${o.path}`}
            >
              <h2 class="text-lg font-semibold">
                <span
                  class={`rounded px-2 py-0.5 font-mono text-sm uppercase ${
                    METHOD_STYLE[o.method]
                  }`}
                >
                  {o.method}
                </span>{" "}
                <span class="font-mono">{o.path}</span>
              </h2>
              <p class="mt-1">
                {o.summary}
                {o.auth ? " · needs a staff access token" : ""}
                {o.roles ? ` · ${rolesText(o)}` : ""}
              </p>
              {o.description && (
                <p class="mt-1 text-sm text-stone-700">{o.description}</p>
              )}
              {o.params
                ? (
                  <div class="mt-2">
                    <h3 class="text-sm font-semibold">Path</h3>
                    <Fields schema={jsonSchemaOf(o.params)} />
                  </div>
                )
                : params.length > 0 && (
                  <p class="mt-2 text-sm">
                    Path:{" "}
                    {params.map((p) => <code key={p} class="mr-2">{p}</code>)}
                  </p>
                )}
              {(o.headers ?? []).map((h) => (
                <p class="mt-1 text-sm">
                  Header <code>{h.name}</code>
                  {h.required ? " (required)" : ""}: {h.description}
                </p>
              ))}
              {o.query && (
                <div class="mt-2">
                  <h3 class="text-sm font-semibold">Query</h3>
                  <Fields schema={jsonSchemaOf(o.query)} />
                </div>
              )}
              {o.body && (
                <div class="mt-2">
                  <h3 class="text-sm font-semibold">Body (JSON)</h3>
                  <Body schema={jsonSchemaOf(o.body)} />
                </div>
              )}
              <h3 class="mt-2 text-sm font-semibold">Responses</h3>
              <ul class="text-sm">
                {Object.entries(o.responses).map(([s, d]) => (
                  <li>
                    <code>{s}</code> {d}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </>
  );
}
