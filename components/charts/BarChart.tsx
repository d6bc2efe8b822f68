// @ts-types="@types/d3-scale"
import { scaleBand, scaleLinear } from "d3-scale";
import { ChartFigure } from "./ChartFigure.tsx";
import { YGrid } from "./YGrid.tsx";
import { seriesColor } from "./palette.ts";

/** One bar. */
export interface Bar {
  /** Category label (x axis). */
  label: string;
  /** Value (≥ 0 drawn upwards; negatives are drawn as 0 height). */
  value: number;
}

/** Props of {@link BarChart}. */
export interface BarChartProps {
  /** Caption and accessible name. */
  title: string;
  /** One sentence on what the chart shows. */
  description?: string;
  /** The bars, in display order. */
  bars: Bar[];
  /** Heading of the category column in the data table. */
  categoryName?: string;
  /** Heading of the value column in the data table. */
  valueName?: string;
  /** How a value is written (axis, labels, table). */
  format?: (value: number) => string;
  /** Drawing size in SVG units (scales down with the page). */
  width?: number;
  /** Drawing height. */
  height?: number;
}

const MARGIN = { top: 12, right: 12, bottom: 40, left: 64 };

/** A vertical bar chart rendered on the server as SVG, with its data table. */
export function BarChart(props: BarChartProps) {
  const width = props.width ?? 640;
  const height = props.height ?? 240;
  const format = props.format ?? ((v: number) => v.toLocaleString("en-US"));
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const max = Math.max(0, ...props.bars.map((b) => b.value));
  const x = scaleBand<string>()
    .domain(props.bars.map((b) => b.label))
    .range([0, innerW])
    .padding(0.2);
  const y = scaleLinear().domain([0, max || 1]).nice().range([innerH, 0]);
  // Long category lists keep every n-th label so they don't overlap.
  const every = Math.max(1, Math.ceil(props.bars.length / 12));
  return (
    <ChartFigure
      title={props.title}
      description={props.description}
      rowHeader={props.categoryName ?? "Category"}
      rows={props.bars.map((b) => b.label)}
      columns={[{
        name: props.valueName ?? "Value",
        cells: props.bars.map((b) => format(b.value)),
      }]}
    >
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={`max-width:${width}px`}
        role="img"
        aria-label={props.title}
      >
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          <YGrid y={y} width={innerW} format={format} />
          {props.bars.map((b) => (
            <rect
              x={x(b.label)}
              y={y(Math.max(0, b.value))}
              width={x.bandwidth()}
              height={innerH - y(Math.max(0, b.value))}
              fill={seriesColor(0)}
            >
              <title>{`${b.label}: ${format(b.value)}`}</title>
            </rect>
          ))}
          {props.bars.map((b, i) =>
            i % every === 0 && (
              <text
                x={(x(b.label) ?? 0) + x.bandwidth() / 2}
                y={innerH + 16}
                text-anchor="middle"
                font-size="11"
                fill="#4b5563"
              >
                {b.label}
              </text>
            )
          )}
          <line y1={innerH} y2={innerH} x2={innerW} stroke="#6b7280" />
        </g>
      </svg>
    </ChartFigure>
  );
}
