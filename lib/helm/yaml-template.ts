import { stringify } from 'yaml';
import { Tokens } from '../tokens';
import { TemplateNode } from './template-tree';

/** Helm (and kubectl) read YAML 1.1, where an unquoted yes, no, on, off or y is a boolean: write what they read back. */
export const HELM_YAML = { version: '1.1', lineWidth: 0 } as const;

/** A named template (in `_helpers.tpl`) that renders a fixed set of labels. */
export interface LabelsHelper {
  /** Name of the template, e.g. `todo-chatbot.labels`. */
  readonly name: string;
  /** The labels it renders, values possibly placeholders. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Writes a template node as YAML with Go template actions: placeholders become `{{ ... }}` (strings
 * quoted with `quote`), conditional entries and items are wrapped in `{{- if }}` ... `{{- end }}`, and a
 * mapping that holds every label of a helper includes the helper instead of repeating its labels.
 */
export function renderTemplate(node: TemplateNode, helpers: readonly LabelsHelper[] = []): string {
  const lines: string[] = [];
  if (node.kind !== 'map') throw new Error('helm: a template must be a mapping');
  renderMap(node, '', lines, largestFirst(helpers));
  return `${lines.join('\n')}\n`;
}

/** The YAML lines of a helper's labels, for its `define` block. */
export function renderLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([key, value]) => `${yamlKey(key)}: ${scalar(value)}`).join('\n');
}

function renderMap(node: Extract<TemplateNode, { kind: 'map' }>, indent: string, lines: string[], helpers: readonly LabelsHelper[]) {
  let entries = node.entries;
  const helper = helpers.find((h) => Object.entries(h.labels).every(([k, v]) =>
    entries.some((e) => !e.condition && e.key === k && e.value.kind === 'scalar' && e.value.value === v)));
  if (helper) {
    lines.push(`${indent}{{- include ${JSON.stringify(helper.name)} . | nindent ${indent.length} }}`);
    entries = entries.filter((e) => e.condition || !(e.key in helper.labels));
  }
  // Unconditional entries first: a sequence item then starts with a plain `- key:` line.
  for (const entry of [...entries.filter((e) => !e.condition), ...entries.filter((e) => e.condition)]) {
    if (entry.condition) lines.push(`${indent}{{- if ${entry.condition} }}`);
    const value = entry.value;
    const key = `${indent}${yamlKey(entry.key)}:`;
    if (value.kind === 'scalar') lines.push(`${key} ${scalar(value.value)}`);
    else if (value.kind === 'map' && value.entries.length === 0) lines.push(`${key} {}`);
    else if (value.kind === 'seq' && value.items.length === 0) lines.push(`${key} []`);
    else {
      lines.push(key);
      renderNode(value, `${indent}  `, lines, helpers);
    }
    if (entry.condition) lines.push(`${indent}{{- end }}`);
  }
}

function renderSeq(node: Extract<TemplateNode, { kind: 'seq' }>, indent: string, lines: string[], helpers: readonly LabelsHelper[]) {
  for (const item of node.items) {
    if (item.condition) lines.push(`${indent}{{- if ${item.condition} }}`);
    const value = item.value;
    if (value.kind === 'scalar') {
      lines.push(`${indent}- ${scalar(value.value)}`);
    } else {
      const nested: string[] = [];
      renderNode(value, `${indent}  `, nested, helpers);
      const first = nested[0] ?? '';
      if (first.startsWith(`${indent}  `) && !first.trimStart().startsWith('{{') && !first.trimStart().startsWith('-')) {
        lines.push(`${indent}- ${first.slice(indent.length + 2)}`, ...nested.slice(1));
      } else {
        lines.push(`${indent}-`, ...nested);
      }
    }
    if (item.condition) lines.push(`${indent}{{- end }}`);
  }
}

function renderNode(node: TemplateNode, indent: string, lines: string[], helpers: readonly LabelsHelper[]) {
  if (node.kind === 'map') renderMap(node, indent, lines, helpers);
  else if (node.kind === 'seq') renderSeq(node, indent, lines, helpers);
  else lines.push(`${indent}${scalar(node.value)}`);
}

/** A scalar as YAML: placeholders as template actions, literals quoted where YAML would misread them. */
function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'number') {
    const expression = Tokens.numberExpression(value);
    return expression === undefined ? String(value) : `{{ ${expression} }}`;
  }
  if (typeof value !== 'string') return String(value);
  if (Tokens.isUnresolved(value)) return nameTemplate(value) ?? `{{ ${Tokens.templateExpression(value)} | quote }}`;
  // Literal text that looks like a template action must not be run by Helm.
  if (value.includes('{{') || value.includes('}}')) return `{{ ${JSON.stringify(value)} | quote }}`;
  if (/[\n\r\t]/.test(value)) return JSON.stringify(value);
  return stringify(value, HELM_YAML).trimEnd();
}

/**
 * `{{ include "x.fullname" . }}-backend` for a name built from named templates (whose output the chart
 * controls: DNS names) and name-safe literals, as hand-written charts spell it; undefined otherwise.
 */
function nameTemplate(value: string): string | undefined {
  const parts = Tokens.parse(value);
  const nameSafe = parts.length > 1 && 'expression' in parts[0] && parts.every((part) => ('literal' in part
    ? /^[A-Za-z0-9._-]+$/.test(part.literal) && /[A-Za-z]/.test(part.literal)
    : !part.numeric && part.expression.startsWith('include ')));
  return nameSafe ? parts.map((part) => ('literal' in part ? part.literal : `{{ ${part.expression} }}`)).join('') : undefined;
}

function yamlKey(key: string): string {
  return stringify(key, HELM_YAML).trimEnd();
}

function largestFirst(helpers: readonly LabelsHelper[]): LabelsHelper[] {
  return [...helpers].sort((a, b) => Object.keys(b.labels).length - Object.keys(a.labels).length);
}
