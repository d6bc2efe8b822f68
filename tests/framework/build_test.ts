/** Ahead-of-time build: `build()` writes `_fresh/` and the server then serves it. */
import assert from "node:assert/strict";
import { build } from "$fresh/dev.ts";
import { createHandler } from "$fresh/server.ts";
import manifest from "./fixture/fresh.gen.ts";
import config from "./fixture/fresh.config.ts";

Deno.test("AOT build writes snapshot.json and bundles that start() serves", async () => {
  const outDir = await Deno.makeTempDir();
  try {
    const cfg = { ...config, build: { outDir } };
    await build(manifest, cfg);
    const snapshot = JSON.parse(
      await Deno.readTextFile(`${outDir}/snapshot.json`),
    );
    assert.match(snapshot.build_id, /^[0-9a-f]{40}$/);
    assert.ok(snapshot.files["boot.js"]);
    assert.ok(snapshot.files["island-counter.js"]);
    assert.ok(snapshot.files["plugin-twind-main.js"]);

    const handler = await createHandler(manifest, cfg);
    const page = await (await handler(new Request("http://localhost/"))).text();
    const boot = /src="(\/_frsh\/js\/([0-9a-f]{40})\/boot\.js)"/.exec(page);
    assert.ok(boot);
    assert.equal(boot[2], snapshot.build_id);
    const res = await handler(new Request(`http://localhost${boot[1]}`));
    assert.equal(res.status, 200);
    const onDisk = await Deno.readFile(`${outDir}/js/boot.js`);
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), onDisk);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
