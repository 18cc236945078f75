import { dependencyChainOf, StructuralSetting } from '../values-model';
import { mergePipelineOf, objectPipelineOf } from './placeholders';

/**
 * Derives template trees from syntheses, one per case of each structural setting.
 *
 * The chart is synthesized with the defaults, then once per non-default case of each structural setting
 * that matters there; a setting that depends on another's case (`persistence.type` on `persistence.enabled`)
 * is synthesized within that case instead, recursively. Each synthesis is compared with the one it varies,
 * and every place where they differ becomes a switch on that setting: the case's content, with the default's
 * as `else`. Nothing is searched for: the condition of a difference is the case that made it, so the cost is
 * 1 + the number of non-default cases syntheses, linear in the settings.
 */

/** Where a switch has no content for a case (a key, item or object that does not exist then). */
export const ABSENT = Symbol('absent');

/** A YAML node of a template. */
export type TemplateNode =
  | { readonly kind: 'scalar'; readonly value: string | number | boolean | null }
  /**
   * A mapping or list passed through whole: `toYaml` of `pipeline`. With `merge`, its entries (as a map entry
   * under a placeholder key) or items (as a list item) are added to the mapping or list it is in.
   */
  | { readonly kind: 'object'; readonly pipeline: string; readonly merge?: boolean }
  | { readonly kind: 'map'; readonly entries: Map<string, TemplateNode> }
  | { readonly kind: 'seq'; readonly items: Array<{ readonly key: string; node: TemplateNode }> }
  /** Content that depends on a structural setting; the branch holding the default case comes last. */
  | { readonly kind: 'switch'; readonly setting: StructuralSetting; readonly branches: ReadonlyArray<Branch> };

/** The content of a switch for some cases of its setting. */
export interface Branch { readonly cases: readonly unknown[]; readonly node: TemplateNode | typeof ABSENT }

type Slot = TemplateNode | typeof ABSENT;
/** The objects of one synthesis, by construct path (which names the template file). */
export type ObjectTrees = Map<string, TemplateNode>;

/** Synthesizes the chart with the given structural cases (dotted path -> case) and returns its objects as JSON. */
export type Synthesize = (cases: ReadonlyMap<string, unknown>) => Map<string, unknown>;

/** The template tree of every object the chart can create, with switches where structural settings choose. */
export function deriveTemplates(settings: readonly StructuralSetting[], synthesize: Synthesize): ObjectTrees {
  return new Derivation(settings, synthesize).derive(new Map(), new Set());
}

/** How many syntheses `deriveTemplates` makes: 1 + the non-default cases of every structural setting. */
export function synthesisCount(settings: readonly StructuralSetting[]): number {
  return 1 + settings.reduce((n, s) => n + s.cases.length - 1, 0);
}

class Derivation {
  public constructor(private readonly settings: readonly StructuralSetting[], private readonly synthesize: Synthesize) {}

  /** The trees for `cases`, with switches for the settings that matter here and did not in `parentApplicable`. */
  public derive(cases: ReadonlyMap<string, unknown>, parentApplicable: ReadonlySet<StructuralSetting>): ObjectTrees {
    const json = this.synthesize(cases);
    const base = new Map([...json].map(([p, o]) => [p, literalNode(o)]));
    const result = new Map([...base].map(([p, node]) => [p, copyNode(node)]));
    const applicable = new Set(this.settings.filter((s) => this.applies(s, cases)));
    // Settings that depend on another's default case go first: the other's switch then wraps theirs.
    const here = [...applicable].filter((s) => !parentApplicable.has(s) && !cases.has(s.path))
      .sort((a, b) => dependencyChainOf(this.settings, b).length - dependencyChainOf(this.settings, a).length);
    const installed: Array<{ place: Place; setting: StructuralSetting }> = [];

    for (const setting of here) {
      const variants = setting.cases.slice(1).map((value) => ({
        value,
        trees: this.derive(new Map([...cases, [setting.path, value]]), applicable),
      }));
      const places = coarsest(variants.flatMap((v) => diffTrees(base, v.trees)));
      for (const place of places) {
        for (const other of installed) this.checkNesting(setting, place, other.setting, other.place);
        const defaultNode = getSlot(result, place);
        const branches: Branch[] = [];
        const add = (value: unknown, node: Slot) => {
          const same = branches.find((b) => equalSlots(b.node, node));
          if (same) (same.cases as unknown[]).push(value);
          else branches.push({ cases: [value], node });
        };
        for (const v of variants) add(v.value, getSlot(v.trees, place));
        add(setting.cases[0], defaultNode);
        // The branch with the default case last, so it renders as `else`.
        branches.sort((a, b) => Number(a.cases.includes(setting.cases[0])) - Number(b.cases.includes(setting.cases[0])));
        setSlot(result, place, { kind: 'switch', setting, branches }, variants);
        installed.push({ place, setting });
      }
    }
    return result;
  }

