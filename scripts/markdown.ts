// The markdown the generated docs share (docs/data-model.md, README.md's sections): code spans, tables written
// by markdown-table, and the table of every value of a values model.
import markdownTable = require('markdown-table');
import { codeSpan, ModelNode, VALUES_TABLE_HEADER, valuesTableRows } from '../lib/values-model';

/** `text` as a code span; a backtick inside, which would end the span, becomes a quote. */
export const code = codeSpan;

/** A GFM table. markdown-table leaves escaping to its caller: a `|` in a cell is escaped, a line break becomes a space. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ')));
  return markdownTable(cells, { alignDelimiters: false });
}

/** Every setting of a values model: path, type (a choice's cases), default, description (the rows the chart README has too). */
export function valuesTable(model: ModelNode): string {
  return table(VALUES_TABLE_HEADER, valuesTableRows(model));
}
