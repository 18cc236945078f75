/**
 * A small typed model of a values tree (Helm's values.yaml). Every setting is declared once, with its
 * type, default, constraints and description; from that declaration come the TypeScript type of the
 * values, the defaults, the JSON Schema, the commented values.yaml and the list of structural settings (which
 * the Helm layer, `lib/helm/`, derives templates from); the docs' table of values is read from it too
 * (scripts/markdown.ts). None of those is written by hand, so none can drift.
 */

/** JSON Schema (draft-07), as plain data. */
export type JsonSchema = { [key: string]: unknown };

/**
 * How a setting shapes the output beyond filling in a field: the objects or fields that exist depend on it.
 * Every other setting is copied into the output where it is used.
 */
export interface Structure {
  /**
   * `cases`: each of the setting's cases may give different objects or fields; `optional`: the empty
   * default leaves something out, any other value is used as it is.
   */
  readonly kind: 'cases' | 'optional';
  /**
   * The case of another setting (by dotted path) without which this one has no effect, e.g.
   * `persistence.type` needs `persistence.enabled` true; of an `optional` setting, only its empty default.
   * @default - it always matters
   */
  readonly dependsOn?: { readonly path: string; readonly value: unknown };
  /**
   * For `optional`: a non-empty value that shows the setting's effect (the docs and tests use it).
   * @default - none (a `cases` setting shows each of its cases)
   */
  readonly example?: unknown;
}

/** A setting. */
export interface Leaf<T> {
  /** Tells a setting from a group. */
  readonly node: 'leaf';
  /** The JSON Schema type of the value. */
  readonly type: 'string' | 'integer' | 'boolean' | 'object' | 'array';
  /** The value in values.yaml. */
  readonly default: T;
  /** What the setting does: values.yaml's comment, the schema's and the docs' description. */
  readonly description: string;
  /** Further schema keywords (minimum, pattern, enum, ...). */
  readonly schema: JsonSchema;
  /**
   * Set when the setting chooses structure rather than a field's value.
   * @default - the setting fills in fields
   */
  readonly structure?: Structure;
  /**
   * The values a structural setting or an enum chooses between.
   * @default - any value of the type
   */
  readonly cases?: readonly T[];
  /**
   * Set for a pass-through mapping or list that is merged into one the output already has (pod labels into
   * the chart's own, extra variables after the chart's), rather than being a field of its own.
   * @default false
   */
  readonly merge?: boolean;
  /**
   * Whether `null` is a value: it leaves the setting's field out. Helm drops a key set to null before it checks the
   * schema, so the schema does not require the key; the plain synthesis keeps the null and checks the values
   * without it (`withoutNulls`), as Helm does.
   * @default false
   */
  readonly nullable?: boolean;
}

/** A group of settings. */
export interface Group<F extends Fields> {
  /** Tells a group from a setting. */
  readonly node: 'group';
  /** What the group holds, the comment above it in values.yaml. */
  readonly description: string;
  /** The settings and groups inside, by key. */
  readonly fields: F;
  /** Extra schema keywords for the group (`if`/`then`, say). */
  readonly schema: JsonSchema;
  /** Whether keys the model does not declare are allowed (Helm's `global` must accept its parents' keys). */
  readonly open: boolean;
}

/** A setting or a group of settings. */
export type ModelNode = Leaf<any> | Group<any>;
/** The settings and groups of a group, by key. */
export type Fields = { readonly [key: string]: ModelNode };

/** The values a model node describes. */
export type ValuesOf<N> = N extends Leaf<infer T> ? T : N extends Group<infer F> ? { [K in keyof F]: ValuesOf<F[K]> } : never;

/** A values tree where any setting may be left out (a values file). */
export type PartialValues<T> = T extends object ? { [K in keyof T]?: PartialValues<T[K]> } : T;

interface LeafOptions { readonly schema?: JsonSchema }

/** What a structural setting depends on (see `Structure.dependsOn`). */
export interface StructureOptions {
  /**
   * The case of another setting without which this one has no effect.
   * @default - it always matters
   */
  readonly dependsOn?: Structure['dependsOn'];
}