  private applies(setting: StructuralSetting, cases: ReadonlyMap<string, unknown>): boolean {
    return dependencyChainOf(this.settings, setting).every((d) => {
      const dependency = this.settings.find((s) => s.path === d.path)!;
      return (cases.has(d.path) ? cases.get(d.path) : dependency.cases[0]) === d.value;
    });
  }

  /**
   * Two settings may change nested places only when the inner one matters just in the outer one's default
   * case (it was installed first, and the outer switch keeps it in its `else`); anything else is an
   * interaction the model has not declared.
   */
  private checkNesting(setting: StructuralSetting, place: Place, other: StructuralSetting, otherPlace: Place) {
    const outer = isPrefix(place, otherPlace);
    if (!outer && !isPrefix(otherPlace, place)) return;
    const innerNeedsDefault = dependencyChainOf(this.settings, other).some((d) => d.path === setting.path && d.value === setting.cases[0]);
    if (outer && innerNeedsDefault) return;
    throw new Error(`helm: the structural settings ${setting.path} and ${other.path} both change ${describePlace(outer ? otherPlace : place)}; `
      + `declare which one depends on the other (dependsOn) so their conditions nest`);
  }
}

/** A place in the objects: the construct path, then map keys and item keys. */
type Place = readonly string[];

function isPrefix(prefix: Place, place: Place): boolean {
  return prefix.length <= place.length && prefix.every((segment, i) => place[i] === segment);
}

function describePlace(place: Place): string {
  return place.length === 1 ? `the object ${place[0]}` : `${place.slice(1).join('.')} of ${place[0]}`;
}

/** Places that no other place contains. */
function coarsest(places: Place[]): Place[] {
  const unique = new Map(places.map((p) => [JSON.stringify(p), p]));
  // A place another contains has one of its own strict prefixes among them: look those up, not every pair.
  return [...unique.values()].filter((p) => !p.some((_, length) => length > 0 && unique.has(JSON.stringify(p.slice(0, length)))));
}

/** The places where `variant` differs from `base` (a literal tree). */
function diffTrees(base: ObjectTrees, variant: ObjectTrees): Place[] {
  const paths = new Set([...base.keys(), ...variant.keys()]);
  return [...paths].flatMap((p) => diffSlots(base.get(p) ?? ABSENT, variant.get(p) ?? ABSENT, [p]));
}

function diffSlots(a: Slot, b: Slot, at: Place): Place[] {
  if (equalSlots(a, b)) return [];
  if (a !== ABSENT && b !== ABSENT) {
    if (a.kind === 'map' && b.kind === 'map') {
      const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
      return [...keys].flatMap((k) => diffSlots(a.entries.get(k) ?? ABSENT, b.entries.get(k) ?? ABSENT, [...at, k]));
    }
    if (a.kind === 'seq' && b.kind === 'seq' && sameKeying(a, b)) {
      const keys = new Set([...a.items.map((i) => i.key), ...b.items.map((i) => i.key)]);
      return [...keys].flatMap((k) => diffSlots(itemAt(a, k), itemAt(b, k), [...at, k]));
    }
  }
  return [at];
}

/**
 * Items are matched by name when every item has one, else by index when the lengths agree; merged items (see
 * `literalNode`) by their pipeline.
 */
function sameKeying(a: { items: Array<{ key: string }> }, b: { items: Array<{ key: string }> }): boolean {
  const byName = (s: typeof a) => s.items.every((i) => i.key.startsWith('name:') || i.key.startsWith('merge:'));
  if (byName(a) && byName(b)) return true;
  const indexed = (s: typeof a) => s.items.filter((i) => !i.key.startsWith('merge:')).length;
  return !byName(a) && !byName(b) && indexed(a) === indexed(b);
}

function itemAt(seq: Extract<TemplateNode, { kind: 'seq' }>, key: string): Slot {
  return seq.items.find((i) => i.key === key)?.node ?? ABSENT;
}

function getSlot(trees: ObjectTrees, place: Place): Slot {
  let node: Slot = trees.get(place[0]) ?? ABSENT;
  for (const segment of place.slice(1)) {
    if (node === ABSENT) return ABSENT;
    if (node.kind === 'map') node = node.entries.get(segment) ?? ABSENT;
    else if (node.kind === 'seq') node = itemAt(node, segment);
    else throw new Error(`helm: cannot reach ${describePlace(place)} through a ${node.kind}`);
  }
  return node;
}

