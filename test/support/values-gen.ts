import Ajv from 'ajv';
import { Leaf, leavesOf, StructuralSetting, structuralSettingsOf, valuesFileOf } from '../../lib/values-model';
import { checkValues, valuesModel, valuesSchema, withValues } from '../../lib/todo-chatbot';

/** A small seeded PRNG (mulberry32): the same seed gives the same values files on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const validate = new Ajv({ strict: false }).compile(valuesSchema);

/** The rules beyond the schema (formats, limits not below requests, ...), as the plain synthesis applies them. */
function passesRules(values: Record<string, any>): boolean {
  try {
    checkValues(withValues(values), 'a generated values file', { onWarning: () => undefined });
    return true;
  } catch {
    return false;
  }
}

// Quantities come in pairs whose limit is not below the request: a rule JSON Schema cannot state.
const CPU_PAIRS = [['100m', '200m'], ['250m', '1'], ['0.5', '1500m'], ['1', '2']];
const MEMORY_PAIRS = [['64Mi', '128Mi'], ['256Mi', '1Gi'], ['1G', '2G'], ['512Mi', '512Mi']];

function setPath(target: Record<string, any>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys[keys.length - 1]] = value;
}

/** Pass-through values besides each setting's own example: what `helm create` users put there. */
const PASS_THROUGH_SAMPLES: Record<string, unknown[]> = {
  nodeSelector: [{ 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'e2-standard-4' }, { disk: 'ssd' }],
  tolerations: [
    [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    [{ operator: 'Exists' }, { key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
  ],
  // Keys that commonLabels and podLabels never share (the chart refuses one label in both).
  commonLabels: [{ 'example.com/owner': 'team-a' }, { environment: 'staging', 'example.com/release-train': '2026.11' }],
  podLabels: [{ 'sidecar.istio.io/inject': 'false' }, { 'example.com/canary': 'true', tier: 'web' }],
  podAnnotations: [{ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8000' }, { 'example.com/note': 'a value with spaces, "quotes" and {{ braces }}' }],
  extraEnv: [
    [{ name: 'TZ', value: 'UTC' }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    [{ name: 'OTEL_SERVICE_NAME', value: 'todo' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: true } } }],
  ],
  extraEnvFrom: [[{ secretRef: { name: 'todo-extra' }, prefix: 'EXTRA_' }], [{ configMapRef: { name: 'a', optional: true } }, { secretRef: { name: 'b' } }]],
  extraVolumes: [
    [{ name: 'certs', secret: { secretName: 'todo-certs', defaultMode: 0o440 } }],
    [{ name: 'scratch', emptyDir: { sizeLimit: '64Mi' } }, { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }],
  ],
  // Mounts of the chart's own scratch volume: the files pick extraVolumes independently.
  extraVolumeMounts: [[{ name: 'tmp', mountPath: '/var/cache/app', subPath: 'app-cache' }], [{ name: 'tmp', mountPath: '/home/app', subPath: 'home', readOnly: false }]],
  affinity: [
    { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'todo-chatbot' } } } }] } },
    { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] } }] } },
  ],
};

function randomLeafValue(path: string, leaf: Leaf<any>, next: () => number): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  if (leaf.type === 'object' || leaf.type === 'array') {
    return pick([leaf.default, leaf.structure?.example ?? (leaf.schema.examples as unknown[] | undefined)?.[0], ...PASS_THROUGH_SAMPLES[path.split('.').pop()!] ?? []].filter((v) => v !== undefined));
  }
  if (leaf.cases) return pick(leaf.cases);
  if (leaf.type === 'integer') {
    const min = leaf.schema.minimum as number;
    const max = Math.min((leaf.schema.maximum as number | undefined) ?? min + 1000, min + 1000);
    return min + Math.floor(next() * (max - min + 1));
  }
  if (path.startsWith('secrets.values.')) return `secret-${Math.floor(next() * 1e6)}`;
  if (path === 'persistence.storageClass') return pick(['', 'standard', 'fast-ssd']);
  if (path === 'persistence.existingClaim') return pick(['', '', 'todo-uploads']);
  if (path === 'persistence.size') return pick(['1Gi', '500Mi', '10G']);
  if (path === 'config.corsOrigins') return pick(['', 'http://localhost:30000', 'http://localhost:3000, https://todo.example.com']);
  if (path === 'config.frontendUrl') return pick(['', 'https://todo.example.com', 'http://192.168.49.2:30000/app']);
  if (path.endsWith('.image.digest')) return pick(['', '', `sha256:${'0123456789abcdef'.repeat(4)}`]);
  if (path === 'nameOverride' || path === 'fullnameOverride') return pick(['', '', 'chatbot', 'todo']);
  const value = leaf.default as string;
  // An empty default is a name or an address left out: the setting's own example stands for a given one.
  if (value === '') return pick(['', (leaf.structure?.example as string | undefined) ?? '']);
  return pick([value, `${value}${Math.floor(next() * 100)}`, `${value}-x`]);
}

