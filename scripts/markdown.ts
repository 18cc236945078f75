// The markdown the generated docs share (docs/data-model.md, README.md's sections): code spans, tables written
// by markdown-table, and the table of every value of a values model.
import markdownTable = require('markdown-table');
import { leavesOf, ModelNode } from '../lib/values-model';

/** `text` as a code span; a backtick inside, which would end the span, becomes a quote. */
export const code = (text: unknown) => `\`${String(text).replace(/`/g, "'")}\``;

/** A GFM table. markdown-table leaves escaping to its caller: a `|` in a cell is escaped, a line break becomes a space. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ')));
  return markdownTable(cells, { alignDelimiters: false });
}

/** Every setting of a values model: path, type (a choice's cases), default, description. */
export function valuesTable(model: ModelNode): string {
  return table(['Value', 'Type', 'Default', 'Description'], leavesOf(model).map(({ path, leaf }) => [
    code(path), leaf.cases && leaf.type === 'string' ? leaf.cases.map(code).join(' | ') : leaf.type, code(JSON.stringify(leaf.default)), leaf.description,
  ]));
}
