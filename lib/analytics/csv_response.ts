/**
 * The HTTP answer of a CSV export (the Staff API route and the admin page's
 * download link send the same one).
 *
 * @module
 */
import type { CsvExport } from "./exports.ts";

/** 200 `text/csv` streamed as an attachment; never cached. */
export function csvResponse(file: CsvExport): Response {
  return new Response(file.body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
