// The Helm chart in dist/helm/todo-chatbot: real helm renders, lints and packages it, and for any valid
// values file it renders exactly the objects the plain synthesis writes with the same values.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { checkValues, devValues, withValues } from '../lib/todo-chatbot';
import { todoChatbotHelmChartFiles } from '../lib/todo-chatbot/helm';
import { HELM_YAML, writeHelmChart } from '../lib/helm/helm-chart';
import { helm, runHelm } from './support/helm';
import { expectValidManifests } from './support/k8s-schema';
import { findObject, Manifest, synthPlainManifests } from './support/synth';
import { randomValuesFile } from './support/values-gen';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-helm-'));
const chartDir = path.join(work, 'todo-chatbot');
writeHelmChart(chartDir, todoChatbotHelmChartFiles());
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let fileCount = 0;
function valuesFile(values: unknown): string {
  const file = path.join(work, `values-${fileCount++}.yaml`);
  fs.writeFileSync(file, stringify(values, HELM_YAML));
  return file;
}

function helmTemplate(...valuesFiles: unknown[]): Manifest[] {
  const args = ['template', 'todo-chatbot', chartDir, ...valuesFiles.flatMap((v) => ['-f', valuesFile(v)])];
  return parseAllDocuments(helm(args)).map((d) => d.toJS()).filter((o) => o !== null);
}

/** Drops the labels only Helm adds, and orders objects by kind and name. */
function comparable(objects: Manifest[]): Manifest[] {
  const strip = (labels?: Record<string, string>) => {
    if (!labels) return;
    delete labels['helm.sh/chart'];
    delete labels['app.kubernetes.io/managed-by'];
  };
  const copy = JSON.parse(JSON.stringify(objects)) as Manifest[];
  for (const o of copy) {
    strip(o.metadata?.labels);
    strip(o.spec?.template?.metadata?.labels);
  }
  return copy.sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
}

describe('helm template equals the plain synthesis with the same values', () => {
  const cases: Array<[string, Record<string, any>]> = [
    ['the defaults', {}],
    ['values-dev.yaml', devValues],
    ['persistence on a claim with a storage class', { persistence: { enabled: true, type: 'pvc', storageClass: 'standard', size: '1Gi' } }],
    ['persistence on a host path', { persistence: { enabled: true, type: 'hostPath', hostPath: '/data/x' } }],
    ['a chart-created Secret', { secrets: { create: true, values: { DATABASE_URL: 'postgresql://u:p@h/db', JWT_SECRET: 's3cret' } } }],
    ['a ClusterIP frontend', { frontend: { service: { type: 'ClusterIP' } } }],
    ['overridden names', { fullnameOverride: 'chat', nameOverride: 'bot', backend: { service: { name: 'api' } } }],
    ['values with characters YAML and templates care about', { config: { corsOrigins: 'http://a:1, "b" {{ c }} %d', environment: 'true' } }],
    ...Array.from({ length: 12 }, (_, seed) => [`generated values file #${seed}`, randomValuesFile(seed)] as [string, Record<string, any>]),
  ];

  test.each(cases)('%s', (_name, values) => {
    expect(comparable(helmTemplate(values))).toEqual(comparable(synthPlainManifests(values)));
  });

  test('the generated files cover every structural case', () => {
    const generated = cases.map(([, v]) => withValues(v));
    expect(new Set(generated.map((v) => `${v.persistence.enabled}/${v.persistence.type}`)).size).toBe(4);
    expect(new Set(generated.map((v) => v.secrets.create)).size).toBe(2);
    expect(new Set(generated.map((v) => v.frontend.service.type)).size).toBe(2);
  });
});

