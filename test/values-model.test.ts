// One typed model feeds the chart's props, values.yaml, values.schema.json and the docs table.
import Ajv from 'ajv';
import { parse } from 'yaml';
import { defaultValues, devValues, valuesModel, valuesSchema, withValues } from '../lib/todo-chatbot';
import { todoChatbotHelmChartFiles } from '../lib/todo-chatbot/helm';
import { leavesOf } from '../lib/values-model';
import { leafPaths, objectId } from '../scripts/manifests';
import { valuesTable } from '../scripts/markdown';
import { Manifest, synthPlainManifests } from './support/synth';

const files = todoChatbotHelmChartFiles();

test('values.yaml holds exactly the defaults', () => {
  expect(parse(files.get('values.yaml')!, { version: '1.1' })).toEqual(defaultValues);
});

test('values.yaml comments every setting', () => {
  const lines = files.get('values.yaml')!.split('\n');
  lines.forEach((line, i) => {
    if (/^\s*[A-Za-z_]+:/.test(line)) expect(lines[i - 1]).toMatch(/^\s*# \S/);
  });
});

test('values.schema.json is the model\'s schema, and accepts the defaults and values-dev.yaml', () => {
  expect(JSON.parse(files.get('values.schema.json')!)).toEqual(valuesSchema);
  const validate = new Ajv({ strict: false }).compile(valuesSchema);
  expect(validate(defaultValues)).toBe(true);
  expect(validate(withValues(devValues))).toBe(true);
  expect(parse(files.get('values-dev.yaml')!, { version: '1.1' })).toEqual(devValues);
});

test('the schema is closed, the root included, with `global` declared and open (Helm adds it to a subchart\'s values)', () => {
  expect(valuesSchema.additionalProperties).toBe(false);
  expect((valuesSchema.properties as any).backend.additionalProperties).toBe(false);
  expect((valuesSchema.properties as any).global.additionalProperties).toBeUndefined();
});

test('the docs table lists every setting with its default', () => {
  const table = valuesTable(valuesModel);
  for (const { path } of leavesOf(valuesModel)) expect(table).toContain(`| \`${path}\` |`);
  expect(table).toContain('| `frontend.service.nodePort` | integer or null | `30000` |');
});

/** Paths (`Kind/name.spec.replicas`, arrays of named items by name) of every leaf that differs between two syntheses. */
function changedPaths(before: Manifest[], after: Manifest[]): string[] {
  const leaves = (objects: Manifest[]) => objects.reduce<Map<string, string>>((out, o) => leafPaths(o, objectId(o), out), new Map());
  const a = leaves(before);
  const b = leaves(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

const defaults = synthPlainManifests();

describe('changing a value changes exactly what it names', () => {
  test.each<[string, Record<string, any>, string[]]>([
    ['backend.replicaCount', { backend: { replicaCount: 2 } }, ['Deployment/todo-chatbot-backend.spec.replicas']],
    ['frontend.service.nodePort', { frontend: { service: { nodePort: 30080 } } }, ['Service/todo-chatbot-frontend.spec.ports[http].nodePort']],
    ['frontend.image.tag', { frontend: { image: { tag: '1.0.1' } } }, ['Deployment/todo-chatbot-frontend.spec.template.spec.containers[frontend].image']],
    ['backend.resources.limits.cpu', { backend: { resources: { limits: { cpu: '750m' } } } },
      ['Deployment/todo-chatbot-backend.spec.template.spec.containers[backend].resources.limits.cpu']],
    ['frontend.probes.readiness.periodSeconds', { frontend: { probes: { readiness: { periodSeconds: 7 } } } },
      ['Deployment/todo-chatbot-frontend.spec.template.spec.containers[frontend].readinessProbe.periodSeconds']],
    ['config.logLevel (and the checksum that rolls the pods)', { config: { logLevel: 'DEBUG' } }, [
      'ConfigMap/todo-chatbot-config.data.LOG_LEVEL',
      'Deployment/todo-chatbot-backend.spec.template.metadata.annotations.checksum/config',
    ]],
  ])('%s', (_name, values, expected) => {
    expect(changedPaths(defaults, synthPlainManifests(values))).toEqual(expected);
  });

  // Settings that only matter in a structural case are tried in that case.
  const contexts: Record<string, Record<string, any>> = {
    'persistence.': { persistence: { enabled: true, type: 'pvc' } },
    'persistence.hostPath': { persistence: { enabled: true, type: 'hostPath' } },
    'secrets.values.': { secrets: { create: true, values: { DATABASE_URL: 'a', JWT_SECRET: 'b' } } },
    'frontend.service.nodePort': {},
    'ingress.': { ingress: { enabled: true } },
    ...Object.fromEntries(['backend', 'frontend'].flatMap((c) => [
      [`${c}.autoscaling.`, { [c]: { autoscaling: { enabled: true } } }],
      [`${c}.podDisruptionBudget.`, { [c]: { podDisruptionBudget: { enabled: true } } }],
    ])),
  };
  const scalarLeaves = leavesOf(valuesModel).filter(({ leaf }) => leaf.structure?.kind !== 'cases');

  test.each(scalarLeaves.map(({ path, leaf }) => [path, leaf] as const))('%s has an effect on the output', (path, leaf) => {
    const contextKey = Object.keys(contexts).filter((k) => path.startsWith(k)).sort((a, b) => b.length - a.length)[0];
    const context = contextKey ? contexts[contextKey] : {};
    const quantities: Record<string, string> = {
      'requests.cpu': '100m', 'requests.memory': '64Mi', 'limits.cpu': '4', 'limits.memory': '4Gi', 'persistence.size': '1Gi',
    };
    const quantity = Object.entries(quantities).find(([suffix]) => path.endsWith(suffix))?.[1];
    let changed: unknown;
    if (quantity) changed = quantity;
    else if (leaf.type === 'object' || leaf.type === 'array') changed = leaf.structure?.example ?? (leaf.schema.examples as unknown[])[0];
    else if (leaf.type === 'integer') changed = (leaf.default as number) + 1;
    else if (leaf.cases) changed = leaf.cases.find((c: unknown) => c !== leaf.default);
    else if (/Override$/.test(path)) changed = 'other';
    else if (path.endsWith('storageClass')) changed = 'fast';
    else changed = `${leaf.default}9`;
    const override: Record<string, any> = {};
    path.split('.').reduce((node, key, i, keys) => (node[key] = i === keys.length - 1 ? changed : node[key] ?? {}), override);
    const base = synthPlainManifests(context);
    expect(changedPaths(base, synthPlainManifests(context, override))).not.toEqual([]);
  });
});
