import { Tokens } from './tokens';

/**
 * A small typed model of a values tree (Helm's values.yaml). Every setting is declared once, with its
 * type, default, constraints and description; from that declaration come the TypeScript type of the
 * values, the defaults, the JSON Schema, the commented values.yaml, the docs table and the placeholders
 * that turn synthesized objects into Helm templates. None of those is written by hand, so none can drift.
 */

/** JSON Schema (draft-07), as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** How a setting takes part in Helm templates. */
export type HelmRole =
  /** Rendered in place by a placeholder. */
  | { readonly kind: 'scalar' }
  /** Chooses between structures (objects or fields present or not); each case is synthesized. */
  | { readonly kind: 'switch' }
  /** A string that is either empty (a structural case: the field is left out) or a placeholder. */
  | { readonly kind: 'optional' };

/** A setting. */
export interface Leaf<T> {
  /** Tells a setting from a group. */
  readonly node: 'leaf';
  /** The JSON Schema type of the value. */
  readonly type: 'string' | 'integer' | 'boolean';
  /** The value in values.yaml. */
  readonly default: T;
  /** What the setting does: values.yaml's comment, the schema's and the docs' description. */
  readonly description: string;
  /** Further schema keywords (minimum, pattern, enum, ...). */
  readonly schema: JsonSchema;
  /** How the setting takes part in Helm templates. */
  readonly helm: HelmRole;
  /**
   * The values a switch or enum chooses between.
   * @default - any value of the type
   */
  readonly cases?: readonly T[];
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

/** A string setting. `optional: true` makes an empty string mean "leave the field out". */
export function str(description: string, defaultValue: string, options: LeafOptions & { readonly optional?: boolean } = {}): Leaf<string> {
  return {
    node: 'leaf', type: 'string', default: defaultValue, description, schema: options.schema ?? {},
    helm: { kind: options.optional ? 'optional' : 'scalar' },
  };
}

/** An integer setting between `minimum` and `maximum`. */
export function int(description: string, defaultValue: number, minimum: number, maximum?: number): Leaf<number> {
  return {
    node: 'leaf', type: 'integer', default: defaultValue, description,
    schema: { minimum, ...(maximum === undefined ? {} : { maximum }) }, helm: { kind: 'scalar' },
  };
}

/** A boolean setting; booleans always choose structure, so each is a switch. */
export function bool(description: string, defaultValue: boolean): Leaf<boolean> {
  return { node: 'leaf', type: 'boolean', default: defaultValue, description, schema: {}, helm: { kind: 'switch' }, cases: [false, true] };
}

/** One of a fixed set of strings; `structural` when the choice changes objects rather than one field. */
export function choice<const T extends string>(description: string, defaultValue: T, values: readonly T[], structural = false): Leaf<T> {
  return {
    node: 'leaf', type: 'string', default: defaultValue, description, schema: { enum: [...values] },
    helm: { kind: structural ? 'switch' : 'scalar' }, cases: values,
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
    // The root stays open: Helm adds `global` (and a parent chart adds more) to a subchart's values.
    ...(root || model.open ? {} : { additionalProperties: false }),
    ...model.schema,
  };
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

/** A markdown table of every setting: path, type, default, description. */
export function valuesTableOf(model: ModelNode): string {
  const rows = leavesOf(model).map(({ path, leaf }) => {
    const type = leaf.cases && leaf.type === 'string' ? leaf.cases.map((c) => `\`${c}\``).join(' \\| ') : leaf.type;
    return `| \`${path}\` | ${type} | \`${JSON.stringify(leaf.default)}\` | ${leaf.description.replace(/\n/g, ' ').replace(/\|/g, '\\|')} |`;
  });
  return ['| Value | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}

/** The structural settings (switches and optional strings) with the cases each one is synthesized in. */
export interface SwitchCase {
  /** A Go template condition that holds exactly in this case. */
  readonly condition: string;
  /** The value the chart is synthesized with in this case. */
  readonly value: unknown;
}

/** The structural settings of a model, each with its cases. */
export function switchesOf(model: ModelNode): Array<{ path: string; cases: SwitchCase[] }> {
  return leavesOf(model).flatMap(({ path, leaf }) => {
    const ref = `.Values.${path}`;
    switch (leaf.helm.kind) {
      case 'switch':
        return [{
          path,
          cases: (leaf.cases ?? []).map((c) => ({
            value: c,
            condition: leaf.type === 'boolean' ? (c ? ref : `not ${ref}`) : `eq ${ref} ${JSON.stringify(c)}`,
          })),
        }];
      case 'optional':
        return [{ path, cases: [{ value: '', condition: `not ${ref}` }, { value: Tokens.string(ref), condition: ref }] }];
      default:
        return [];
    }
  });
}

/**
 * The values tree with a placeholder in every scalar setting (`.Values.<path>`) and, for each structural
 * setting, the value of the given case.
 */
export function placeholdersOf<N extends ModelNode>(model: N, structural: ReadonlyMap<string, unknown>, prefix = ''): ValuesOf<N> {
  if (model.node === 'group') {
    return Object.fromEntries(Object.entries(model.fields as Fields).map(([k, f]) =>
      [k, placeholdersOf(f, structural, prefix ? `${prefix}.${k}` : k)])) as ValuesOf<N>;
  }
  if (structural.has(prefix)) return structural.get(prefix) as ValuesOf<N>;
  if (model.helm.kind !== 'scalar') throw new Error(`no case given for the structural setting ${prefix}`);
  const ref = `.Values.${prefix}`;
  return (model.type === 'integer' ? Tokens.number(`${ref} | int`) : Tokens.string(ref)) as ValuesOf<N>;
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
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
