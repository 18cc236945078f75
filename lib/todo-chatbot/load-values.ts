import * as fs from 'fs';
import type { ErrorObject } from 'ajv';
import { isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments, ScalarTag, Tags } from 'yaml';
import { InvalidInputError } from '../validation';
import { leavesOf, Leaf, ModelNode, withoutNulls } from '../values-model';
import { DEFAULT_RELEASE_NAME, plainIdentity } from './chart';
import { valueRuleProblems, valueWarnings } from './value-rules';
import { JsonSchema, SECRET_KEYS, TodoChatbotValues, VALUE_FORMATS, ValueFormat, valuesModel, valuesSchema, withValues } from './values';
import { valuesValidator } from './values-validator';

/** Options of `loadValuesFiles` and `checkValues`. */
export interface LoadValuesOptions {
  /**
   * Receives each warning: a key given twice in one file (the last one wins, as in Helm), or a legal value that
   * is likely a mistake.
   * @default - written to stderr
   */
  readonly onWarning?: (message: string) => void;

  /**
   * The release name the names are checked with (a Service name must stay within 63 characters, say).
   * @default 'todo-chatbot'
   */
  readonly releaseName?: string;

}

/**
 * Defaults with the values files merged over them (later files win, as with `helm -f a -f b`), read as Helm reads
 * values files (YAML 1.1, UTF-8 only) and checked against values.schema.json and the rules the chart's templates
 * apply (`valueRuleProblems`). Throws an `InvalidInputError` naming the file, the setting and the value; a secret
 * value is never part of a message.
 */
export function loadValuesFiles(files: readonly string[], options: LoadValuesOptions = {}): TodoChatbotValues {
  // The defaults are valid by construction (test/values-model.test.ts checks them against the schema and the
  // rules); skipping the schema compilation keeps the plain `npm run synth` fast.
  if (files.length === 0) return withValues();
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  const overrides = files.map((file) => readValuesFile(file, warn));
  return checkValues(withValues(...overrides), files.join(', '), options);
}

/**
 * Throws one `InvalidInputError` listing each value that values.schema.json or the chart's rules reject, in words
 * (`backend.replicaCount must be an integer from 0 to 100, got -1`); passes warnings to `options.onWarning`.
 */
