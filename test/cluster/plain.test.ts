// The plain manifests in dist/, applied as the README says (Secret first, then `kubectl apply -f dist`, here
// server-side) to a namespace that enforces Pod Security "restricted" v1.28: accepted without a single warning,
// every pod created, and a second apply changes nothing.
import * as path from 'path';
import { createNamespace, deleteNamespaces, expectAllPodsCreated, getJson, kubectl, runKubectl, warnings } from './support/cluster';

const DIST = path.join(__dirname, '..', '..', 'dist');
const DEPLOYMENTS = 2; // backend and frontend

let namespace: string;
let firstApply: { stdout: string; stderr: string; status: number };

beforeAll(async () => {
  namespace = await createNamespace('plain');
  // The Secret the README has users create (dist/ never holds one), with its two required keys.
  kubectl(['create', 'secret', 'generic', 'todo-chatbot-secrets', '-n', namespace,
    '--from-literal=DATABASE_URL=postgresql://u:p@db:5432/todo', '--from-literal=JWT_SECRET=test-only']);
  firstApply = runKubectl(['apply', '--server-side', '-n', namespace, '-f', DIST]);
});

afterAll(() => {
  // Frees the fixed nodePort (30000) at once for the next file; the namespace itself goes in the background.
  if (namespace) runKubectl(['delete', '-n', namespace, '-f', DIST, '--wait=false']);
  deleteNamespaces(namespace);
});

test('kubectl apply --server-side -f dist is accepted, with no warning', () => {
  expect(firstApply.stderr).toBe('');
  expect(warnings(firstApply.stderr)).toEqual([]);
  expect(firstApply.status).toBe(0);
  expect(firstApply.stdout.trim().split('\n').sort()).toEqual([
    'configmap/todo-chatbot-config serverside-applied',
    'deployment.apps/todo-chatbot-backend serverside-applied',
    'deployment.apps/todo-chatbot-frontend serverside-applied',
    'service/backend-service serverside-applied',
    'service/todo-chatbot-frontend serverside-applied',
  ]);
});

test('the controllers create every pod and Pod Security refuses none (no FailedCreate event)', async () => {
  await expectAllPodsCreated(namespace, DEPLOYMENTS);
  const pods = getJson(['pods', '-n', namespace]).items;
  expect(pods.map((p: any) => p.metadata.labels['app.kubernetes.io/component']).sort()).toEqual(['backend', 'frontend']);
});

test('applying again changes nothing', async () => {
  await expectAllPodsCreated(namespace, DEPLOYMENTS);
  // `kubectl diff` exits 0 when the server-side dry run of the apply equals what is live.
  const diff = runKubectl(['diff', '--server-side', '-n', namespace, '-f', DIST]);
  expect(diff.stdout).toBe('');
  expect(diff.status).toBe(0);

  const generations = () => getJson(['deployments,services,configmaps', '-n', namespace]).items
    .map((o: any) => `${o.kind}/${o.metadata.name} generation=${o.metadata.generation} rv=${o.kind === 'Deployment' ? '-' : o.metadata.resourceVersion}`)
    .sort();
  const before = generations();
  const again = runKubectl(['apply', '--server-side', '-n', namespace, '-f', DIST]);
  expect(again.stderr).toBe('');
  expect(again.status).toBe(0);
  expect(generations()).toEqual(before);
  expect(getJson(['replicasets', '-n', namespace]).items).toHaveLength(DEPLOYMENTS); // no new rollout
});
