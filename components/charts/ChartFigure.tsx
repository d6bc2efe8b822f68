import type { ComponentChildren } from "preact";

/** One column of a chart's data table. */
export interface TableColumn {
  /** Column heading. */
  name: string;
  /** One cell per row, already formatted. */
  cells: string[];
}

/** Props of {@link ChartFigure}. */
export interface ChartFigureProps {
  /** Visible caption; also names the SVG for screen readers. */
  title: string;
  /** One sentence on what the chart shows (read before the picture). */
  description?: string;
  /** Heading of the row labels column. */
  rowHeader: string;
  /** Row labels (x values / categories). */
  rows: string[];
  /** Value columns. */
  columns: TableColumn[];
  /** The drawing. */
  children: ComponentChildren;
}

/**
 * A chart as a `<figure>`: caption, the server-rendered SVG, and the same
 * numbers as a table, so the chart needs no JavaScript and is readable without
 * sight (WCAG 1.1.1: the table is the text alternative of the picture).
 */
export function ChartFigure(props: ChartFigureProps) {
  return (
    <figure class="my-4">
      <figcaption class="font-semibold text-gray-900">{props.title}</figcaption>
      {props.description && (
        <p class="text-sm text-gray-600">{props.description}</p>
      )}
      <div class="overflow-x-auto">{props.children}</div>
      <details class="mt-2 text-sm">
        <summary class="cursor-pointer text-gray-700">
          Data table: {props.title}
        </summary>
        <table class="mt-2 min-w-full text-left">
          <thead>
            <tr>
              <th scope="col" class="pr-4">{props.rowHeader}</th>
              {props.columns.map((c) => (
                <th scope="col" class="pr-4 text-right">{c.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row, i) => (
              <tr>
                <th scope="row" class="pr-4 font-normal">{row}</th>
                {props.columns.map((c) => (
                  <td class="pr-4 text-right tabular-nums">{c.cells[i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
