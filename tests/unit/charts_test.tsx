import assert from "node:assert/strict";
import { render } from "preact-render-to-string";
import { BarChart } from "../../components/charts/BarChart.tsx";
import { LineChart } from "../../components/charts/LineChart.tsx";

function count(html: string, re: RegExp): number {
  return [...html.matchAll(re)].length;
}

Deno.test("BarChart: one rect per bar, heights proportional to values, table mirrors the data", () => {
  const html = render(
    <BarChart
      title="Bookings by status"
      bars={[{ label: "confirmed", value: 30 }, {
        label: "cancelled",
        value: 15,
      }, { label: "no_show", value: 0 }]}
      format={(v) => `${v} bk`}
    />,
  );
  assert(html.includes('role="img"'));
  assert(html.includes('aria-label="Bookings by status"'));
  assert.equal(count(html, /<rect /g), 3);
  const heights = [...html.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((
    m,
  ) => Number(m[1]));
  assert.equal(heights[2], 0);
  assert(Math.abs(heights[0] - 2 * heights[1]) < 0.001, String(heights));
  assert.equal(count(html, /<th scope="row"/g), 3);
  assert(html.includes('<td class="pr-4 text-right tabular-nums">15 bk</td>'));
});

Deno.test("LineChart: a null value breaks the line; a band adds low/high columns", () => {
  const html = render(
    <LineChart
      title="Forecast"
      labels={["Mon", "Tue", "Wed", "Thu"]}
      series={[
        {
          name: "forecast",
          values: [1, 2, null, 4],
          band: { low: [0, 1, 2, 3], high: [2, 3, 4, 5] },
        },
        { name: "baseline", values: [1, 1, 1, 1], dashed: true },
      ]}
    />,
  );
  const paths = [...html.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]);
  // band, forecast line, baseline line
  assert.equal(paths.length, 3);
  // The gap at Wed splits the forecast line into two moves.
  assert.equal(count(paths[1], /M/g), 2);
  assert.equal(count(paths[2], /M/g), 1);
  assert(html.includes("forecast (low)") && html.includes("forecast (high)"));
  assert(html.includes('stroke-dasharray="6 4"'));
  assert.equal(count(html, /<th scope="row"/g), 4);
});

Deno.test("charts render empty data without NaN", () => {
  const html = render(<BarChart title="Nothing" bars={[]} />) +
    render(<LineChart title="Nothing" labels={[]} series={[]} />);
  assert(!html.includes("NaN"), html);
});
