// `kubectl apply -f dist`, as the README says, is a client-side apply: kubectl keeps a copy of each object in the
// annotation kubectl.kubernetes.io/last-applied-configuration, and the API server caps an object's annotations at
// 256 KiB. The plain synthesis computes that size (`clientSideApplyBytes`) to warn before a user meets the refusal.
// Here the real server judges the computation at the boundary, one byte either side, for each kind of object that
// values can make big; and a synthesis too big for a client-side apply names the command that works.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { TodoChatbotChart, withValues } from '../../lib/todo-chatbot';
import { ANNOTATIONS_MAX_BYTES } from '../../lib/todo-chatbot/value-rules';
import { clientSideApplyBytes, LAST_APPLIED_ANNOTATION } from '../../lib/todo-chatbot/outputs';
import { plainSynth } from '../support/hostile';
import { createNamespace, deleteNamespaces, runKubectl, writeValuesFile } from './support/cluster';

const TOO_LONG = `metadata.annotations: Too long: may not be more than ${ANNOTATIONS_MAX_BYTES} bytes`;
let namespace: string;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-client-apply-'));

beforeAll(async () => {
  namespace = await createNamespace('client-apply');
});
afterAll(() => {
  deleteNamespaces(namespace);
  fs.rmSync(work, { recursive: true, force: true });
});

/** The object of `kind` the chart makes from `values` (no nodePort: dry runs in other files may hold 30000). */
function objectOf(kind: string, component: string | undefined, values: unknown): any {
  const chart = new TodoChatbotChart(Testing.app(), 'todo-chatbot', { values: withValues({ frontend: { service: { nodePort: null } } }, values) });
  return chart.toJson().find((o: any) => o.kind === kind && (!component || o.metadata.labels?.['app.kubernetes.io/component'] === component));
}

/** `kubectl apply --dry-run=server` of `object`, as YAML from a file would be: client-side unless `serverSide`. */
function dryRunApply(object: any, serverSide = false) {
  return runKubectl(['apply', ...(serverSide ? ['--server-side'] : []), '--dry-run=server', '-n', namespace, '-f', '-'], stringify(object));
}

interface BigObject {
  readonly name: string;
  readonly kind: string;
  readonly component?: string;
  /** Values whose size grows with `n`. */
  readonly values: (n: number) => unknown;
}

const CASES: BigObject[] = [
  { name: 'a ConfigMap with a long value', kind: 'ConfigMap', values: (n) => ({ config: { corsOrigins: `http://${'a'.repeat(n)}.example` } }) },
  // Go's encoding/json writes "<" as \u003c: six bytes in the copy for one in the value.
  { name: 'a ConfigMap with characters JSON escapes', kind: 'ConfigMap', values: (n) => ({ config: { mcpServerName: `mcp-${'<'.repeat(n)}` } }) },
  { name: 'a ConfigMap with two-byte characters', kind: 'ConfigMap', values: (n) => ({ config: { mcpServerName: `mcp-${'\u00e9'.repeat(n)}` } }) },
  { name: 'a Deployment with big pod annotations', kind: 'Deployment', component: 'backend', values: (n) => ({ backend: { podAnnotations: { 'example.com/blob': 'x'.repeat(n) } } }) },
  // The Ingress's own annotations count twice: on the object, and inside the copy.
  { name: 'an Ingress with big annotations', kind: 'Ingress', values: (n) => ({ ingress: { enabled: true, annotations: { 'example.com/blob': 'x'.repeat(n) } } }) },
];

describe.each(CASES)('$name', ({ kind, component, values }) => {
  // The size grows linearly with n: find the largest n that still fits, from two syntheses.
  const bytes = (n: number) => clientSideApplyBytes(objectOf(kind, component, values(n)), namespace);
  let fits: number;
  beforeAll(() => {
    const start = 40_000;
    const [at, next] = [bytes(start), bytes(start + 1)];
    fits = start + Math.floor((ANNOTATIONS_MAX_BYTES - at) / (next - at));
  });

  test('the largest object that fits is accepted by a client-side apply', () => {
    expect(bytes(fits)).toBeLessThanOrEqual(ANNOTATIONS_MAX_BYTES);
    expect(bytes(fits)).toBeGreaterThan(ANNOTATIONS_MAX_BYTES - 6);
    const r = dryRunApply(objectOf(kind, component, values(fits)));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('one step bigger is refused for its annotations, and a server-side apply takes it', () => {
    const object = objectOf(kind, component, values(fits + 1));
    expect(bytes(fits + 1)).toBeGreaterThan(ANNOTATIONS_MAX_BYTES);
    const r = dryRunApply(object);
    expect(r.stderr).toContain(TOO_LONG);
    expect(r.status).not.toBe(0);
    const serverSide = dryRunApply(object, true);
    expect(serverSide.stderr).toBe('');
    expect(serverSide.status).toBe(0);
  });
});

test('a synthesis too big for a client-side apply warns, names --server-side, and that command is accepted', async () => {
  const file = writeValuesFile(work, 'big.yaml', { frontend: { service: { nodePort: null } }, config: { corsOrigins: `http://${'a'.repeat(300_000)}.example` } });
  const out = path.join(work, 'out');
  const r = await plainSynth(['-f', file, '-o', out]);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(new RegExp(`^WARNING: ConfigMap todo-chatbot-config is too big for \`kubectl apply -f\`: it would keep a copy of the object in the annotation ${LAST_APPLIED_ANNOTATION}, \\d+ bytes of annotations`, 'm'));
  expect(r.stderr).toContain(`Then: kubectl apply --server-side -f ${out}`);
  const manifests = path.join(out, 'todo-chatbot.k8s.yaml');
  const clientSide = runKubectl(['apply', '--dry-run=server', '-n', namespace, '-f', manifests]);
  expect(clientSide.stderr).toContain(TOO_LONG);
  const serverSide = runKubectl(['apply', '--server-side', '--dry-run=server', '-n', namespace, '-f', manifests]);
  expect(serverSide.stderr).toBe('');
  expect(serverSide.status).toBe(0);
});

test('dist/ as written fits a client-side apply, as the README runs it', () => {
  const manifests = path.join(__dirname, '..', '..', 'dist', 'todo-chatbot.k8s.yaml');
  const r = runKubectl(['apply', '--dry-run=server', '-n', namespace, '-f', manifests]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});
