/** Props of {@link YGrid}. */
export interface YGridProps {
  /** The value scale (value → y in SVG units); its `ticks` pick the lines. */
  y: { (value: number): number; ticks(count: number): number[] };
  /** Plot width the lines span. */
  width: number;
  /** How a tick value is written. */
  format: (value: number) => string;
}

/** Horizontal grid lines with their value labels, shared by every chart. */
export function YGrid({ y, width, format }: YGridProps) {
  return (
    <>
      {y.ticks(4).map((t) => (
        <g transform={`translate(0,${y(t)})`}>
          <line x2={width} stroke="#e5e7eb" />
          <text
            x={-8}
            dy="0.32em"
            text-anchor="end"
            font-size="11"
            fill="#4b5563"
          >
            {format(t)}
          </text>
        </g>
      ))}
    </>
  );
}