/**
 * A string setting. `optional` makes an empty string mean "leave the field out" (a structural setting;
 * `example` is a value that shows its effect).
 */
export function str(description: string, defaultValue: string,
  options: LeafOptions & { readonly optional?: StructureOptions & { readonly example: string } } = {}): Leaf<string> {
  return {
    node: 'leaf', type: 'string', default: defaultValue, description, schema: options.schema ?? {},
    ...(options.optional ? { structure: { kind: 'optional', dependsOn: options.optional.dependsOn, example: options.optional.example } } : {}),
  };
}

/** An integer setting between `minimum` and `maximum`. */
export function int(description: string, defaultValue: number, minimum: number, maximum?: number): Leaf<number> {
  return {
    node: 'leaf', type: 'integer', default: defaultValue, description,
    schema: { minimum, ...(maximum === undefined ? {} : { maximum }) },
  };
}

/**
 * An integer setting that `null` leaves out (a field the cluster then fills in, such as a node port): structural,
 * `optional` with null as the case that leaves the field out.
 */
export function nullableInt(description: string, defaultValue: number, minimum: number, maximum: number,
  structure: StructureOptions = {}): Leaf<number | null> {
  return {
    node: 'leaf', type: 'integer', default: defaultValue, description, schema: { minimum, maximum }, nullable: true,
    structure: { kind: 'optional', dependsOn: structure.dependsOn, example: null },
  };
}

/** A boolean setting; booleans always choose structure, so each is structural. */
export function bool(description: string, defaultValue: boolean, structure: StructureOptions = {}): Leaf<boolean> {
  return {
    node: 'leaf', type: 'boolean', default: defaultValue, description, schema: {},
    structure: { kind: 'cases', dependsOn: structure.dependsOn }, cases: [false, true],
  };
}

/**
 * One of a fixed set of strings; `structural` when the choice changes objects or fields rather than
 * only filling one in.
 */
export function choice<const T extends string>(description: string, defaultValue: T, values: readonly T[],
  structural?: boolean | StructureOptions): Leaf<T> {
  return {
    node: 'leaf', type: 'string', default: defaultValue, description, schema: { enum: [...values] }, cases: values,
    ...(structural ? { structure: { kind: 'cases', dependsOn: structural === true ? undefined : structural.dependsOn } } : {}),
  };
}

/**
 * A mapping (or, with `list`, a list) passed through whole, such as a pod's `nodeSelector`, `tolerations`
 * or `affinity`: empty by default, and empty leaves the field out. `schema` describes its contents.
 *
 * With `merge`, it is merged into a mapping or list the output already has (`podLabels`, `extraEnv`) instead.
 * `merge: 'everywhere'` is for one that reaches objects other settings create (`commonLabels`, in every
 * object's labels): it is no structural setting then, so every case of the others carries it, and it may only
 * merge into mappings and lists that exist whenever their object does (its emptiness leaves nothing out).
 */
export function passThrough<T extends object>(description: string,
  options: StructureOptions & { readonly list?: boolean; readonly merge?: boolean | 'everywhere'; readonly schema?: JsonSchema; readonly example: T }): Leaf<T> {
  return {
    node: 'leaf', type: options.list ? 'array' : 'object', default: (options.list ? [] : {}) as T, description,
    // Not structural, its example goes where editors and tests find it: the schema's `examples`.
    schema: options.merge === 'everywhere' ? { ...options.schema, examples: [options.example] } : options.schema ?? {},
    ...(options.merge === 'everywhere' ? {} : { structure: { kind: 'optional', example: options.example, dependsOn: options.dependsOn } }),
    ...(options.merge ? { merge: true } : {}),
  };
}

/** A group of settings. */
export function group<F extends Fields>(description: string, fields: F, options: { schema?: JsonSchema; open?: boolean } = {}): Group<F> {
  return { node: 'group', description, fields, schema: options.schema ?? {}, open: options.open ?? false };
}

