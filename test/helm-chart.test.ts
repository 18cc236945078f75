// The Helm chart in dist/helm/todo-chatbot: real helm renders, lints and packages it, and for any valid
// values file it renders exactly the objects the plain synthesis writes with the same values.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { Testing } from 'cdk8s';
import { checkValues, devValues, plainIdentity, TodoChatbotChart, valuesModel, withValues } from '../lib/todo-chatbot';
import { NAME_RULES } from '../lib/todo-chatbot/names';
import { namedTemplates } from '../lib/helm/names';
import { todoChatbotHelmChartFiles } from '../lib/todo-chatbot/helm';
import { HELM_YAML, writeHelmChart } from '../lib/helm/helm-chart';
import { structuralSettingsOf, structuralVariantsOf } from '../lib/values-model';
import { helm, runHelm } from './support/helm';
import { expectValidManifests } from './support/k8s-schema';
import { comparable, deploymentOf, findObject, Manifest, synthPlainManifests } from './support/synth';
import { casesFile, casesLabel, pairwiseCases, randomValuesFile } from './support/values-gen';

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
  return helmTemplateAs('todo-chatbot', ...valuesFiles);
}

function helmTemplateAs(release: string, ...valuesFiles: unknown[]): Manifest[] {
  const args = ['template', release, chartDir, ...valuesFiles.flatMap((v) => ['-f', valuesFile(v)])];
  return parseAllDocuments(helm(args)).map((d) => d.toJS()).filter((o) => o !== null);
}


/** The one list of structural settings (lib/values-model.ts reads it from the model). */
const STRUCTURAL = structuralSettingsOf(valuesModel);
/** The longest fullnameOverride the schema allows. */
const LONGEST_FULLNAME = `f${'u'.repeat(61)}1`;

describe('helm template equals the plain synthesis with the same values', () => {
  const cases: Array<[string, Record<string, any>]> = [
    ['the defaults', {}],
    ['values-dev.yaml', devValues],
    ['persistence on a claim with a storage class', { persistence: { enabled: true, type: 'pvc', storageClass: 'standard', size: '1Gi' } }],
    ['persistence on a host path', { persistence: { enabled: true, type: 'hostPath', hostPath: '/data/x' } }],
    ['a chart-created Secret', { secrets: { create: true, values: { DATABASE_URL: 'postgresql://u:p@h/db', JWT_SECRET: 's3cret' } } }],
    ['a ClusterIP frontend', { frontend: { service: { type: 'ClusterIP' } } }],
    ['overridden names', { fullnameOverride: 'chat', nameOverride: 'bot', backend: { service: { name: 'api' } } }],
    ['values with characters YAML and templates care about', { config: { mcpServerName: 'http://a:1, "b" {{ c }} %d', environment: 'true' } }],
    ['values that look like placeholders', {
      config: {
        environment: '\u27e6.Values.secrets.values.JWT_SECRET\u27e7', mcpServerName: '-4503599627370497',
      },
      // A look-alike as a map key is no label key: test/hostile-input.test.ts shows both paths refuse it alike.
      backend: {
        service: { name: 'api' }, nodeSelector: { 'example.com/k': 'v-4503599627370497' },
        podAnnotations: { 'example.com/a': '\u27e6a1b2c3d4e5f6a1b2c3d4e5f6:0\u27e7', 'example.com/b': 'http://x:-1000000000000123' },
      },
    }],
    ...structuralVariantsOf(valuesModel).map((v) => [`case ${casesLabel(v.settings)}`, casesFile(v.settings)] as [string, Record<string, any>]),
    ...pairwiseCases(STRUCTURAL).map((row, i) => [`pairwise row #${i}: ${casesLabel(row)}`, casesFile(row)] as [string, Record<string, any>]),
    ...Array.from({ length: 12 }, (_, seed) => [`generated values file #${seed}`, randomValuesFile(seed)] as [string, Record<string, any>]),
  ];

  test.each(cases)('%s', (_name, values) => {
    expect(comparable(helmTemplate(values))).toEqual(comparable(synthPlainManifests(values)));
  });

  test('the values files give every pair of structural settings every pair of their cases', () => {
    const values = cases.map(([, v]) => withValues(v));
    const at = (v: unknown, p: string) => JSON.stringify(p.split('.').reduce((n: any, k) => n[k], v));
    for (const s of STRUCTURAL) {
      for (const t of STRUCTURAL.filter((x) => x !== s)) {
        for (const a of s.cases) {
          for (const b of t.cases) {
            expect([s.path, a, t.path, b, values.some((v) => at(v, s.path) === JSON.stringify(a) && at(v, t.path) === JSON.stringify(b))])
              .toEqual([s.path, a, t.path, b, true]);
          }
        }
      }
    }
  });

  test('the pairwise rows are few: a covering array, not every combination', () => {
    const rows = pairwiseCases(STRUCTURAL);
    const combinations = STRUCTURAL.reduce((n, s) => n * s.cases.length, 1);
    expect(STRUCTURAL.length).toBeGreaterThanOrEqual(11);
    // Greedy rows grow about logarithmically; at most one per setting keeps the proof linear in the settings.
    expect(rows.length).toBeLessThanOrEqual(STRUCTURAL.length);
    expect(rows.length * 100).toBeLessThan(combinations);
  });
});

