import { Tokens } from '../tokens';
import { Assignment, conditionFor, Switch } from './conditions';

/**
 * Merges what the variants of a synthesis produced into one tree in which the parts that differ between
 * variants carry the condition under which they appear.
 */

/** A YAML node of a template. */
export type TemplateNode =
  | { readonly kind: 'scalar'; readonly value: string | number | boolean | null }
  | { readonly kind: 'map'; readonly entries: readonly TemplateEntry[] }
  | { readonly kind: 'seq'; readonly items: readonly TemplateItem[] };

/** A mapping entry, present only when `condition` holds (always, without one). */
export interface TemplateEntry { readonly key: string; readonly value: TemplateNode; readonly condition?: string }

/** A sequence item, present only when `condition` holds (always, without one). */
export interface TemplateItem { readonly value: TemplateNode; readonly condition?: string }

/** What one variant produced at some place in the tree. */
export interface VariantValue { readonly assignment: Assignment; readonly value: unknown }

/** Merges values that every variant in `items` has at the same place. */
export function mergeVariants(switches: readonly Switch[], items: readonly VariantValue[]): TemplateNode {
  const alternatives = alternativesOf(switches, items, items);
  if (alternatives.length !== 1 || alternatives[0].condition) {
    throw new Error('helm: a value differs between variants where no condition can be attached (a top-level scalar)');
  }
  return alternatives[0].value;
}

/** A plain JSON value as a template node with no conditions. */
export function literalNode(value: unknown): TemplateNode {
  if (Array.isArray(value)) return { kind: 'seq', items: value.map((v) => ({ value: literalNode(v) })) };
  if (isPlainObject(value)) return { kind: 'map', entries: Object.entries(value).map(([key, v]) => ({ key, value: literalNode(v) })) };
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    throw new Error(`helm: cannot render ${String(value)}`);
  }
  return { kind: 'scalar', value: value as string | number | boolean | null };
}

/**
 * The ways a place of the tree is filled across `context` (every variant that reaches the place),
 * given the variants in `present` that have a value there.
 */
function alternativesOf(switches: readonly Switch[], present: readonly VariantValue[], context: readonly VariantValue[]): Array<{ value: TemplateNode; condition?: string }> {
  const presentSet = new Set(present);
  const absent = context.filter((c) => !presentSet.has(c)).map((c) => c.assignment);
  const when = (group: readonly VariantValue[]) => {
    const inGroup = new Set(group);
    return conditionFor(switches, group.map((g) => g.assignment), context.filter((c) => !inGroup.has(c)).map((c) => c.assignment));
  };
  const first = present[0].value;
  if (present.every((p) => canonical(p.value) === canonical(first))) {
    return [{ value: literalNode(first), condition: absent.length ? when(present) : undefined }];
  }
  if (present.every((p) => isPlainObject(p.value))) {
    return [{ value: mergeMaps(switches, present), condition: absent.length ? when(present) : undefined }];
  }
  if (present.every((p) => Array.isArray(p.value))) {
    return [{ value: mergeSeqs(switches, present), condition: absent.length ? when(present) : undefined }];
  }
  const mirrored = switchMirrored(switches, present);
  if (mirrored && !absent.length) return [{ value: mirrored }];
  const groups = new Map<string, VariantValue[]>();
  for (const p of present) {
    const key = canonical(p.value);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((group) => ({ value: literalNode(group[0].value), condition: when(group) }));
}

const ABSENT = Symbol('absent');

/** The child of every item at `key`, ABSENT where it has none; then the alternatives of that place. */
function alternativesAt(switches: readonly Switch[], items: readonly VariantValue[], childOf: (item: VariantValue) => unknown) {
  const context = items.map((item) => ({ assignment: item.assignment, value: childOf(item) }));
  return alternativesOf(switches, context.filter((c) => c.value !== ABSENT), context);
}

function mergeMaps(switches: readonly Switch[], items: readonly VariantValue[]): TemplateNode {
  const keys = orderedUnion(items.map((i) => Object.keys(i.value as object)));
  const entries = keys.flatMap((key) => alternativesAt(switches, items, (item) => {
    const map = item.value as Record<string, unknown>;
    return key in map ? map[key] : ABSENT;
  }).map((alt) => ({ key, ...alt })));
  return { kind: 'map', entries };
}

function mergeSeqs(switches: readonly Switch[], items: readonly VariantValue[]): TemplateNode {
  const arrays = items.map((i) => i.value as unknown[]);
  const sameLength = arrays.every((a) => a.length === arrays[0].length);
  const keyOf = (value: unknown, index: number) => {
    if (isPlainObject(value) && typeof value.name === 'string') return `name:${value.name}`;
    return sameLength ? `index:${index}` : `value:${canonical(value)}`;
  };
  const keyed = new Map(items.map((item, n) => [item, new Map(arrays[n].map((v, i) => [keyOf(v, i), v]))]));
  const keys = orderedUnion([...keyed.values()].map((m) => [...m.keys()]));
  const result = keys.flatMap((key) => alternativesAt(switches, items, (item) => {
    const byKey = keyed.get(item)!;
    return byKey.has(key) ? byKey.get(key) : ABSENT;
  }));
  return { kind: 'seq', items: result };
}

/** `{{ .Values.<switch> }}` for a string that equals one switch's value in every variant, as a `type:` field does. */
function switchMirrored(switches: readonly Switch[], present: readonly VariantValue[]): TemplateNode | undefined {
  if (!present.every((p) => typeof p.value === 'string')) return undefined;
  const index = switches.findIndex((s) => present.every((p) => s.cases[p.assignment[switches.indexOf(s)]].value === p.value));
  return index < 0 ? undefined : { kind: 'scalar', value: Tokens.string(`.Values.${switches[index].path}`) };
}

function orderedUnion(lists: readonly (readonly string[])[]): string[] {
  const result: string[] = [];
  for (const list of lists) {
    list.forEach((key, i) => {
      if (result.includes(key)) return;
      // Keep the key after the one it follows in its own list, so relative order survives.
      const before = i > 0 ? result.indexOf(list[i - 1]) : -1;
      result.splice(before + 1, 0, key);
    });
  }
  return result;
}

/** JSON with sorted keys: equal for equal values whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (isPlainObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