/** The defaults of a model. */
export function defaultsOf<N extends ModelNode>(model: N): ValuesOf<N> {
  if (model.node === 'leaf') return model.default;
  return Object.fromEntries(Object.entries(model.fields as Fields).map(([k, f]) => [k, defaultsOf(f)])) as ValuesOf<N>;
}

/** The JSON Schema of a model; `description`s and `default`s included so editors and docs can show them. */
export function jsonSchemaOf(model: ModelNode, root = true): JsonSchema {
  if (model.node === 'leaf') {
    return { type: model.type, description: model.description, default: model.default, ...model.schema };
  }
  const fields = model.fields as Fields;
  return {
    ...(root ? { $schema: 'http://json-schema.org/draft-07/schema#' } : {}),
    type: 'object',
    description: model.description,
    properties: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, jsonSchemaOf(f, false)])),
    // Every key is required: values.yaml sets each one, so a key can only go missing when a values file sets it
    // to null, which Helm drops before it checks the schema (it would then render an empty value).
    required: Object.keys(fields).filter((k) => !(fields[k].node === 'leaf' && (fields[k] as Leaf<unknown>).nullable)),
    // Closed, the root included, so a misspelt key is an error; a model that is a subchart declares `global`
    // (open), the one key Helm adds to a subchart's values.
    ...(model.open ? {} : { additionalProperties: false }),
    ...model.schema,
  };
}

/** The values as Helm checks them: without the keys of nullable settings set to null (Helm drops those). */
export function withoutNulls<T>(model: ModelNode, values: T): T {
  const copy = JSON.parse(JSON.stringify(values));
  for (const { path } of leavesOf(model).filter(({ leaf }) => leaf.nullable)) {
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce<any>((node, key) => (node !== null && typeof node === 'object' ? node[key] : undefined), copy);
    if (parent !== null && typeof parent === 'object' && parent[keys[keys.length - 1]] === null) delete parent[keys[keys.length - 1]];
  }
  return copy;
}

/** Every setting with its dotted path, in declaration order. */
export function leavesOf(model: ModelNode, prefix = ''): Array<{ path: string; leaf: Leaf<any> }> {
  if (model.node === 'leaf') return [{ path: prefix, leaf: model }];
  return Object.entries(model.fields as Fields).flatMap(([k, f]) => leavesOf(f, prefix ? `${prefix}.${k}` : k));
}

/** values.yaml: every setting at its default, each with its description as a comment. */
export function valuesYamlOf(model: Group<any>, header: string): string {
  const lines: string[] = header.split('\n').map((l) => (l ? `# ${l}` : '#'));
  const walk = (node: Group<any>, indent: string) => {
    for (const [key, field] of Object.entries(node.fields as Fields)) {
      lines.push('');
      for (const l of field.description.split('\n')) lines.push(`${indent}# ${l}`);
      if (field.node === 'group') {
        lines.push(`${indent}${key}:`);
        walk(field, `${indent}  `);
      } else {
        lines.push(`${indent}${key}: ${yamlScalar(field.default)}`);
      }
    }
  };
  walk(model, '');
  return `${lines.join('\n')}\n`;
}

/** `text` as a markdown code span; a backtick inside, which would end the span, becomes a quote. */
export const codeSpan = (text: unknown) => `\`${String(text).replace(/`/g, "'")}\``;

