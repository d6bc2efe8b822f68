// @ts-types="@types/d3-scale"
import { scaleLinear, scalePoint } from "d3-scale";
// @ts-types="@types/d3-shape"
import { area, line } from "d3-shape";
import { ChartFigure } from "./ChartFigure.tsx";
import { YGrid } from "./YGrid.tsx";
import { seriesColor } from "./palette.ts";

/** One line; `null` leaves a gap. */
export interface LineSeries {
  /** Legend and table column name. */
  name: string;
  /** One value per x label. */
  values: (number | null)[];
  /** An interval drawn as a shaded band (e.g. a prediction interval). */
  band?: { low: (number | null)[]; high: (number | null)[] };
  /** Drawn dashed (e.g. a baseline or a forecast). */
  dashed?: boolean;
}

/** Props of {@link LineChart}. */
export interface LineChartProps {
  /** Caption and accessible name. */
  title: string;
  /** One sentence on what the chart shows. */
  description?: string;
  /** X labels (dates, months), in order. */
  labels: string[];
  /** Heading of the label column in the data table. */
  labelName?: string;
  /** The lines. */
  series: LineSeries[];
  /** How a value is written (axis, table). */
  format?: (value: number) => string;
  /** Drawing size in SVG units. */
  width?: number;
  /** Drawing height. */
  height?: number;
}

const MARGIN = { top: 12, right: 12, bottom: 56, left: 64 };

type Pt = [number, number | null];

/** A multi-series line chart rendered on the server as SVG, with legend and data table. */
export function LineChart(props: LineChartProps) {
  const width = props.width ?? 640;
  const height = props.height ?? 260;
  const format = props.format ?? ((v: number) => v.toLocaleString("en-US"));
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const all = props.series.flatMap((s) => [
    ...s.values,
    ...(s.band?.high ?? []),
    ...(s.band?.low ?? []),
  ]).filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = Math.min(0, ...all);
  const hi = Math.max(1, ...all);
  const x = scalePoint<number>()
    .domain(props.labels.map((_, i) => i))
    .range([0, innerW]);
  const y = scaleLinear().domain([lo, hi]).nice().range([innerH, 0]);
  const px = (i: number) => x(i) ?? 0;
  const draw = line<Pt>()
    .defined((p) => p[1] !== null)
    .x((p) => px(p[0]))
    .y((p) => y(p[1] as number));
  const every = Math.max(1, Math.ceil(props.labels.length / 10));
  return (
    <ChartFigure
      title={props.title}
      description={props.description}
      rowHeader={props.labelName ?? "Date"}
      rows={props.labels}
      columns={props.series.flatMap((s) => {
        const cols = [{
          name: s.name,
          cells: s.values.map((v) => (v === null ? "—" : format(v))),
        }];
        if (s.band) {
          cols.push({
            name: `${s.name} (low)`,
            cells: s.band.low.map((v) => (v === null ? "—" : format(v))),
          }, {
            name: `${s.name} (high)`,
            cells: s.band.high.map((v) => (v === null ? "—" : format(v))),
          });
        }
        return cols;
      })}
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
          {props.series.map((s, si) => {
            if (!s.band) return null;
            const band = area<number>()
              .defined((i) =>
                s.band!.low[i] !== null && s.band!.high[i] !== null
              )
              .x((i) => px(i))
              .y0((i) => y(s.band!.low[i] as number))
              .y1((i) => y(s.band!.high[i] as number));
            return (
              <path
                d={band(props.labels.map((_, i) => i)) ?? ""}
                fill={seriesColor(si)}
                fill-opacity="0.15"
              />
            );
          })}
          {props.series.map((s, si) => (
            <path
              d={draw(s.values.map((v, i): Pt => [i, v])) ?? ""}
              fill="none"
              stroke={seriesColor(si)}
              stroke-width="2"
              stroke-dasharray={s.dashed ? "6 4" : undefined}
            />
          ))}
          {props.labels.map((l, i) =>
            i % every === 0 && (
              <text
                x={px(i)}
                y={innerH + 16}
                text-anchor="middle"
                font-size="11"
                fill="#4b5563"
              >
                {l}
              </text>
            )
          )}
          <line y1={innerH} y2={innerH} x2={innerW} stroke="#6b7280" />
          <g transform={`translate(0,${innerH + 34})`}>
            {props.series.map((s, si) => (
              <g transform={`translate(${si * 150},0)`}>
                <line
                  x2={18}
                  y1={0}
                  y2={0}
                  stroke={seriesColor(si)}
                  stroke-width="2"
                  stroke-dasharray={s.dashed ? "6 4" : undefined}
                />
                <text x={24} dy="0.32em" font-size="11" fill="#374151">
                  {s.name}
                </text>
              </g>
            ))}
          </g>
        </g>
      </svg>
    </ChartFigure>
  );
}
