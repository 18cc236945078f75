// The size of the copy `kubectl apply -f` (client-side) keeps in an annotation, and the plain synthesis's warning
// when an object is too big for it. test/cluster/client-side-apply.test.ts checks the size against a real API server
// one byte either side of the limit; these pin each part of the computation without one.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ANNOTATIONS_MAX_BYTES } from '../lib/todo-chatbot/value-rules';
import { clientSideApplyBytes, LAST_APPLIED_ANNOTATION } from '../lib/todo-chatbot/outputs';
import { plainSynth } from './support/hostile';

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { A: 'x' } };
const withData = (value: string) => ({ ...CONFIG_MAP, data: { A: value } });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-client-apply-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the copy is the object as JSON with its namespace and an empty annotations map, a newline, and the annotation key', () => {
  const json = JSON.stringify({ ...CONFIG_MAP, metadata: { name: 'c', namespace: 'ns', annotations: {} } });
  expect(clientSideApplyBytes(CONFIG_MAP, 'ns')).toBe(LAST_APPLIED_ANNOTATION.length + json.length + 1);
});

test('without a namespace, the longest one is assumed (the manifests name none; kubectl adds the one applied to)', () => {
  expect(clientSideApplyBytes(CONFIG_MAP) - clientSideApplyBytes(CONFIG_MAP, 'n')).toBe(62);
  expect(clientSideApplyBytes({ ...CONFIG_MAP, metadata: { name: 'c', namespace: 'abc' } })).toBe(clientSideApplyBytes(CONFIG_MAP, 'abc'));
});

test('characters count as Go\'s encoding/json writes them: <, > and & six bytes, é two, a quote two', () => {
  const base = clientSideApplyBytes(withData('aaaaaaaaaa'), 'ns');
  expect(clientSideApplyBytes(withData('<<<<<>>>>&'), 'ns') - base).toBe(50);
  expect(clientSideApplyBytes(withData('\u00e9'.repeat(10)), 'ns') - base).toBe(10);
  expect(clientSideApplyBytes(withData('"'.repeat(10)), 'ns') - base).toBe(10);
  expect(clientSideApplyBytes(withData('\u2028'.repeat(10)), 'ns') - base).toBe(50);
});

test('an object\'s own annotations count twice (on it and in the copy), an earlier copy not at all', () => {
  const annotated = (annotations: Record<string, string>) => ({ ...CONFIG_MAP, metadata: { name: 'c', annotations } });
  const base = clientSideApplyBytes(CONFIG_MAP, 'ns');
  const one = clientSideApplyBytes(annotated({ k: 'v'.repeat(100) }), 'ns');
  expect(one - base).toBe(101 + 101 + '"":""'.length);
  expect(clientSideApplyBytes(annotated({ [LAST_APPLIED_ANNOTATION]: 'x'.repeat(1000) }), 'ns')).toBe(base);
});

test('every object in dist/ fits a client-side apply', () => {
  const objects = parseAllDocuments(fs.readFileSync(path.join(__dirname, '..', 'dist', 'todo-chatbot.k8s.yaml'), 'utf-8')).map((d) => d.toJS());
  expect(objects.length).toBeGreaterThan(0);
  for (const object of objects) expect(clientSideApplyBytes(object)).toBeLessThan(ANNOTATIONS_MAX_BYTES / 10);
});

test('the plain synthesis warns of an object too big for a client-side apply and prints the server-side command', async () => {
  const values = path.join(work, 'big.yaml');
  fs.writeFileSync(values, `config:\n  corsOrigins: "http://${'a'.repeat(300_000)}.example"\n`);
  const out = path.join(work, 'big');
  const r = await plainSynth(['-f', values, '-o', out]);
  expect(r.status).toBe(0);
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('WARNING:'));
  expect(warnings).toEqual([
    `WARNING: ConfigMap todo-chatbot-config is too big for \`kubectl apply -f\`: it would keep a copy of the object in the annotation ${LAST_APPLIED_ANNOTATION}, `
    + `300666 bytes of annotations, and Kubernetes allows ${ANNOTATIONS_MAX_BYTES} (256 KiB); apply with \`kubectl apply --server-side -f\`, which keeps no copy.`,
  ]);
  expect(r.stderr).toContain(`Then: kubectl apply --server-side -f ${out}\n`);
});

test('a synthesis that fits says kubectl apply -f, without --server-side', async () => {
  const out = path.join(work, 'default');
  const r = await plainSynth(['-o', out]);
  expect(r.status).toBe(0);
  expect(r.stderr).not.toContain('WARNING');
  expect(r.stderr).toContain(`Then: kubectl apply -f ${out}\n`);
});
