import { stringify } from 'yaml';
import { Tokens } from '../tokens';
import { ABSENT, Branch, canonicalNode, TemplateNode } from './derivation';
import { conditionOf, pipelineOf, pipelineOfPayload, valuesPipeline } from './placeholders';

/** Helm (and kubectl) read YAML 1.1, where an unquoted yes, no, on, off or y is a boolean: write what they read back. */
export const HELM_YAML = { version: '1.1', lineWidth: 0 } as const;

/** A named template (in `_helpers.tpl`) that renders a fixed set of labels. */
export interface LabelsHelper {
  /** Name of the template, e.g. `todo-chatbot.labels`. */
  readonly name: string;
  /** The labels it renders, values possibly placeholders. */
  readonly labels: Readonly<Record<string, string>>;
}

type SwitchNode = Extract<TemplateNode, { kind: 'switch' }>;
type MapNode = Extract<TemplateNode, { kind: 'map' }>;
type SeqNode = Extract<TemplateNode, { kind: 'seq' }>;

/**
 * Writes a template tree as YAML with Go template actions: placeholders become `{{ ... }}` (strings quoted
 * with `quote`, integers through `int`, objects through `toYaml`), switches become `{{- if }}` ...
 * `{{- else }}` ... `{{- end }}` (or `{{- with }}` for a value that is left out when empty), and a mapping
 * that holds every label of a helper includes the helper instead of repeating its labels.
 */
export function renderTemplate(node: TemplateNode, helpers: readonly LabelsHelper[] = []): string {
  const lines: string[] = [];
  const sorted = [...helpers].sort((a, b) => Object.keys(b.labels).length - Object.keys(a.labels).length);
  const renderObject = (n: TemplateNode) => {
    if (n.kind === 'switch') renderSwitch(n, '', lines, renderObject);
    else if (n.kind === 'map') renderMap(n, '', lines, sorted);
    else throw new Error('helm: a template must be a mapping');
  };
  renderObject(node);
  return `${lines.join('\n')}\n`;
}

/** The YAML lines of a helper's labels, for its `define` block. */
export function renderLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([key, value]) => `${yamlKey(key)}: ${scalar(value)}`).join('\n');
}

function renderMap(node: MapNode, indent: string, lines: string[], helpers: readonly LabelsHelper[]) {
  let entries = [...node.entries];
  const helper = helpers.find((h) => Object.entries(h.labels).every(([k, v]) => {
    const value = node.entries.get(k);
    return value !== undefined && value.kind === 'scalar' && value.value === v;
  }));
  if (helper) {
    lines.push(`${indent}{{- include ${JSON.stringify(helper.name)} . | nindent ${indent.length} }}`);
    entries = entries.filter(([key, value]) => value.kind === 'switch' || !(key in helper.labels));
  }
  renderEntries(entries, indent, lines, helpers);
}

/**
 * Entries of a mapping: unconditional ones first (a sequence item then starts with a plain `- key:` line),
 * then the switched ones, one `if`/`else` block per setting for all the entries it switches.
 */
function renderEntries(entries: ReadonlyArray<[string, TemplateNode]>, indent: string, lines: string[], helpers: readonly LabelsHelper[]) {
  for (const [key, value] of entries) if (value.kind !== 'switch') renderEntry(key, value, indent, lines, helpers);
  const switched = entries.filter((e): e is [string, SwitchNode] => e[1].kind === 'switch');
  for (const path of new Set(switched.map(([, s]) => s.setting.path))) {
    const group = switched.filter(([, s]) => s.setting.path === path);
    const setting = group[0][1].setting;
    const withPipeline = group.length === 1 ? withOf(group[0][1]) : undefined;
    if (withPipeline && isMergedNode(presentNode(group[0][1]))) {
      // The entries of a mapping merged into this one: no key of their own.
      lines.push(...mergedLines(withPipeline, indent));
      continue;
    }
    if (withPipeline) {
      const head = `${indent}${yamlKey(group[0][0])}:`;
      lines.push(`${indent}{{- with ${withPipeline} }}`, head, `${indent}  {{- toYaml . | nindent ${indent.length + 2} }}`, `${indent}{{- end }}`);
      continue;
    }
    // For each case, the entries it has; cases with the same entries share a branch.
    const branches: Array<{ cases: unknown[]; entries: Array<[string, TemplateNode]> }> = [];
    for (const c of setting.cases) {
      const caseEntries = group.flatMap(([key, s]): Array<[string, TemplateNode]> => {
        const node = s.branches.find((b) => b.cases.includes(c))!.node;
        return node === ABSENT ? [] : [[key, node]];
      });
      const text = JSON.stringify(caseEntries.map(([k, n]) => [k, canonicalNode(n)]));
      const same = branches.find((b) => JSON.stringify(b.entries.map(([k, n]) => [k, canonicalNode(n)])) === text);
      if (same) same.cases.push(c);
      else branches.push({ cases: [c], entries: caseEntries });
    }
    branches.sort((a, b) => Number(a.cases.includes(setting.cases[0])) - Number(b.cases.includes(setting.cases[0])));
    renderBranches(setting, branches.map((b) => ({ cases: b.cases, body: b.entries.length ? b.entries : undefined })), indent, lines,
      (body) => renderEntries(body, indent, lines, helpers));
  }
}

