// The README's recipe for a second release in the namespace of the first: with the values it names, the two
// releases share no object and no node port, so Helm can install both (it refuses to take over another release's
// objects, and Kubernetes a node port taken by another Service).
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { helm } from './support/helm';
import { Manifest } from './support/synth';
import { renderedChart } from './support/rendered-chart';

const chart = renderedChart();
afterAll(() => chart.dispose());

/** `helm template <release>` with `--set` flags, as objects. */
function release(name: string, sets: string[] = []): Manifest[] {
  return parseAllDocuments(helm(['template', name, chart.chartDir, ...sets.flatMap((s) => ['--set', s])]))
    .map((d) => d.toJS()).filter((o) => o !== null);
}
const names = (objects: Manifest[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);
const nodePorts = (objects: Manifest[]) => objects.filter((o) => o.kind === 'Service')
  .flatMap((s) => (s.spec.ports ?? []).map((p: any) => p.nodePort)).filter((p) => p !== undefined);
/** The Secrets the pods read (by name, from their env). */
const secretsRead = (objects: Manifest[]) => [...new Set(objects.filter((o) => o.kind === 'Deployment')
  .flatMap((d) => d.spec.template.spec.containers.flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name)))
  .filter((n) => n !== undefined))];

// The flags README.md gives (section "The Helm chart"): keep these two lists equal to it.
const README_SECOND_RELEASE = ['backend.service.name=staging-backend', 'frontend.service.nodePort=30001'];

test('with the defaults only, a second release collides with the first (why the README names the values)', () => {
  const first = release('todo-chatbot');
  const second = release('staging');
  expect(names(second).filter((n) => names(first).includes(n))).toEqual(['Service/backend-service']);
  expect(nodePorts(second)).toEqual(nodePorts(first));
  // The Secret is the release's own (<fullname>-secrets): no collision there.
  expect(secretsRead(first)).toEqual(['todo-chatbot-secrets']);
  expect(secretsRead(second)).toEqual(['staging-todo-chatbot-secrets']);
});

test('with the README\'s values, the second release shares no object, node port or Secret with the first', () => {
  const first = release('todo-chatbot');
  const second = release('staging', README_SECOND_RELEASE);
  expect(names(second).filter((n) => names(first).includes(n))).toEqual([]);
  expect(nodePorts(second)).toEqual([30001]);
  expect(nodePorts(first)).toEqual([30000]);
  expect(secretsRead(second)).toEqual(['staging-todo-chatbot-secrets']);
  // The frontend follows the backend's new Service name.
  const frontend = second.find((o) => o.kind === 'Deployment' && o.metadata.name === 'staging-todo-chatbot-frontend')!;
  expect(frontend.spec.template.spec.containers[0].env).toContainEqual({ name: 'API_URL', value: 'http://staging-backend:8000' });
});

test('README.md gives the same flags', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  for (const set of README_SECOND_RELEASE) expect(readme).toContain(`--set ${set}`);
});
