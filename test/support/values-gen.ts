import Ajv from 'ajv';
import { leavesOf, Leaf } from '../../lib/values-model';
import { valuesModel, valuesSchema } from '../../lib/todo-chatbot';

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

// Quantities come in pairs whose limit is not below the request: a rule JSON Schema cannot state.
const CPU_PAIRS = [['100m', '200m'], ['250m', '1'], ['0.5', '1500m'], ['1', '2']];
const MEMORY_PAIRS = [['64Mi', '128Mi'], ['256Mi', '1Gi'], ['1G', '2G'], ['512Mi', '512Mi']];

function setPath(target: Record<string, any>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys[keys.length - 1]] = value;
}

function randomLeafValue(path: string, leaf: Leaf<any>, next: () => number): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  if (leaf.cases) return pick(leaf.cases);
  if (leaf.type === 'integer') {
    const min = leaf.schema.minimum as number;
    const max = Math.min((leaf.schema.maximum as number | undefined) ?? min + 1000, min + 1000);
    return min + Math.floor(next() * (max - min + 1));
  }
  if (path.startsWith('secrets.values.')) return `secret-${Math.floor(next() * 1e6)}`;
  if (path === 'persistence.storageClass') return pick(['', 'standard', 'fast-ssd']);
  if (path === 'persistence.size') return pick(['1Gi', '500Mi', '10G']);
  if (path === 'nameOverride' || path === 'fullnameOverride') return pick(['', '', 'chatbot', 'todo']);
  const value = leaf.default as string;
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
    }
    if (validate(values)) return values;
  }
  throw new Error(`no valid values file from seed ${seed}: ${JSON.stringify(validate.errors)}`);
}
