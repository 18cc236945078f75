// Values and props: a value sets the prop of its own name, or the documented mapping (VALUE_PROPS) says which
// prop it sets and why; each row is checked against the chart's own mapping (chartPropsOf).
import { chartPropsOf, defaultValues, VALUE_PROPS, valuesModel, withValues } from '../lib/todo-chatbot';
import { Leaf, leavesOf, valuesFileOf } from '../lib/values-model';

const leaves = new Map(leavesOf(valuesModel).map(({ path, leaf }) => [path, leaf]));

/** A valid value other than the default. */
function changed(path: string, leaf: Leaf<any>): unknown {
  if (leaf.structure?.example !== undefined) return leaf.structure.example;
  if (leaf.schema.examples !== undefined) return (leaf.schema.examples as unknown[])[0];
  if (leaf.cases) return leaf.cases.find((c: unknown) => c !== leaf.default);
  if (leaf.type === 'integer') return (leaf.default as number) + 1;
  if (/resources\.(requests|limits)\./.test(path)) return path.includes('cpu') ? (path.includes('limits') ? '4' : '100m') : (path.includes('limits') ? '4Gi' : '64Mi');
  return `${leaf.default}9`;
}

/** A values file setting `path`, with the `enabled` switch of its group on (a value only matters then). */
function fileWith(path: string, value: unknown): Record<string, any> {
  const enabled = path.replace(/[^.]+$/, 'enabled');
  return valuesFileOf({ [path]: value, ...(enabled !== path && leaves.has(enabled) ? { [enabled]: true } : {}) });
}

const at = (tree: unknown, dotted: string) => dotted.split('.').reduce<any>((node, key) => node?.[key], tree);
const expand = (text: string, component: string) => text.replace('*', component);
const rows = VALUE_PROPS.flatMap((row) => (row.value.includes('*') || row.prop.includes('*') ? ['backend', 'frontend'] : ['']).map((component) => ({
  ...row, value: expand(row.value, component), prop: expand(row.prop, component),
})));

test.each(rows.map((r) => [r.value, r.prop, r] as const))('%s sets %s', (value, prop, row) => {
  const leaf = leaves.get(value);
  expect(leaf).toBeDefined();
  const newValue = changed(value, leaf!);
  const file = fileWith(value, newValue);
  const before = chartPropsOf(defaultValues);
  const after = chartPropsOf(withValues(file));
  expect(JSON.stringify(at(after, prop))).not.toEqual(JSON.stringify(at(before, prop)));
  if (row.same) expect(at(after, prop)).toEqual(newValue);
});

test('every other value of a component sets the prop of the same name, as it is', () => {
  const documented = new Set(rows.map((r) => r.value));
  const families = /^(backend|frontend)\.(resources|probes)\./;
  const others = [...leaves].filter(([path]) => /^(backend|frontend)\./.test(path) && !documented.has(path) && !families.test(path));
  expect(others.map(([p]) => p)).toEqual(expect.arrayContaining(['backend.rollingUpdate.maxSurge', 'frontend.affinity', 'backend.uploadsPath']));
  for (const [path, leaf] of others) {
    const newValue = changed(path, leaf);
    expect([path, at(chartPropsOf(withValues(fileWith(path, newValue))), path)]).toEqual([path, newValue]);
  }
});

test('the documented names differ: a row for a value that sets the prop of its own name would be noise', () => {
  for (const row of VALUE_PROPS) expect(row.value.replace(/^global\./, '*.')).not.toBe(row.prop);
});