/** A GFM table: a `|` in a cell is escaped, a line break becomes a space. */
export function markdownTableOf(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

/** The columns of a values table. */
export const VALUES_TABLE_HEADER = ['Value', 'Type', 'Default', 'Description'] as const;

/** Every setting of a model as a row of a values table: path, type (a choice's cases), default, description. */
export function valuesTableRows(model: ModelNode): string[][] {
  return leavesOf(model).map(({ path, leaf }) => [
    codeSpan(path), leaf.cases && leaf.type === 'string' ? leaf.cases.map(codeSpan).join(' | ') : `${leaf.type}${leaf.nullable ? ' or null' : ''}`,
    codeSpan(JSON.stringify(leaf.default)), leaf.description,
  ]);
}

/** A structural setting of a model, as the derivation of templates, the tests and the docs read it. */
export interface StructuralSetting {
  /** Dotted path of the setting. */
  readonly path: string;
  /** The setting. */
  readonly leaf: Leaf<any>;
  /** Its structure (kind, dependency). */
  readonly structure: Structure;
  /** The default first, then every other case (for `optional`: the example). */
  readonly cases: readonly unknown[];
}

/** Every structural setting of a model, in declaration order; throws on a dependency that names no case. */
export function structuralSettingsOf(model: ModelNode): StructuralSetting[] {
  const leaves = leavesOf(model);
  const settings = leaves.filter(({ leaf }) => leaf.structure).map(({ path, leaf }) => {
    const structure = leaf.structure!;
    const cases = structure.kind === 'optional' ? [leaf.default, structure.example]
      : [leaf.default, ...(leaf.cases ?? []).filter((c: unknown) => c !== leaf.default)];
    return { path, leaf, structure, cases };
  });
  for (const s of settings) {
    const dependency = s.structure.dependsOn;
    if (!dependency) continue;
    const target = settings.find((t) => t.path === dependency.path);
    // An optional setting has one case to depend on: its empty default (the other stands for any value).
    const dependable = target && (target.structure.kind === 'cases' ? target.cases : [target.cases[0]]);
    if (!dependable || !dependable.includes(dependency.value)) {
      throw new Error(`values model: ${s.path} depends on ${dependency.path}=${JSON.stringify(dependency.value)}, which is no case of a structural setting`);
    }
  }
  return settings;
}

/**
 * The settings a case needs besides its own: the dependency of its setting, and that setting's own
 * dependencies, outermost first.
 */
export function dependencyChainOf(settings: readonly StructuralSetting[], setting: StructuralSetting): Array<{ path: string; value: unknown }> {
  const dependency = setting.structure.dependsOn;
  if (!dependency) return [];
  const parent = settings.find((s) => s.path === dependency.path)!;
  return [...dependencyChainOf(settings, parent), { path: dependency.path, value: dependency.value }];
}

/** One way of setting the structural settings: a values file (dotted paths) and what it shows. */
export interface StructuralVariant {
  /** The setting whose case this variant shows; undefined for the defaults. */
  readonly setting?: StructuralSetting;
  /** The values, by dotted path: the case and the cases it depends on. */
  readonly settings: ReadonlyMap<string, unknown>;
}

/**
 * The defaults, then one variant per non-default case of each structural setting (with the cases it depends
 * on): 1 + the number of non-default cases, the objects and fields the chart can produce one setting at a time.
 */
export function structuralVariantsOf(model: ModelNode): StructuralVariant[] {
  const settings = structuralSettingsOf(model);
  return [{ settings: new Map() }, ...settings.flatMap((setting) => setting.cases.slice(1).map((value) => ({
    setting,
    // The cases it depends on, where they are not the defaults already.
    settings: new Map([...dependencyChainOf(settings, setting)
      .filter((d) => settings.find((s) => s.path === d.path)!.cases[0] !== d.value)
      .map((d) => [d.path, d.value] as const), [setting.path, value] as const]),
  })))];
}

/** A values tree from dotted paths. */
export function valuesFileOf(settings: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>): Record<string, any> {
  const root: Record<string, any> = {};
  const entries = settings instanceof Map ? [...settings] : Object.entries(settings);
  for (const [dotted, value] of entries) {
    const keys = dotted.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {});
    node[keys[keys.length - 1]] = value;
  }
  return root;
}

/** Helm's merge of values files: maps merge key by key, anything else replaces; later files win. */
export function mergeValues<T>(base: T, ...overrides: unknown[]): T {
  let result: unknown = base;
  for (const override of overrides) result = mergeTwo(result, override);
  return result as T;
}

function mergeTwo(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base) && isPlainObject(override)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) merged[k] = mergeTwo(base[k], v);
    return merged;
  }
  return override;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function yamlScalar(value: unknown): string {
  // JSON is YAML: strings quoted, `{}` and `[]` as flow collections.
  return typeof value === 'string' || typeof value === 'object' ? JSON.stringify(value) : String(value);
}