describe('pass-through values (helm create names) reach the pods on both paths', () => {
  const scheduling = {
    nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'todo', effect: 'NoSchedule' }, { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { tier: 'x' } } }] } },
  };
  test.each(['backend', 'frontend'])('%s', (component) => {
    const values = { [component]: scheduling };
    const rendered = helmTemplate(values);
    const plain = synthPlainManifests(values);
    for (const objects of [rendered, plain]) {
      const spec = deploymentOf(objects, component).spec.template.spec;
      expect({ nodeSelector: spec.nodeSelector, tolerations: spec.tolerations, affinity: spec.affinity }).toEqual(scheduling);
      const other = deploymentOf(objects, component === 'backend' ? 'frontend' : 'backend').spec.template.spec;
      expect([other.nodeSelector, other.tolerations, other.affinity]).toEqual([undefined, undefined, undefined]);
    }
    expect(comparable(rendered)).toEqual(comparable(plain));
    expect(() => expectValidManifests(rendered)).not.toThrow();
  });

  test('empty values leave the fields out, as helm create\'s `with` does', () => {
    for (const objects of [helmTemplate({}), synthPlainManifests()]) {
      for (const component of ['backend', 'frontend']) {
        expect(Object.keys(deploymentOf(objects, component).spec.template.spec)).not.toEqual(expect.arrayContaining(['nodeSelector']));
        expect(deploymentOf(objects, component).spec.template.spec).not.toHaveProperty('tolerations');
        expect(deploymentOf(objects, component).spec.template.spec).not.toHaveProperty('affinity');
      }
    }
    const template = fs.readFileSync(path.join(chartDir, 'templates', 'backend-deployment.yaml'), 'utf-8');
    expect(template).toContain('{{- with .Values.backend.tolerations }}\n      tolerations:\n        {{- toYaml . | nindent 8 }}\n      {{- end }}');
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

describe('names: the chart\'s _helpers.tpl and the plain synthesis follow the same rules', () => {
  const LONGEST_RELEASE = 'r'.repeat(20) + '-todo-chatbot-' + 'x'.repeat(19); // 53 characters, the most Helm allows

  test('_helpers.tpl defines name, fullname and chart from lib/todo-chatbot/names.ts', () => {
    const helpers = fs.readFileSync(path.join(chartDir, 'templates/_helpers.tpl'), 'utf-8');
    expect(helpers.startsWith(namedTemplates(NAME_RULES, 'todo-chatbot'))).toBe(true);
    expect(LONGEST_RELEASE).toHaveLength(53);
  });

  test.each<[string, Record<string, any>]>([
    ['demo', {}],
    ['my-todo-chatbot-prod', {}],
    [LONGEST_RELEASE, {}],
    ['r'.repeat(53), { nameOverride: 'bot' }],
    ['demo', { fullnameOverride: LONGEST_FULLNAME, frontend: { service: { type: 'ClusterIP' } }, persistence: { enabled: true } }],
    ['demo', { nameOverride: 'n'.repeat(63), persistence: { enabled: true } }],
    [LONGEST_RELEASE, { secrets: { create: true, values: { DATABASE_URL: 'x', JWT_SECRET: 'y' } } }],
  ])('release %s with %j: equal on both paths, every Service name and label value at most 63 characters', (release, values) => {
    const rendered = helmTemplateAs(release, values);
    const plain = Testing.synth(new TodoChatbotChart(Testing.app(), 'todo-chatbot', { values: withValues(values), identity: plainIdentity(withValues(values), release) }));
    expect(comparable(rendered)).toEqual(comparable(plain));
    for (const o of rendered) {
      const labels = [o.metadata.labels, o.spec?.template?.metadata?.labels, o.spec?.selector?.matchLabels, o.spec?.selector].filter(Boolean);
      for (const value of labels.flatMap((l) => Object.values(l as Record<string, string>))) expect(String(value).length).toBeLessThanOrEqual(63);
      if (['Service', 'Deployment', 'ConfigMap', 'Secret'].includes(o.kind)) expect(o.metadata.name.length).toBeLessThanOrEqual(63);
    }
    // Names still end with the suffix that tells the objects apart.
    const suffixes = rendered.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name.replace(/.*-/, '')).sort();
    expect(suffixes).toEqual(['backend', 'frontend']);
  });
});

test.each<[string, Record<string, any>, string]>([
  ['todo-chatbot', {}, 'todo-chatbot-secrets'],
  ['staging', {}, 'staging-todo-chatbot-secrets'],
  ['todo-chatbot-2', {}, 'todo-chatbot-2-secrets'],
  ['staging', { fullnameOverride: 'f'.repeat(63) }, `${'f'.repeat(55)}-secrets`],
  ['staging', { secrets: { existingSecret: 'shared' } }, 'shared'],
])('release %s with %j: the backend reads the Secret %s, on both paths, created there with secrets.create', (release, values, name) => {
  for (const create of [false, true]) {
    const file = { ...values, secrets: { ...values.secrets, create, values: create ? { DATABASE_URL: 'x', JWT_SECRET: 'y' } : {} } };
    const rendered = helmTemplateAs(release, file);
    const plain = Testing.synth(new TodoChatbotChart(Testing.app(), 'todo-chatbot', { values: withValues(file), identity: plainIdentity(withValues(file), release) }));
    expect(comparable(rendered)).toEqual(comparable(plain));
    const backend = rendered.find((o) => o.kind === 'Deployment' && o.metadata.labels['app.kubernetes.io/component'] === 'backend');
    const refs = new Set(backend!.spec.template.spec.containers[0].env.filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.valueFrom.secretKeyRef.name));
    expect([...refs]).toEqual([name]);
    expect(rendered.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual(create ? [name] : []);
  }
});

describe('NOTES.txt', () => {
  // helm install --dry-run needs a cluster, so the notes are rendered through `tpl` in a scratch copy.
  const notesChart = path.join(work, 'notes-chart');
  fs.cpSync(chartDir, notesChart, { recursive: true });
  fs.renameSync(path.join(notesChart, 'templates', 'NOTES.txt'), path.join(notesChart, 'notes.txt'));
  fs.writeFileSync(path.join(notesChart, 'templates', 'notes-preview.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ tpl (.Files.Get "notes.txt") . | quote }}\n');
  const notes = (values: unknown, release = 'todo-chatbot') => parseAllDocuments(helm(['template', release, notesChart, '-f', valuesFile(values),
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

  test('a second release reads (or creates) its own Secret, <fullname>-secrets, and is told how to add one more', () => {
    const text = notes({}, 'staging');
    expect(text).toContain("kubectl create secret generic staging-todo-chatbot-secrets -n default --from-literal=DATABASE_URL='...'");
    expect(text).toContain('Another release in this namespace needs only its own backend.service.name and frontend.service.nodePort');
    expect(notes({ secrets: { create: true, values: { DATABASE_URL: 'x', JWT_SECRET: 'y' } } }, 'staging'))
      .toContain('The chart created the Secret "staging-todo-chatbot-secrets" from secrets.values.');
    // A name the values give wins, for a Secret shared on purpose.
    expect(notes({ secrets: { existingSecret: 'shared' } }, 'staging')).toContain('kubectl create secret generic shared -n default');
  });

  test('with a node port the cluster picks (nodePort null), prints the command that shows it', () => {
    const text = notes({ frontend: { service: { nodePort: null } } });
    expect(text).toContain("echo http://$(minikube ip):$(kubectl get svc todo-chatbot-frontend -n default -o jsonpath='{.spec.ports[0].nodePort}')");
    expect(text).toContain('kubectl port-forward -n default svc/todo-chatbot-frontend 3000:3000');
    expect(text).not.toMatch(/<no value>|:30000/);
    expect(notes({})).not.toContain('jsonpath');
  });

  test('with a ClusterIP frontend, shows a port-forward instead of the NodePort URL', () => {
    const text = notes({ frontend: { service: { type: 'ClusterIP' } } });
    expect(text).toContain('kubectl port-forward -n default svc/todo-chatbot-frontend 3000:3000');
    expect(text).not.toContain('minikube ip');
  });

  test.each(['chat', LONGEST_FULLNAME])('names the Deployments and the Service that exist (fullnameOverride %s)', (fullnameOverride) => {
    const text = notes({ fullnameOverride, frontend: { service: { type: 'ClusterIP' } } });
    const objects = helmTemplate({ fullnameOverride, frontend: { service: { type: 'ClusterIP' } } });
    const names = (kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);
    const mentioned = [...text.matchAll(/(deploy|svc)\/([\w-]+)/g)];
    expect(mentioned.length).toBeGreaterThan(3);
    for (const [, kind, name] of mentioned) expect(names(kind === 'svc' ? 'Service' : 'Deployment')).toContain(name);
  });
});