export function checkValues(values: TodoChatbotValues, source: string, options: LoadValuesOptions = {}): TodoChatbotValues {
  const validate = valuesValidator();
  const fail = (problems: string[]) => {
    throw new InvalidInputError(`invalid values in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  };
  if (!validate(withoutNulls(valuesModel, values))) fail(schemaProblems(validate.errors ?? [], values));
  const problems = valueRuleProblems(values, { frontendService: plainIdentity(values, options.releaseName ?? DEFAULT_RELEASE_NAME).objectName('frontend') });
  if (problems.length > 0) fail(problems);
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  for (const warning of valueWarnings(values)) warn(`${source}: ${warning}`);
  return values;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a values file as Helm does.

/**
 * YAML 1.1 as Helm's parser (go-yaml v2) reads it: `yes`/`on` are true, `010` is octal; but no sexagesimal numbers
 * (`1:20` stays a string), no timestamps (`2024-01-01` stays a string), `0o10` is octal, and `!!binary` decodes to
 * a string.
 */
function helmCompatibleTags(tags: Tags): Tags {
  const dropped = (tag: Tags[number]) => {
    const { tag: name, format } = tag as ScalarTag;
    return format === 'TIME' || ['tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:binary', 'tag:yaml.org,2002:omap',
      'tag:yaml.org,2002:pairs', 'tag:yaml.org,2002:set'].includes(name);
  };
  const octal: ScalarTag = {
    identify: (value) => typeof value === 'number', default: true, tag: 'tag:yaml.org,2002:int', format: 'OCT',
    test: /^[-+]?0o[0-7]+$/, resolve: (text) => (text.startsWith('-') ? -1 : 1) * parseInt(text.replace(/^[-+]?0o/, ''), 8),
  };
  const binary: ScalarTag = {
    identify: () => false, tag: 'tag:yaml.org,2002:binary',
    resolve: (text) => Buffer.from(text.replace(/\s/g, ''), 'base64').toString('utf-8'),
  };
  return [...tags.filter((tag) => !dropped(tag)), octal, binary];
}

function readValuesFile(file: string, warn: (message: string) => void): Record<string, unknown> {
  if (file.trim() === '') throw new InvalidInputError('a values file name is empty (-f needs a file)');
  const bytes = readBytes(file);
  const text = utf8(file, bytes);
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    version: '1.1', customTags: helmCompatibleTags, uniqueKeys: false, prettyErrors: false, lineCounter,
  });
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  const [doc, ...rest] = Array.isArray(documents) ? documents : [];
  // Helm reads only the first document of a values file and never parses the rest (a syntax error there passes
  // too): the plain synthesis reads the same, and says what is ignored.
  const error = doc?.errors[0];
  // The parser's messages sometimes quote the source after a colon: a secret must not be printed, so only the
  // words before it are.
  if (error) throw new InvalidInputError(`values file ${file}: YAML syntax error at ${where(error.pos[0])}: ${error.message.split(/: /)[0]}`);
  if (rest.some((later) => later.errors.length > 0 || !isEmptyDocument(later))) {
    warn(`values file ${file} holds more than one YAML document: only the first is read, as Helm reads it; everything from `
      + `${where(rest[0].range[0])} on is ignored (put every setting in the first document)`);
  }
  if (!doc || isEmptyDocument(doc)) return {};
  if (!isMap(doc.contents)) {
    const kind = isSeq(doc.contents) ? 'a list' : 'a single value';
    throw new InvalidInputError(`values file ${file} must hold a mapping of settings (key: value lines), not ${kind}`);
  }
  checkKeys(doc.contents, '', file, where, warn);
  let parsed: unknown;
  try {
    parsed = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new InvalidInputError(`values file ${file}: ${(e as Error).message.split(/: /)[0]} (too many aliases)`);
  }
  checkNumbers(parsed, '', file);
  return parsed as Record<string, unknown>;
}

/** A document with no content, or only `null` (Helm reads either as no values). */
function isEmptyDocument(doc: { contents: unknown }): boolean {
  return doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
}

/**
 * The largest values file read, in bytes: more than every object the chart makes could hold (Kubernetes takes at most
 * 3 MiB in one request, and a ConfigMap's or Secret's data 1 MiB), so a bigger file is a mistake (a log or a dump
 * given as values). Refused before it is parsed: a YAML parser needs many times a file's size in memory.
 */
export const MAX_VALUES_FILE_BYTES = 16 * 1024 * 1024;

const tooBig = (file: string) => new InvalidInputError(`values file ${file} is larger than the ${MAX_VALUES_FILE_BYTES} bytes (16 MiB) a values file may be: `
  + 'every object the chart makes together holds far less (Kubernetes takes at most 3 MiB in one request); is it the right file?');

function readBytes(file: string): Buffer {
  try {
    // `-f -` reads standard input, as Helm does (stopping one byte past the limit).
    if (file === '-') return readAtMost(0, file);
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new InvalidInputError(`values file ${file} is a directory, not a file`);
    if (stat.size > MAX_VALUES_FILE_BYTES) throw tooBig(file);
    return readAtMost(fs.openSync(file, 'r'), file);
  } catch (e) {
    if (e instanceof InvalidInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InvalidInputError(`values file ${file} does not exist`);
    if (code === 'EACCES' || code === 'EPERM') throw new InvalidInputError(`values file ${file} cannot be read (permission denied)`);
    throw new InvalidInputError(`values file ${file} cannot be read (${code ?? (e as Error).message})`);
  }
}

/** The bytes from `fd` (closed after, unless standard input), refusing more than MAX_VALUES_FILE_BYTES (a pipe or a growing file has no size to check first). */
function readAtMost(fd: number, file: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(1024 * 1024);
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        // A non-blocking standard input with nothing yet: wait for it, as readFileSync(0) does.
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          continue;
        }
        throw e;
      }
      if (n === 0) break;
      total += n;
      if (total > MAX_VALUES_FILE_BYTES) throw tooBig(file);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
  } finally {
    if (fd !== 0) fs.closeSync(fd);
  }
  return Buffer.concat(chunks);
}

/**
 * The text of a values file: UTF-8, or UTF-16 with a byte order mark, as Helm's parser reads them. Anything else
 * is refused, as Helm refuses it, naming the line of the first bad byte.
 */
function utf8(file: string, bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
    throw new InvalidInputError(`values file ${file} is not UTF-8 text: byte 0x${bytes[offset].toString(16).padStart(2, '0')} `
      + `at line ${line} is not valid UTF-8 (save the file as UTF-8; Helm refuses it too)`);
  }
}

/** The offset of the first byte that does not start a valid UTF-8 character. */
function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length - 1;
}

/** Keys must be plain strings; a key given twice in one mapping is reported (the last one wins, as in Helm). */
function checkKeys(node: unknown, prefix: string, file: string, where: (offset: number) => string, warn: (m: string) => void): void {
  if (isAlias(node)) return;
  if (isSeq(node)) {
    node.items.forEach((item, i) => checkKeys(item, `${prefix}[${i}]`, file, where, warn));
    return;
  }
  if (!isMap(node)) return;
  const seen = new Map<string, number>();
  for (const item of node.items) {
    const key = item.key as Node | null;
    const offset = key?.range?.[0] ?? 0;
    if (!isScalar(key) || (key.value !== null && typeof key.value === 'object')) {
      throw new InvalidInputError(`values file ${file}: the key at ${where(offset)} must be a plain name, not a list or mapping`);
    }
    const name = String(key.value);
    const path = prefix ? `${prefix}.${name}` : name;
    if (name === '<<') continue;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      warn(`values file ${file}: ${path} is set twice (${where(earlier)} and ${where(offset)}); the last one wins, as in Helm`);
    }
    seen.set(name, offset);
    checkKeys(item.value, path, file, where, warn);
  }
}

/** `.inf` and `.nan` have no JSON form: Helm fails on them, and so does the plain synthesis. */
function checkNumbers(value: unknown, path: string, file: string): void {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new InvalidInputError(`values file ${file}: ${path} is ${value}, which is not a number a values file can hold (Helm refuses it too)`);
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) checkNumbers(child, path ? `${path}.${key}` : key, file);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Schema errors in words.

const LEAVES = new Map(leavesOf(valuesModel).map(({ path, leaf }) => [path, leaf]));
const SECRET_PATHS = new Set(SECRET_KEYS.map((k) => `secrets.values.${k.name}`));

function schemaProblems(errors: ErrorObject[], values: unknown): string[] {
  const problems = new Map<string, string>();
  for (const error of errors) {
    const segments = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const path = dotted(segments);
    if (error.keyword === 'if') continue;
    // In a setting passed through to Kubernetes (an affinity, say): the schema of that object, not a setting.
    const passedThrough = passThroughSchemaAt(segments);
    if (error.keyword === 'additionalProperties') {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const full = path ? `${path}.${key}` : key;
      const fields = Object.keys(passedThrough?.properties ?? {});
      problems.set(full, passedThrough
        ? `${full} is not a field Kubernetes knows there${closest(key, fields) ?? ` (the fields: ${fields.join(', ')})`}`
        : `${full} is not a setting of the chart${suggestion(key, nodeAt(path))}`);
      continue;
    }
    if (error.keyword === 'required') {
      const key = (error.params as { missingProperty: string }).missingProperty;
      const full = path ? `${path}.${key}` : key;
      problems.set(full, `${full} is missing`);
      continue;
    }
    const inside = LEAVES.get(path) ? undefined : passedThrough;
    if (inside) {
      const got = show(segments.reduce<any>((node, key) => node?.[key], values), path);
      if (error.keyword === 'propertyNames') {
        const key = (error.params as { propertyName: string }).propertyName;
        problems.set(`${path}/${key}`, `${path} keys must be ${expectationOfSchema((inside as any).propertyNames)}, got ${JSON.stringify(key)}`);
      } else if (error.schemaPath.includes('/then/')) {
        // A requirement's values, by its operator: the requirement is the nearest object above with an operator.
        const at = segments.lastIndexOf('values');
        const operator = segments.slice(0, at).reduce<any>((node, key) => node?.[key], values)?.operator as string;
        const wanted = ['In', 'NotIn'].includes(operator) ? 'at least one value' : ['Exists', 'DoesNotExist'].includes(operator) ? 'no values'
          : 'exactly one value, an integer (such as "3")';
        const valuesPath = dotted(segments.slice(0, at + 1));
        problems.set(valuesPath, `${valuesPath} must hold ${wanted} with operator ${operator}, got ${show(segments.slice(0, at + 1).reduce<any>((node, key) => node?.[key], values), valuesPath)}`);
      } else if (!problems.has(path) && !(error.keyword === 'pattern' && inside.type === 'object')) {
        problems.set(path, `${path} must be ${expectationOfSchema(inside)}, got ${got}`);
      }
      continue;
    }
    if (problems.has(path)) continue;
    const value = valueAt(values, path);
    if (error.schemaPath.includes('/then/')) {
      problems.set(path, `${path} is required and must not be empty when secrets.create is true`);
      continue;
    }
    const leaf = LEAVES.get(path);
    const expectation = leaf ? expectationOf(leaf) : 'a mapping of settings (key: value lines)';
    const hint = leaf?.type === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? ' (put it in quotes to make it a string)' : '';
    problems.set(path, `${path || 'the values'} must be ${expectation}, got ${show(value, path)}${hint}`);
  }
  return [...problems.values()];
}

/** `backend.tolerations[0].key`: list indices in brackets, as the value rules write them. */
function dotted(segments: readonly string[]): string {
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) && path ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}

/**
 * The schema at `segments` when they are a pass-through setting (a mapping or list handed to Kubernetes whole, such
 * as a pod's affinity) or below one; undefined for the chart's own settings.
 */
function passThroughSchemaAt(segments: readonly string[]): JsonSchema | undefined {
  const leafAt = segments.findIndex((_, i) => ['object', 'array'].includes(LEAVES.get(segments.slice(0, i + 1).join('.'))?.type ?? ''));
  if (leafAt < 0) return undefined;
  // A pod-spec item refers to its Kubernetes definition (`$ref` into values.schema.json's `definitions`).
  const resolved = (s: any): any => (typeof s?.$ref === 'string' ? resolved((valuesSchema as any).definitions?.[s.$ref.replace('#/definitions/', '')]) : s);
  let schema: any = valuesSchema;
  for (const segment of segments) {
    schema = resolved(schema);
    schema = /^\d+$/.test(segment) && schema?.items ? schema.items
      : schema?.properties?.[segment] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
  }
  return resolved(schema);
}

/** What a schema inside a pass-through setting wants, in words. */
function expectationOfSchema(schema: JsonSchema): string {
  if (schema['x-format']) return VALUE_FORMATS[schema['x-format'] as ValueFormat].words;
  if (schema.enum) return `one of ${(schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (Array.isArray(schema.type)) return schema.type.map((t: string) => expectationOfSchema({ type: t })).join(' or ');
  if (schema.type === 'integer') return schema.maximum === undefined ? 'an integer' : `an integer from ${schema.minimum} to ${schema.maximum}`;
  if (schema.type === 'number') return 'a number';
  if (schema.type === 'boolean') return 'true or false';
  if (schema.type === 'string') return 'a string';
  if (schema.type === 'array') return schema.minItems ? `a list of at least ${schema.minItems}` : 'a list';
  return 'a mapping (key: value lines)';
}

function expectationOf(leaf: Leaf<unknown>): string {
  const s = leaf.schema as { minimum?: number; maximum?: number; 'x-format'?: ValueFormat; minLength?: number; maxLength?: number; enum?: unknown[] };
  if (leaf.type === 'boolean') return 'true or false';
  if (leaf.type === 'object') return 'a mapping (key: value lines)';
  if (leaf.type === 'array') return 'a list';
  if (leaf.type === 'integer') return s.maximum === undefined ? `an integer >= ${s.minimum}` : `an integer from ${s.minimum} to ${s.maximum}`;
  if (s.enum) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const format = s['x-format'];
  const words = format ? VALUE_FORMATS[format].words : s.minLength ? 'a string that is not empty' : 'a string';
  return s.maxLength !== undefined && !/at most/.test(words) ? `${words}, at most ${s.maxLength} characters` : words;
}

function show(value: unknown, path: string): string {
  if (SECRET_PATHS.has(path) || path.startsWith('secrets.values.')) return '(value not shown)';
  if (value === null) return 'null (a key with no value; remove the line to keep the default)';
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
    return value.length > 80 ? `${quoted} (${value.length} characters)` : quoted;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const json = JSON.stringify(value) ?? String(value);
  return Array.isArray(value) ? `a list ${json.slice(0, 80)}` : json.length > 80 ? `${json.slice(0, 80)}...` : json;
}

function valueAt(values: unknown, path: string): unknown {
  if (path === '') return values;
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), values);
}

function nodeAt(path: string): ModelNode | undefined {
  let node: ModelNode | undefined = valuesModel;
  for (const key of path ? path.split('.') : []) node = node?.node === 'group' ? node.fields[key] : undefined;
  return node;
}

/** ` (did you mean "persistence"?)`, or the keys there are. */
function suggestion(key: string, parent: ModelNode | undefined): string {
  if (parent?.node !== 'group') return '';
  if (parent === valuesModel && key === 'enabled') {
    // The `condition: <subchart>.enabled` idiom puts `enabled` into this chart's values, which have no such setting.
    return ' (as a dependency, give the chart a condition in the parent\'s own values, such as condition: features.todoChatbot)';
  }
  const keys = Object.keys(parent.fields);
  return closest(key, keys) ?? ` (the settings there: ${keys.join(', ')})`;
}

/** ` (did you mean "persistence"?)` when one of `keys` is close to `key`. */
function closest(key: string, keys: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const close = keys.map((k) => ({ k, d: editDistance(lower, k.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
  // `replicas` for `replicaCount`: all but the last letter of the key begin a setting's name.
  const extended = keys.find((k) => lower.length >= 5 && k.toLowerCase().startsWith(lower.slice(0, -1)));
  if (close && close.d <= Math.max(2, Math.floor(key.length / 4))) return ` (did you mean ${JSON.stringify(close.k)}?)`;
  if (extended) return ` (did you mean ${JSON.stringify(extended)}?)`;
  return undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