function renderEntry(key: string, value: TemplateNode, indent: string, lines: string[], helpers: readonly LabelsHelper[]) {
  if (value.kind === 'object' && isMergedNode(value)) {
    lines.push(...mergedLines(value.pipeline, indent));
    return;
  }
  const head = `${indent}${yamlKey(key)}:`;
  switch (value.kind) {
    case 'switch': renderEntries([[key, value]], indent, lines, helpers); return;
    case 'scalar': lines.push(`${head} ${scalar(value.value)}`); return;
    case 'object': lines.push(head, `${indent}  {{- toYaml ${value.pipeline} | nindent ${indent.length + 2} }}`); return;
    case 'map':
      if (value.entries.size === 0) lines.push(`${head} {}`);
      else {
        lines.push(`${head}${emptyUnless([...value.entries.values()], '{}')}`);
        renderMap(value, `${indent}  `, lines, helpers);
      }
      return;
    case 'seq':
      if (value.items.length === 0) lines.push(`${head} []`);
      else {
        lines.push(`${head}${emptyUnless(value.items.map((i) => i.node), '[]')}`);
        renderSeq(value, `${indent}  `, lines, helpers);
      }
  }
}

/**
 * When every entry or item is switched (or merged from a value), the collection may turn out empty: then it is
 * written as `{}` or `[]` (as the plain synthesis writes it), not left as a YAML null.
 */
function emptyUnless(children: readonly TemplateNode[], empty: string): string {
  if (children.some((c) => alwaysPresent(c))) return '';
  const conditions = [...new Set(children.map((c) => presence(c)))];
  const any = conditions.length === 1 ? conditions[0] : `or ${conditions.map((c) => `(${c})`).join(' ')}`;
  return `{{ if not (${any}) }} ${empty}{{ end }}`;
}

/** Whether a node has content in every case (then its collection is never empty). */
function alwaysPresent(node: TemplateNode): boolean {
  if (isMergedNode(node)) return false;
  return node.kind !== 'switch' || node.branches.every((b) => b.node !== ABSENT && alwaysPresent(b.node));
}

/** The condition under which a switch, or merged entries or items, have content. */
function presence(node: TemplateNode): string {
  if (node.kind === 'object' && node.merge) return node.pipeline;
  if (node.kind !== 'switch') return 'true';
  const parts = node.branches.flatMap((b) => {
    if (b.node === ABSENT) return [];
    const own = conditionOf(node.setting, b.cases);
    return [alwaysPresent(b.node) ? own : `and (${own}) (${presence(b.node)})`];
  });
  return parts.length === 1 ? parts[0] : `or ${parts.map((p) => `(${p})`).join(' ')}`;
}

/**
 * `{{- with .Values.x }}` fits a switch on an optional setting whose only content is that setting's own
 * value passed through whole: the field exists exactly when the value is not empty.
 */
function withOf(node: SwitchNode): string | undefined {
  const present = node.branches.filter((b) => b.node !== ABSENT);
  const pipeline = valuesPipeline(node.setting.path);
  const only = present[0]?.node;
  return node.setting.structure.kind === 'optional' && present.length === 1 && only !== ABSENT && only.kind === 'object'
    && only.pipeline === pipeline && !present[0].cases.includes(node.setting.cases[0]) ? pipeline : undefined;
}

/** The entries or items of `pipeline`, at this indentation of the mapping or list they are merged into (none when empty). */
function mergedLines(pipeline: string, indent: string): string[] {
  return [`${indent}{{- with ${pipeline} }}`, `${indent}{{- toYaml . | nindent ${indent.length} }}`, `${indent}{{- end }}`];
}

/** Whether a node stands for entries or items merged into the mapping or list it is in. */
function isMergedNode(node: TemplateNode | typeof ABSENT | undefined): boolean {
  return node !== undefined && node !== ABSENT && node.kind === 'object' && node.merge === true;
}

