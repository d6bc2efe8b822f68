import assert from "node:assert/strict";
import fc from "fast-check";
import { moduleWeight, planShards, shardSource } from "../support/shards.ts";

Deno.test("shards: every module lands in exactly one shard", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(
        fc.record({
          path: fc.stringMatching(/^\.\/tests\/[a-z_]{1,12}_test\.ts$/),
          weight: fc.double({ min: 1, max: 60, noNaN: true }),
        }),
        { selector: (m) => m.path, maxLength: 40 },
      ),
      fc.integer({ min: 1, max: 8 }),
      (modules, count) => {
        const shards = planShards(modules, count);
        assert.ok(shards.length <= count);
        assert.ok(shards.every((s) => s.length > 0));
        assert.deepEqual(
          shards.flat().sort(),
          modules.map((m) => m.path).sort(),
        );
      },
    ),
  );
});

Deno.test("shards: balanced by weight, heaviest first, the same every time", () => {
  const modules = [
    { path: "./a_test.ts", weight: 50 },
    { path: "./b_test.ts", weight: 30 },
    { path: "./c_test.ts", weight: 20 },
    { path: "./d_test.ts", weight: 10 },
    { path: "./e_test.ts", weight: 10 },
  ];
  const plan = planShards(modules, 2);
  assert.deepEqual(plan, [
    ["./a_test.ts", "./d_test.ts"],
    ["./b_test.ts", "./c_test.ts", "./e_test.ts"],
  ]);
  assert.deepEqual(planShards([...modules].reverse(), 2), plan);
});

Deno.test("shards: a browser module weighs ten times a plain one", () => {
  const body = Array(299).fill("x").join("\n");
  const plain = moduleWeight(`import { x } from "../support/app.ts";\n${body}`);
  const browser = moduleWeight(
    `import { x } from "../support/browser.ts";\n${body}`,
  );
  assert.equal(plain, 3);
  assert.equal(browser, 30);
  assert.equal(moduleWeight("Deno.test('t', () => {});"), 1);
});

Deno.test("shards: a shard imports its modules by absolute URL", () => {
  const source = shardSource(
    ["./tests/a_test.ts", "./tests/b c_test.ts"],
    new URL("file:///repo/"),
  );
  assert.equal(
    source,
    'import "file:///repo/tests/a_test.ts";\n' +
      'import "file:///repo/tests/b%20c_test.ts";\n',
  );
});