test('Helm adds its own labels (helm.sh/chart, managed-by Helm) and nothing else differs', () => {
  const deployment = findObject(helmTemplate({}), 'Deployment', 'todo-chatbot-backend');
  expect(deployment.metadata.labels['helm.sh/chart']).toBe('todo-chatbot-1.0.0');
  expect(deployment.metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
});

describe('values override what they name', () => {
  const rendered = helmTemplate({
    backend: { replicaCount: 3, image: { tag: '1.1.0' }, resources: { limits: { memory: '1Gi' } } },
    frontend: { service: { nodePort: 31000 }, image: { repository: 'registry.local/web', pullPolicy: 'Always' } },
  });
  const backend = findObject(rendered, 'Deployment', 'todo-chatbot-backend');
  const frontend = findObject(rendered, 'Deployment', 'todo-chatbot-frontend');

  test('replica count', () => expect(backend.spec.replicas).toBe(3));
  test('image tag', () => expect(backend.spec.template.spec.containers[0].image).toBe('todo-backend:1.1.0'));
  test('memory limit, leaving the request', () => {
    expect(backend.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } });
  });
  test('nodePort', () => expect(findObject(rendered, 'Service', 'todo-chatbot-frontend').spec.ports[0].nodePort).toBe(31000));
  test('image repository and pull policy', () => {
    expect(frontend.spec.template.spec.containers[0]).toMatchObject({ image: 'registry.local/web:1.0.0', imagePullPolicy: 'Always' });
  });
  test('the claim exists only with persistence on a pvc', () => {
    expect(rendered.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(helmTemplate({ persistence: { enabled: true } }).filter((o) => o.kind === 'PersistentVolumeClaim')).toHaveLength(1);
    expect(helmTemplate({ persistence: { enabled: true, type: 'hostPath' } }).filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  });
  test('the Secret exists only when the chart is asked to create it', () => {
    expect(rendered.filter((o) => o.kind === 'Secret')).toEqual([]);
    const created = helmTemplate({ secrets: { create: true, existingSecret: 'mine', values: { DATABASE_URL: 'x', JWT_SECRET: 'y' } } });
    expect(findObject(created, 'Secret', 'mine').stringData).toMatchObject({ DATABASE_URL: 'x', JWT_SECRET: 'y', GMAIL_EMAIL: '' });
  });
});

test('every object rendered with the defaults and with values-dev.yaml passes strict Kubernetes 1.28 validation', () => {
  expect(() => expectValidManifests(helmTemplate({}))).not.toThrow();
  expect(() => expectValidManifests(helmTemplate(devValues))).not.toThrow();
  expect(() => expectValidManifests(helmTemplate({ persistence: { enabled: true }, secrets: { create: true, values: { DATABASE_URL: 'x', JWT_SECRET: 'y' } } }))).not.toThrow();
});

describe('bad values are rejected by values.schema.json, by helm and by the plain synthesis alike', () => {
  test.each<[string, Record<string, any>, RegExp]>([
    ['a negative replica count', { backend: { replicaCount: -1 } }, /backend\.replicaCount/],
    ['a non-integer replica count', { frontend: { replicaCount: 1.5 } }, /frontend\.replicaCount/],
    ['a nodePort outside 30000-32767', { frontend: { service: { nodePort: 80 } } }, /frontend\.service\.nodePort/],
    ['a malformed quantity', { backend: { resources: { requests: { memory: '512MB' } } } }, /backend\.resources\.requests\.memory/],
    ['a non-boolean persistence.enabled', { persistence: { enabled: 'yes' } }, /persistence\.enabled/],
    ['an unknown persistence.type', { persistence: { type: 'nfs' } }, /persistence\.type/],
    ['a created Secret without its required keys', { secrets: { create: true } }, /DATABASE_URL/],
    ['an unknown setting', { backend: { replicas: 2 } }, /replicas/],
  ])('%s', (_name, values, message) => {
    const result = runHelm(['template', 'todo-chatbot', chartDir, '-f', valuesFile(values)]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(() => checkValues(withValues(values), 'test')).toThrow(message);
  });
});

test('helm lint --strict passes with the defaults and with values-dev.yaml', () => {
  expect(helm(['lint', '--strict', chartDir])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  expect(helm(['lint', '--strict', chartDir, '-f', path.join(chartDir, 'values-dev.yaml')])).toMatch(/0 chart\(s\) failed/);
});

test('helm package produces todo-chatbot-1.0.0.tgz', () => {
  const out = path.join(work, 'packages');
  helm(['package', chartDir, '--destination', out]);
  expect(fs.readdirSync(out)).toEqual(['todo-chatbot-1.0.0.tgz']);
});

test('the chart holds what `helm create` conventions and the seed ask for', () => {
  const files = [...todoChatbotHelmChartFiles().keys()].sort();
  expect(files).toEqual(expect.arrayContaining([
    '.helmignore', 'Chart.yaml', 'templates/NOTES.txt', 'templates/_helpers.tpl', 'values-dev.yaml', 'values.schema.json', 'values.yaml',
  ]));
  const helpers = fs.readFileSync(path.join(chartDir, 'templates/_helpers.tpl'), 'utf-8');
  for (const name of ['name', 'fullname', 'chart', 'labels', 'selectorLabels']) expect(helpers).toContain(`define "todo-chatbot.${name}"`);
  const templates = files.filter((f) => f.startsWith('templates/') && f.endsWith('.yaml'));
  for (const t of templates) {
    // One resource per template file.
    expect(fs.readFileSync(path.join(chartDir, t), 'utf-8').match(/^kind:/gm)).toHaveLength(1);
  }
});

describe('NOTES.txt', () => {
  // helm install --dry-run needs a cluster, so the notes are rendered through `tpl` in a scratch copy.
  const notesChart = path.join(work, 'notes-chart');
  fs.cpSync(chartDir, notesChart, { recursive: true });
  fs.renameSync(path.join(notesChart, 'templates', 'NOTES.txt'), path.join(notesChart, 'notes.txt'));
  fs.writeFileSync(path.join(notesChart, 'templates', 'notes-preview.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ tpl (.Files.Get "notes.txt") . | quote }}\n');
  const notes = (values: unknown) => parseAllDocuments(helm(['template', 'todo-chatbot', notesChart, '-f', valuesFile(values),
    '--show-only', 'templates/notes-preview.yaml'])).map((d) => d.toJS())[0].data.notes as string;

  test('shows the minikube URL, the docker-driver tunnel and the Service it opens', () => {
    const text = notes({});
    expect(text).toContain('echo http://$(minikube ip):30000');
    expect(text).toContain('minikube service todo-chatbot-frontend -n default --url');
    expect(findObject(helmTemplate({}), 'Service', 'todo-chatbot-frontend').spec.type).toBe('NodePort');
  });

  test('tells how to create the Secret the pods read, naming its required keys', () => {
    const text = notes({});
    expect(text).toContain("kubectl create secret generic todo-chatbot-secrets -n default --from-literal=DATABASE_URL='...' --from-literal=JWT_SECRET='...'");
    expect(notes({ secrets: { create: true, values: { DATABASE_URL: 'x', JWT_SECRET: 'y' } } })).not.toContain('kubectl create secret');
  });

  test('with a ClusterIP frontend, shows a port-forward instead of the NodePort URL', () => {
    const text = notes({ frontend: { service: { type: 'ClusterIP' } } });
    expect(text).toContain('kubectl port-forward -n default svc/todo-chatbot-frontend 3000:3000');
    expect(text).not.toContain('minikube ip');
  });

  test('names the Deployments that exist', () => {
    const text = notes({ fullnameOverride: 'chat' });
    const deployments = helmTemplate({ fullnameOverride: 'chat' }).filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
    for (const name of text.match(/deploy\/[\w-]+/g)!) expect(deployments).toContain(name.slice('deploy/'.length));
  });
});
