// Two releases of the chart in one namespace (issue 13): the second changes only backend.service.name and the
// nodePort, as the chart README and NOTES say, and gets its own objects, its own Secret included
// (`<fullname>-secrets`), under Pod Security "restricted". Uninstalling one leaves the other as it was.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { HELM_YAML } from '../../lib/helm/helm-chart';
import { plainIdentity, withValues } from '../../lib/todo-chatbot';
import {
  createNamespace, deleteNamespaces, expectAllPodsCreated, getJson, runHelmOnCluster, runKubectl, waitUntil, warnings,
} from './support/cluster';
import { createPrerequisites } from './support/prerequisites';

const CHART = path.join(__dirname, '..', '..', 'dist', 'helm', 'todo-chatbot');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-two-releases-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
/** The namespace of the current describe block. */
let namespace: string;

/** What the second release changes, and nothing else: a fixed nodePort, or null (the cluster picks one). */
const second = (nodePort: number | null) => ({ backend: { service: { name: 'staging-backend' } }, frontend: { service: { nodePort } } });

function install(release: string, values: Record<string, any>): void {
  createPrerequisites(namespace, withValues(values), release);
  const file = path.join(work, `${release}.yaml`);
  fs.writeFileSync(file, stringify(values, HELM_YAML));
  const r = runHelmOnCluster(['install', release, CHART, '-n', namespace, '-f', file]);
  if (r.status !== 0) throw new Error(`helm install ${release} exited ${r.status}:\n${r.stderr}`);
  expect(warnings(r.stderr)).toEqual([]);
}

/** `kind/name` of the objects labelled with the release. */
function objectsOf(release: string): string[] {
  return getJson(['deployments,services,configmaps,secrets', '-n', namespace, '-l', `app.kubernetes.io/instance=${release}`]).items
    .map((o: any) => `${o.kind}/${o.metadata.name}`).sort();
}

/** The Secret names the backend of a release reads. */
function secretsReadBy(release: string): string[] {
  const deployment = getJson(['deployments', '-n', namespace, '-l', `app.kubernetes.io/instance=${release},app.kubernetes.io/component=backend`]).items[0];
  const env = deployment.spec.template.spec.containers[0].env ?? [];
  return [...new Set<string>(env.filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.valueFrom.secretKeyRef.name))];
}

describe.each<[string, Record<string, any>, number | null]>([
  ['the user creates each release\'s Secret; the second\'s nodePort 30001', {}, 30001],
  ['each release creates its Secret; the cluster picks the second\'s nodePort', { secrets: { create: true, values: { DATABASE_URL: 'postgresql://u:p@h/db', JWT_SECRET: 'test-only' } } }, null],
])('%s', (_name, common, nodePort) => {
  beforeAll(async () => {
    namespace = await createNamespace('two-releases', 'restricted');
  });
  afterAll(() => {
    // Frees the nodePorts at once for the next block; the namespace goes in the background.
    runKubectl(['delete', 'services', '--all', '-n', namespace, '--wait=true']);
    deleteNamespaces(namespace);
  });

  const first = { release: 'todo-chatbot', values: common };
  const other = { release: 'staging', values: { ...common, ...second(nodePort) } };

  test('both install side by side, each pod created, each backend reading its own Secret', async () => {
    install(first.release, first.values);
    install(other.release, other.values);
    await expectAllPodsCreated(namespace, 4);
    expect(secretsReadBy(first.release)).toEqual(['todo-chatbot-secrets']);
    expect(secretsReadBy(other.release)).toEqual(['staging-todo-chatbot-secrets']);
    const port = getJson(['service', 'staging-todo-chatbot-frontend', '-n', namespace]).spec.ports[0].nodePort;
    if (nodePort === null) expect(port).toBeGreaterThanOrEqual(30000); // allocated by the cluster, not 30000 (taken)
    expect(port).toBe(nodePort ?? port);
    expect(port).not.toBe(30000);
    expect(plainIdentity(withValues(other.values), other.release).secretName).toBe('staging-todo-chatbot-secrets');
    const chartCreates = withValues(common).secrets.create;
    expect(objectsOf(other.release)).toEqual([
      'ConfigMap/staging-todo-chatbot-config', 'Deployment/staging-todo-chatbot-backend', 'Deployment/staging-todo-chatbot-frontend',
      ...(chartCreates ? ['Secret/staging-todo-chatbot-secrets'] : []), 'Service/staging-backend', 'Service/staging-todo-chatbot-frontend',
    ].sort());
  });

  test('uninstalling the second leaves the first as it was', async () => {
    const before = objectsOf(first.release);
    expect(runHelmOnCluster(['uninstall', other.release, '-n', namespace]).status).toBe(0);
    await waitUntil(`release ${other.release} gone`, 120, () => objectsOf(other.release).length === 0);
    expect(objectsOf(first.release)).toEqual(before);
    await expectAllPodsCreated(namespace, 2);
    expect(runHelmOnCluster(['uninstall', first.release, '-n', namespace]).status).toBe(0);
    await waitUntil(`release ${first.release} gone`, 120, () => objectsOf(first.release).length === 0);
  });
});