/** The content of a switch that has content in one branch only. */
function presentNode(node: SwitchNode): TemplateNode | undefined {
  const present = node.branches.filter((b) => b.node !== ABSENT);
  return present.length === 1 ? present[0].node as TemplateNode : undefined;
}

function renderSeq(node: SeqNode, indent: string, lines: string[], helpers: readonly LabelsHelper[]) {
  const renderItem = (value: TemplateNode) => {
    const withPipeline = value.kind === 'switch' ? withOf(value) : undefined;
    if (withPipeline && isMergedNode(presentNode(value as SwitchNode))) {
      // The items of a list appended to this one.
      lines.push(...mergedLines(withPipeline, indent));
    } else if (value.kind === 'switch') {
      renderSwitch(value, indent, lines, renderItem);
    } else if (value.kind === 'scalar') {
      lines.push(`${indent}- ${scalar(value.value)}`);
    } else if (value.kind === 'object' && isMergedNode(value)) {
      lines.push(...mergedLines(value.pipeline, indent));
    } else if (value.kind === 'object') {
      throw new Error(`helm: ${value.pipeline} stands for a whole list item; pass the whole list instead`);
    } else if (value.kind === 'map' && value.entries.size === 0) {
      lines.push(`${indent}- {}`);
    } else if (value.kind === 'seq' && value.items.length === 0) {
      lines.push(`${indent}- []`);
    } else {
      const nested: string[] = [];
      if (value.kind === 'map') renderMap(value, `${indent}  `, nested, helpers);
      else renderSeq(value, `${indent}  `, nested, helpers);
      const first = nested[0] ?? '';
      if (first.startsWith(`${indent}  `) && !first.trimStart().startsWith('{{') && !first.trimStart().startsWith('-')) {
        lines.push(`${indent}- ${first.slice(indent.length + 2)}`, ...nested.slice(1));
      } else {
        lines.push(`${indent}-`, ...nested);
      }
    }
  };
  for (const item of node.items) renderItem(item.node);
}

/**
 * `{{- if <case> }}` ... `{{- else if <case> }}` ... `{{- else }}` (the default) ... `{{- end }}`; a branch
 * without content gets no block, and then every other branch states its condition.
 */
function renderSwitch(node: SwitchNode, indent: string, lines: string[], renderBranch: (n: TemplateNode) => void) {
  renderBranches(node.setting, node.branches.map((b: Branch) => ({ cases: b.cases, body: b.node === ABSENT ? undefined : b.node })),
    indent, lines, renderBranch);
}

function renderBranches<T>(setting: SwitchNode['setting'], branches: ReadonlyArray<{ cases: readonly unknown[]; body: T | undefined }>,
  indent: string, lines: string[], renderBody: (body: T) => void) {
  const present = branches.filter((b): b is { cases: readonly unknown[]; body: T } => b.body !== undefined);
  const complete = present.length === branches.length;
  present.forEach((branch, i) => {
    const last = i === present.length - 1;
    const condition = conditionOf(setting, branch.cases);
    if (i === 0) lines.push(`${indent}{{- if ${condition} }}`);
    else if (last && complete) lines.push(`${indent}{{- else }}`);
    else lines.push(`${indent}{{- else if ${condition} }}`);
    renderBody(branch.body);
  });
  lines.push(`${indent}{{- end }}`);
}

/** A scalar as YAML: placeholders as template actions, literals quoted where YAML would misread them. */
function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'number') {
    const payload = Tokens.payloadOf(value);
    return payload ? `{{ ${pipelineOfPayload(payload, true)} }}` : String(value);
  }
  if (typeof value !== 'string') return String(value);
  if (Tokens.isUnresolved(value)) return `{{ ${pipelineOf(value)} | quote }}`;
  // Literal text that looks like a template action must not be run by Helm.
  if (value.includes('{{') || value.includes('}}')) return `{{ ${JSON.stringify(value)} | quote }}`;
  if (/[\n\r\t]/.test(value)) return JSON.stringify(value);
  return plainYaml(value);
}

function yamlKey(key: string): string {
  if (Tokens.isUnresolved(key)) throw new Error('helm: a placeholder cannot be a mapping key');
  return plainYaml(key);
}

/** YAML text of literal strings, by string: the same keys and values recur in every template. */
const plainYamlText = new Map<string, string>();

function plainYaml(text: string): string {
  let yaml = plainYamlText.get(text);
  if (yaml === undefined) plainYamlText.set(text, yaml = stringify(text, HELM_YAML).trimEnd());
  return yaml;
}
