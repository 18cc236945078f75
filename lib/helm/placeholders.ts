import { Tokens } from '../tokens';
import { Fields, ModelNode, StructuralSetting, ValuesOf } from '../values-model';

/**
 * The Helm layer's placeholders: each carries a Go template pipeline (`.Values.backend.replicaCount`), and
 * this module turns placeholders found in synthesized objects back into pipelines. Nothing below `lib/helm/`
 * knows Go templates; the constructs only see opaque placeholders (see `Tokens`).
 */

/** What a Helm placeholder stands for: a pipeline, and how its result is used. */
interface HelmRef {
  /** The Go template pipeline, e.g. `.Values.backend.replicaCount` or `include "x.fullname" .`. */
  readonly helm: string;
  /**
   * `integer` pipelines are piped through `int`; `object` ones through `toYaml`; `merge` ones are mappings or
   * lists whose entries or items are added to a mapping or list the objects already have.
   */
  readonly kind: 'string' | 'integer' | 'object' | 'merge';
}

/**
 * The string and number placeholders made so far, by kind and pipeline: `Tokens` gives one placeholder per
 * payload anyway, and every Helm synthesis asks again for the same ones.
 */
const made = new Map<string, string | number>();

/** A string placeholder for the pipeline `expression`. */
export function helmString(expression: string): string {
  const key = `string:${expression}`;
  let token = made.get(key);
  if (token === undefined) made.set(key, token = Tokens.string(ref(expression, 'string')));
  return token as string;
}

/** A number placeholder for the pipeline `expression` (used as an integer). */
export function helmInteger(expression: string): number {
  const key = `integer:${expression}`;
  let token = made.get(key);
  if (token === undefined) made.set(key, token = Tokens.number(ref(expression, 'integer')));
  return token as number;
}

/** An object (or list) placeholder for the pipeline `expression`, rendered with `toYaml`. */
export function helmObject(expression: string, list: boolean): object {
  return Tokens.object(ref(expression, 'object'), list);
}

/**
 * A mapping for the pipeline `expression` that a construct merges into a mapping of its own (`{ ...mine, ...it }`
 * or the other way round): its one entry, a placeholder key, stands for all of the pipeline's entries, which the
 * template adds there with `toYaml`.
 */
export function helmMergedMap(expression: string): Record<string, string> {
  const key = Tokens.string(ref(expression, 'merge'));
  return { [key]: key };
}

/**
 * A list for the pipeline `expression` that a construct appends to a list of its own (`[...mine, ...it]`): its
 * one item, an object placeholder, stands for all of the pipeline's items.
 */
export function helmMergedList(expression: string): object[] {
  return [Tokens.object(ref(expression, 'merge'))];
}

/** The pipeline of a merged mapping's key or a merged list's item (see `helmMergedMap`); undefined for anything else. */
export function mergePipelineOf(value: unknown): string | undefined {
  if (!Tokens.isUnresolved(value)) return undefined;
  const payload = Tokens.payloadOf(value) as Partial<HelmRef> | undefined;
  return payload?.kind === 'merge' ? payload.helm : undefined;
}

function ref(expression: string, kind: HelmRef['kind']): HelmRef {
  if (expression.trim() === '' || expression.includes('{{') || expression.includes('}}')) {
    throw new Error(`invalid template pipeline ${JSON.stringify(expression)}`);
  }
  return { helm: expression, kind };
}

/** The pipeline behind a whole placeholder's payload, `int` included for integers. */
export function pipelineOfPayload(payload: object, numeric: boolean): string {
  if ('sha256' in payload && typeof payload.sha256 === 'string') return `${pipelineOf(payload.sha256)} | sha256sum`;
  if ('helm' in payload && typeof payload.helm === 'string') {
    const kind = (payload as HelmRef).kind;
    if (kind === 'merge') throw new Error(`helm: the entries of ${payload.helm} were used as one value; merge them into a mapping or list instead`);
    return kind === 'integer' || numeric ? `${payload.helm} | int` : payload.helm;
  }
  throw new Error(`a placeholder that does not come from the Helm layer: ${JSON.stringify(payload)}`);
}

