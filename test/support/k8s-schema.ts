// Strict validation of Kubernetes 1.28 manifests against the committed OpenAPI definitions, in the spirit of
// `kubeconform -strict`: unknown fields, wrong types and missing required fields are errors.
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schemas', 'k8s', 'v1.28.0', '_definitions.json');
const SCHEMA_ID = 'k8s-1.28.0';

type Schema = Record<string, any>;
interface Gvk { group: string; version: string; kind: string }

// Kubernetes quantity syntax (resource.Quantity): a decimal number followed by a binary-SI, decimal-SI or exponent
// suffix. The schema only says "string or number", but the API server rejects e.g. "512MB"; catching it here is cheap.
const QUANTITY_PATTERN = '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$';

const RESOURCE_NAME_PATTERN = '^(cpu|memory|storage|ephemeral-storage|hugepages-.+|.+/.+)$';

/**
 * Make the schema strict and ajv-friendly. Only walks schema positions (never into a `properties` map's keys, which
 * in JSONSchemaProps are named like keywords: `default`, `allOf`, ...).
 */
function strictify(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || key.startsWith('x-kubernetes-')) continue; // noise for ajv; also shrinks the schema
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, strictify(v)]));
    } else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object') {
      out[key] = strictify(value);
    } else {
      out[key] = value;
    }
  }
  // An object with declared fields and no map semantics: anything else is a typo. Map types keep their
  // `additionalProperties: {...}` untouched.
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

interface Catalog { ajv: Ajv; byGvk: Map<string, string>; cache: Map<string, ValidateFunction> }
let catalog: Catalog | undefined;

const gvkKey = (apiVersion: string, kind: string) => `${apiVersion}|${kind}`;

function load(): Catalog {
  if (catalog) return catalog;
  const raw = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')).definitions as Record<string, Schema>;
  const byGvk = new Map<string, string>();
  const definitions: Record<string, Schema> = {};
  for (const [name, def] of Object.entries(raw)) {
    for (const g of (def['x-kubernetes-group-version-kind'] ?? []) as Gvk[]) {
      // WatchEvent/DeleteOptions/Status claim many GVKs each, but no GVK is claimed by two definitions in this file.
      const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
      byGvk.set(gvkKey(apiVersion, g.kind), name);
    }
    definitions[name] = strictify(def);
  }
  // The file encodes IntOrString and Quantity as `oneOf` of two types; a type union gives one clear error instead of
  // three (`must be string`, `must be integer`, `must match exactly one schema in oneOf`).
  definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { type: ['string', 'integer'] };
  definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'] = {
    anyOf: [{ type: 'number' }, { type: 'string', pattern: QUANTITY_PATTERN }],
  };

  // `limits`/`requests` are maps, so the schema alone accepts a typo like `memroy`. The API server only accepts
  // standard resource names or domain-qualified extended ones (`storage` is for the PVC use of this type).
  const resources = definitions['io.k8s.api.core.v1.ResourceRequirements'].properties;
  for (const map of ['limits', 'requests']) resources[map] = { ...resources[map], propertyNames: { pattern: RESOURCE_NAME_PATTERN } };

  // strict: false because ajv's strict mode lints schema authoring (e.g. `properties` without `type`), which this
  // generated OpenAPI file does not follow; data validation is unaffected.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true }); // verbose: errors carry the bad value
  // OpenAPI formats used in the file. int32/int64 get range checks; byte (Secret data) must be base64.
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('date-time', true);
  ajv.addFormat('int-or-string', true);
  ajv.addSchema({ $id: SCHEMA_ID, definitions });
  catalog = { ajv, byGvk, cache: new Map() };
  return catalog;
}

/** The compiled validator for an apiVersion/kind, or undefined when Kubernetes 1.28 has no such type. */
function validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
  const { ajv, byGvk, cache } = load();
  const name = byGvk.get(gvkKey(apiVersion, kind));
  if (!name) return undefined;
  let validate = cache.get(name);
  if (!validate) {
    // Compiled lazily per root kind: compiling all 570 definitions up front would cost seconds for nothing.
    validate = ajv.compile({ $ref: `${SCHEMA_ID}#/definitions/${name}` });
    cache.set(name, validate);
  }
  return validate;
}

function describe(e: ErrorObject): string {
  const at = e.instancePath || '/';
  switch (e.keyword) {
    case 'additionalProperties':
      return `${e.instancePath}/${e.params.additionalProperty}: unknown field`;
    case 'required':
      return `${at}: missing required field "${e.params.missingProperty}"`;
    case 'type':
      return `${at}: must be ${String(e.params.type).split(',').join(' or ')}`;
    case 'enum':
      return `${at}: must be one of ${JSON.stringify(e.params.allowedValues)}`;
    case 'format':
      return `${at}: not a valid ${e.params.format} (${JSON.stringify(e.data)})`;
    case 'propertyNames':
      return `${e.instancePath}/${e.params.propertyName}: unknown resource name (expected cpu, memory, ephemeral-storage, storage, hugepages-<size> or a domain-qualified name)`;
    case 'anyOf':
      return `${at}: must be a number or a Kubernetes quantity string (e.g. "512Mi", "250m")`;
    default:
      return `${at}: ${e.message}`;
  }
}

/** Problems with one manifest object; empty when it is a valid Kubernetes 1.28 object. */
export function validateManifest(obj: unknown): string[] {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return [`manifest must be an object, got ${JSON.stringify(obj)}`];
  const o = obj as Record<string, any>;
  const id = `${o.kind ?? '<no kind>'}/${o.metadata?.name ?? '<no name>'}`;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return [`${id}: apiVersion and kind are required strings`];
  const validate = validatorFor(o.apiVersion, o.kind);
  if (!validate) return [`${id}: unknown apiVersion/kind ${o.apiVersion} ${o.kind} in Kubernetes 1.28`];
  if (validate(o)) return [];
  const errors = validate.errors ?? [];
  // A bad Quantity string reports under both anyOf branches; the anyOf summary says it all.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const messages = errors
    .filter((e) => e.keyword === 'anyOf' || !anyOfPaths.has(e.instancePath))
    .filter((e) => !e.propertyName) // the `pattern` failure behind a `propertyNames` error, which is reported itself
    .map((e) => `${id}: ${describe(e)}`);
  return [...new Set(messages)];
}

/** Throws with every problem of every object (so one run shows them all) unless all are valid. */
export function expectValidManifests(objs: object[]): void {
  const problems = objs.flatMap((o) => validateManifest(o));
  if (problems.length > 0) {
    throw new Error(`${problems.length} Kubernetes 1.28 schema problem(s):\n  ${problems.join('\n  ')}`);
  }
}
