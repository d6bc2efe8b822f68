/**
 * The alert rules (`ops/prometheus/alerts.yml`) stay true to the app: every
 * metric they use is one `/metrics` serves, and promtool proves each rule on
 * its fixture (`alerts_test.yml`).
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { startApp } from "../support/app.ts";

const RULES = new URL("../../ops/prometheus/alerts.yml", import.meta.url);
const KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "and",
  "or",
  "unless",
  "offset",
  "bool",
]);

/** Metric names an expression reads (labels, ranges, strings and functions removed). */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, "");
  const names = [...bare.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((m) => m[1])
    .filter((n) => !KEYWORDS.has(n));
  return [...new Set(names)];
}

interface RuleFile {
  groups: { rules: { alert: string; expr: string }[] }[];
}

Deno.test("metricNames reads only metric names out of PromQL", () => {
  assert.deepEqual(
    metricNames(
      'sum by (le) (rate(x_bucket{a="b",c=~"5.."}[5m])) / max(y_total) > 0.5',
    ),
    ["x_bucket", "y_total"],
  );
});

Deno.test("every metric an alert uses is served by /metrics", async () => {
  const rules = parse(await Deno.readTextFile(RULES)) as RuleFile;
  const app = await startApp();
  try {
    const text = await (await app.fetch("/metrics")).text();
    const served = new Set<string>();
    for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      served.add(m[1]);
      if (m[2] === "histogram") {
        for (const suffix of ["_bucket", "_sum", "_count"]) {
          served.add(m[1] + suffix);
        }
      }
    }
    const alerts = rules.groups.flatMap((g) => g.rules);
    assert.ok(alerts.length >= 6);
    for (const rule of alerts) {
      const names = metricNames(rule.expr);
      assert.ok(names.length > 0, rule.alert);
      for (const name of names) {
        assert.ok(served.has(name), `${rule.alert} uses ${name}, not served`);
      }
    }
  } finally {
    await app.dispose();
  }
});

const promtool = await (async () => {
  try {
    return (await new Deno.Command("promtool", { args: ["--version"] })
      .output()).success;
  } catch {
    return false;
  }
})();
if (!promtool) {
  console.log(
    "alert rule fixtures skipped: promtool is not installed (apt-get install -y prometheus)",
  );
}

Deno.test({
  name:
    "promtool: the rules are valid and every fixture fires exactly as expected",
  ignore: !promtool,
  async fn() {
    const cwd = new URL("../../ops/prometheus/", import.meta.url).pathname;
    for (
      const args of [["check", "rules", "alerts.yml"], [
        "test",
        "rules",
        "alerts_test.yml",
      ]]
    ) {
      const out = await new Deno.Command("promtool", { args, cwd }).output();
      const text = new TextDecoder().decode(out.stdout) +
        new TextDecoder().decode(out.stderr);
      assert.ok(out.success, `promtool ${args.join(" ")}:\n${text}`);
      assert.match(text, /SUCCESS/);
    }
  },
});