/** The payload of an object placeholder made by `helmObject`; undefined for any other value. */
export function objectPipelineOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const payload = Tokens.payloadOf(value);
  if (!payload) return undefined;
  if (!('helm' in payload) || typeof payload.helm !== 'string') throw new Error(`a placeholder that does not come from the Helm layer: ${JSON.stringify(payload)}`);
  return payload.helm;
}

/**
 * A Go template pipeline that yields `text` with its placeholders filled in: the text itself when it holds
 * none, a placeholder's own pipeline when it is one, else a `printf` of the pieces.
 */
export function pipelineOf(text: string): string {
  const parts = Tokens.parse(text);
  if (parts.length === 0) return '""';
  if (parts.every((part) => 'literal' in part)) return JSON.stringify(text);
  if (parts.length === 1 && 'payload' in parts[0]) return pipelineOfPayload(parts[0].payload, parts[0].numeric);
  const format = parts.map((part) => ('literal' in part ? part.literal.replace(/%/g, '%%') : '%v')).join('');
  const operands = parts.flatMap((part) => {
    if ('literal' in part) return [];
    const pipeline = pipelineOfPayload(part.payload, part.numeric);
    return [/\s/.test(pipeline) ? `(${pipeline})` : pipeline];
  });
  return `printf ${JSON.stringify(format)} ${operands.join(' ')}`;
}

/** The `.Values` pipeline of a setting. */
export function valuesPipeline(path: string): string {
  return `.Values.${path}`;
}

/**
 * The values tree of one Helm synthesis: a placeholder in every setting, except the structural settings,
 * which take the case given in `cases` (or their default); a non-empty case of an optional setting is a
 * placeholder too.
 */
export function helmValuesOf<N extends ModelNode>(model: N, cases: ReadonlyMap<string, unknown>, prefix = ''): ValuesOf<N> {
  if (model.node === 'group') {
    return Object.fromEntries(Object.entries(model.fields as Fields).map(([k, f]) =>
      [k, helmValuesOf(f, cases, prefix ? `${prefix}.${k}` : k)])) as ValuesOf<N>;
  }
  const pipeline = valuesPipeline(prefix);
  const placeholder = () => {
    switch (model.type) {
      case 'integer': return helmInteger(pipeline);
      case 'object': return model.merge ? helmMergedMap(pipeline) : helmObject(pipeline, false);
      case 'array': return model.merge ? helmMergedList(pipeline) : helmObject(pipeline, true);
      case 'boolean': throw new Error(`${prefix}: a boolean setting must be structural`);
      default: return helmString(pipeline);
    }
  };
  const structure = model.structure;
  if (!structure) return placeholder() as ValuesOf<N>;
  const value = cases.has(prefix) ? cases.get(prefix) : model.default;
  if (structure.kind === 'optional' && !isEmpty(value)) return placeholder() as ValuesOf<N>;
  return value as ValuesOf<N>;
}

/** Go template condition that holds exactly when the setting takes one of `cases`. */
export function conditionOf(setting: StructuralSetting, cases: readonly unknown[]): string {
  const ref = valuesPipeline(setting.path);
  if (setting.structure.kind === 'optional' || setting.leaf.type === 'boolean') {
    // Two cases: set (true, non-empty) or not.
    const truthy = cases.some((c) => !isEmpty(c) && c !== false);
    return truthy ? ref : `not ${ref}`;
  }
  const others = setting.cases.filter((c) => !cases.includes(c));
  if (cases.length === 1) return `eq ${ref} ${JSON.stringify(cases[0])}`;
  if (others.length === 1) return `ne ${ref} ${JSON.stringify(others[0])}`;
  return `or ${cases.map((c) => `(eq ${ref} ${JSON.stringify(c)})`).join(' ')}`;
}

function isEmpty(value: unknown): boolean {
  if (value === '' || value === undefined || value === null) return true;
  if (typeof value === 'object' && !Tokens.isUnresolved(value)) return Object.keys(value).length === 0;
  return false;
}
