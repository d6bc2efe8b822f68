/**
 * Baseline for the page cache: a plain Deno.serve answering every request
 * with the same bytes (the home page fetched from the app once at start)
 * and the same response headers the app sends, with nothing computed per
 * request. The cached marketing pages should come within 0.8× of it.
 *
 *   deno run -A bench/ssr/constant_server.ts <port> <page url>
 *
 * @module
 */
const [port, source] = Deno.args;
const res = await fetch(source);
const body = new Uint8Array(await res.arrayBuffer());
const headers = new Headers(res.headers);
headers.delete("content-encoding");
headers.delete("date");

Deno.serve(
  { hostname: "127.0.0.1", port: Number(port), onListen() {} },
  () => new Response(body, { headers }),
);