/**
 * A random but valid values file from the model: every setting given a value its schema accepts
 * (switches and enums take each of their cases across seeds).
 */
export function randomValuesFile(seed: number): Record<string, any> {
  const next = random(seed);
  for (let attempt = 0; attempt < 50; attempt++) {
    const values: Record<string, any> = {};
    for (const { path, leaf } of leavesOf(valuesModel)) {
      if (/\.resources\.(requests|limits)\./.test(path)) continue;
      setPath(values, path, randomLeafValue(path, leaf, next));
    }
    for (const component of ['backend', 'frontend']) {
      const [cpuRequest, cpuLimit] = CPU_PAIRS[Math.floor(next() * CPU_PAIRS.length)];
      const [memoryRequest, memoryLimit] = MEMORY_PAIRS[Math.floor(next() * MEMORY_PAIRS.length)];
      values[component].resources = { requests: { cpu: cpuRequest, memory: memoryRequest }, limits: { cpu: cpuLimit, memory: memoryLimit } };
      // The autoscaler's bounds in order (the API server refuses fewer at most than at least).
      const { autoscaling } = values[component];
      [autoscaling.minReplicas, autoscaling.maxReplicas] = [autoscaling.minReplicas, autoscaling.maxReplicas].sort((x: number, y: number) => x - y);
    }
    if (validate(values) && passesRules(values)) return values;
  }
  throw new Error(`no valid values file from seed ${seed}: ${JSON.stringify(validate.errors)}`);
}

/**
 * Rows that together give every pair of structural settings every pair of their cases (a covering array of
 * strength 2, built greedily): far fewer than all combinations, and each row a complete set of cases.
 */
export function pairwiseCases(settings: readonly StructuralSetting[]): Array<Map<string, unknown>> {
  const pairKey = (i: number, a: number, j: number, b: number) => `${i}:${a}/${j}:${b}`;
  const uncovered = new Set<string>();
  settings.forEach((s, i) => settings.forEach((t, j) => {
    if (j <= i) return;
    s.cases.forEach((_a, a) => t.cases.forEach((_b, b) => uncovered.add(pairKey(i, a, j, b))));
  }));
  const rows: number[][] = [];
  while (uncovered.size > 0) {
    const [first] = uncovered;
    const [[i, a], [j, b]] = first.split('/').map((p) => p.split(':').map(Number));
    const row: number[] = settings.map(() => -1);
    row[i] = a;
    row[j] = b;
    settings.forEach((s, k) => {
      if (row[k] >= 0) return;
      const gain = (c: number) => row.filter((r, m) => r >= 0 && uncovered.has(m < k ? pairKey(m, r, k, c) : pairKey(k, c, m, r))).length;
      row[k] = s.cases.map((_c, c) => c).reduce((best, c) => (gain(c) > gain(best) ? c : best), 0);
    });
    row.forEach((r, m) => row.forEach((q, n) => { if (n > m) uncovered.delete(pairKey(m, r, n, q)); }));
    rows.push(row);
  }
  return rows.map((row) => new Map(row.map((c, k) => [settings[k].path, settings[k].cases[c]])));
}

/** A values file from dotted paths, with the Secret values a chart-created Secret requires. */
export function casesFile(cases: ReadonlyMap<string, unknown>): Record<string, any> {
  const file = valuesFileOf(cases);
  if (cases.get('secrets.create') === true) file.secrets.values = { DATABASE_URL: 'postgresql://u:p@h/db', JWT_SECRET: 's3cret' };
  return file;
}

/** `a=1, b=set`: the structural settings not at their default (a pass-through value shows as `set`). */
export function casesLabel(cases: ReadonlyMap<string, unknown>): string {
  const settings = structuralSettingsOf(valuesModel);
  return [...cases]
    .filter(([k, v]) => JSON.stringify(settings.find((s) => s.path === k)?.cases[0]) !== JSON.stringify(v))
    .map(([k, v]) => `${k}=${typeof v === 'object' ? 'set' : v}`).join(', ') || 'defaults';
}