/** Puts `node` at `place`; a new item goes after the item it follows in the variant that has it. */
function setSlot(trees: ObjectTrees, place: Place, node: TemplateNode, variants: ReadonlyArray<{ trees: ObjectTrees }>) {
  if (place.length === 1) {
    trees.set(place[0], node);
    return;
  }
  const parent = getSlot(trees, place.slice(0, -1));
  const key = place[place.length - 1];
  if (parent === ABSENT || (parent.kind !== 'map' && parent.kind !== 'seq')) throw new Error(`helm: no place for ${describePlace(place)}`);
  if (parent.kind === 'map') {
    parent.entries.set(key, node);
    return;
  }
  const existing = parent.items.find((i) => i.key === key);
  if (existing) {
    existing.node = node;
    return;
  }
  // Keep the variant's order: after the item that precedes it there, if this tree has that item.
  const source = variants.map((v) => getSlot(v.trees, place.slice(0, -1)))
    .find((s): s is Extract<TemplateNode, { kind: 'seq' }> => s !== ABSENT && s.kind === 'seq' && s.items.some((i) => i.key === key));
  const sourceIndex = source ? source.items.findIndex((i) => i.key === key) : -1;
  const before = sourceIndex > 0 ? parent.items.findIndex((i) => i.key === source!.items[sourceIndex - 1].key) : -1;
  parent.items.splice(before >= 0 ? before + 1 : parent.items.length, 0, { key, node });
}

/**
 * A synthesized JSON value as a template node; object placeholders become `object` nodes, and so do merged
 * mappings' keys and merged lists' items (`merge` set; an item keyed `merge:<pipeline>`).
 */
export function literalNode(value: unknown): TemplateNode {
  const merged = mergePipelineOf(value);
  if (merged !== undefined) return { kind: 'object', pipeline: merged, merge: true };
  const pipeline = objectPipelineOf(value);
  if (pipeline !== undefined) return { kind: 'object', pipeline };
  if (Array.isArray(value)) {
    const own = value.filter((v) => mergePipelineOf(v) === undefined);
    const named = own.length > 0 && own.every((v) => isPlainObject(v) && typeof v.name === 'string');
    const keyOf = (v: unknown, i: number) => {
      const mergedItems = mergePipelineOf(v);
      if (mergedItems !== undefined) return `merge:${mergedItems}`;
      return named ? `name:${(v as { name: string }).name}` : `#${i}`;
    };
    return { kind: 'seq', items: value.map((v, i) => ({ key: keyOf(v, i), node: literalNode(v) })) };
  }
  if (isPlainObject(value)) {
    return {
      kind: 'map',
      entries: new Map(Object.entries(value).map(([k, v]) => {
        const mergedEntries = mergePipelineOf(k);
        return [k, mergedEntries !== undefined ? { kind: 'object', pipeline: mergedEntries, merge: true } : literalNode(v)];
      })),
    };
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    throw new Error(`helm: cannot render ${String(value)}`);
  }
  return { kind: 'scalar', value: value as string | number | boolean | null };
}

/** A fresh copy of a literal tree (maps and items copied, so `setSlot` can change it; leaves shared). */
function copyNode(node: TemplateNode): TemplateNode {
  if (node.kind === 'map') return { kind: 'map', entries: new Map([...node.entries].map(([k, v]) => [k, copyNode(v)])) };
  if (node.kind === 'seq') return { kind: 'seq', items: node.items.map((i) => ({ key: i.key, node: copyNode(i.node) })) };
  return node;
}

/**
 * Whether two slots are equal: exactly when their `canonicalNode` texts are, compared node by node (stopping
 * at the first difference) instead of building the texts of whole subtrees at every level of a diff.
 */
function equalSlots(a: Slot, b: Slot): boolean {
  if (a === b) return true;
  if (a === ABSENT || b === ABSENT || a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'scalar': return a.value === (b as typeof a).value || JSON.stringify(a.value) === JSON.stringify((b as typeof a).value);
    case 'object': return a.pipeline === (b as typeof a).pipeline && a.merge === (b as typeof a).merge;
    case 'map': {
      const other = (b as typeof a).entries;
      if (a.entries.size !== other.size) return false;
      for (const [key, node] of a.entries) {
        const otherNode = other.get(key);
        if (otherNode === undefined || !equalSlots(node, otherNode)) return false;
      }
      return true;
    }
    case 'seq': {
      const other = (b as typeof a).items;
      return a.items.length === other.length && a.items.every((item, i) => item.key === other[i].key && equalSlots(item.node, other[i].node));
    }
    case 'switch': {
      const other = b as typeof a;
      return a.setting.path === other.setting.path && a.branches.length === other.branches.length
        && a.branches.every((branch, i) => JSON.stringify(branch.cases) === JSON.stringify(other.branches[i].cases)
          && equalSlots(branch.node, other.branches[i].node));
    }
  }
}

/** Text that is equal for equal nodes. */
export function canonicalNode(node: TemplateNode | typeof ABSENT): string {
  if (node === ABSENT) return '!absent';
  switch (node.kind) {
    case 'scalar': return JSON.stringify(node.value);
    case 'object': return `!${node.merge ? 'merge' : 'object'}(${node.pipeline})`;
    case 'map': return `{${[...node.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalNode(v)}`).join(',')}}`;
    case 'seq': return `[${node.items.map((i) => `${JSON.stringify(i.key)}=${canonicalNode(i.node)}`).join(',')}]`;
    case 'switch': return `!switch(${node.setting.path};${node.branches.map((b) => `${JSON.stringify(b.cases)}=>${canonicalNode(b.node)}`).join(';')})`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
