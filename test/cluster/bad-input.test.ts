// The API server as the oracle for bad input. For each mistake below:
//  (a) the server really refuses it: a good synthesized object, changed by hand the way the bad value would change
//      it, is refused by `kubectl apply --dry-run=server` (the unchanged object is accepted);
//  (b) the synthesis refuses the value first, naming it: the plain synthesis (values file → TodoChatbotChart, as
//      `npm run synth -- -f` does) and `helm template` with the same values file both fail with its path.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { HELM_YAML } from '../../lib/helm/helm-chart';
import { checkValues, loadValuesFiles, TodoChatbotChart, withValues } from '../../lib/todo-chatbot';
import { runHelm } from '../support/helm';
import { findObject, Manifest, synthPlainManifests } from '../support/synth';
import { createNamespace, deleteNamespaces, dryRunCreate, runHelmOnCluster, runKubectl, warnings } from './support/cluster';

const CHART = path.join(__dirname, '..', '..', 'dist', 'helm', 'todo-chatbot');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-bad-input-'));
let namespace: string;

beforeAll(async () => {
  namespace = await createNamespace('bad-input', 'restricted');
});
afterAll(() => {
  deleteNamespaces(namespace);
  fs.rmSync(work, { recursive: true, force: true });
});

/** Values that render every kind of object the chart has (claim and Secret included). */
const FULL = { persistence: { enabled: true }, secrets: { create: true, values: { DATABASE_URL: 'postgresql://u:p@h/db', JWT_SECRET: 'test-only' } } };

function good(kind: string, name: string): Manifest {
  return JSON.parse(JSON.stringify(findObject(synthPlainManifests(FULL), kind, name)));
}

const backend = () => good('Deployment', 'todo-chatbot-backend');
const frontend = () => good('Deployment', 'todo-chatbot-frontend');
const container = (deployment: Manifest) => deployment.spec.template.spec.containers[0];

/** How the object is sent: a server-side apply dry run unless the case says otherwise. */
type Send = 'apply-dry-run' | 'create' | 'create-dry-run';

function send(object: Manifest, how: Send = 'apply-dry-run') {
  const verb = how === 'apply-dry-run' ? ['apply', '--server-side', '--dry-run=server']
    : how === 'create' ? ['create'] : ['create', '--dry-run=server'];
  return runKubectl([...verb, '-n', namespace, '-f', '-'], stringify(object));
}

/** A Pod made of a Deployment's pod template: what the ReplicaSet controller would try to create. */
function podOf(deployment: Manifest): Manifest {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'from-template', labels: deployment.spec.template.metadata.labels }, spec: deployment.spec.template.spec };
}

interface BadInput {
  /** The mistake, in words. */
  name: string;
  /** The values file that makes it. */
  values: Record<string, any>;
  /** What the plain synthesis and helm must name. */
  names: RegExp;
  /** The good object, changed by hand as the bad value would change it. */
  object: () => Manifest;
  /** What the server says. */
  server: RegExp;
  /**
   * `create`: for real, because a dry run skips the node port allocator, which is what checks the range (refused,
   * it is never created). `create-dry-run`: a create, as helm sends it, which fails on a name already taken where
   * an apply would silently change the object that has it.
   */
  send?: Send;
  /** Objects that exist before (created for real). */
  existing?: () => Manifest[];
}

const CASES: BadInput[] = [
  {
    name: 'a nodePort outside 30000-32767',
    values: { frontend: { service: { nodePort: 80 } } },
    names: /frontend\.service\.nodePort/,
    object: () => { const s = good('Service', 'todo-chatbot-frontend'); s.spec.ports[0].nodePort = 80; return s; },
    server: /spec\.ports\[0\]\.nodePort: Invalid value: 80: provided port is not in the valid range/,
    send: 'create',
  },
  {
    name: 'a negative replica count',
    values: { backend: { replicaCount: -1 } },
    names: /backend\.replicaCount/,
    object: () => { const d = backend(); d.spec.replicas = -1; return d; },
    server: /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/,
  },
  {
    name: 'container port 0',
    values: { backend: { containerPort: 0 } },
    names: /backend\.containerPort/,
    object: () => { const d = backend(); container(d).ports[0].containerPort = 0; return d; },
    server: /containers\[0\]\.ports\[0\]\.containerPort: (Required value|Invalid value: 0)/,
  },
  {
    name: 'a Service port above 65535',
    values: { frontend: { service: { port: 70000 } } },
    names: /frontend\.service\.port/,
    object: () => { const s = good('Service', 'todo-chatbot-frontend'); s.spec.ports[0].port = 70000; return s; },
    server: /spec\.ports\[0\]\.port: Invalid value: 70000: must be between 1 and 65535/,
  },
  {
    name: 'a Service name longer than 63 characters',
    values: { backend: { service: { name: 'b'.repeat(64) } } },
    names: /backend\.service\.name/,
    object: () => { const s = good('Service', 'backend-service'); s.metadata.name = 'b'.repeat(64); return s; },
    server: /metadata\.name: Invalid value: "b{64}": must be no more than 63 characters/,
  },
  {
    name: 'an upper-case Service name',
    values: { backend: { service: { name: 'Backend' } } },
    names: /backend\.service\.name/,
    object: () => { const s = good('Service', 'backend-service'); s.metadata.name = 'Backend'; return s; },
    server: /metadata\.name: Invalid value: "Backend": a lowercase RFC 1123 label/,
  },
  {
    name: 'an upper-case name override (object names and the app.kubernetes.io/name label)',
    values: { fullnameOverride: 'Chat' },
    names: /fullnameOverride/,
    object: () => { const d = backend(); d.metadata.name = 'Chat-backend'; return d; },
    server: /metadata\.name: Invalid value: "Chat-backend": a lowercase RFC 1123 subdomain/,
  },
  {
    name: 'a name override longer than a label value may be',
    values: { nameOverride: 'n'.repeat(64) },
    names: /nameOverride/,
    object: () => { const c = good('ConfigMap', 'todo-chatbot-config'); c.metadata.labels['app.kubernetes.io/name'] = 'n'.repeat(64); return c; },
    server: /metadata\.labels: Invalid value: "n{64}": must be no more than 63 (characters|bytes)/,
  },
  {
    name: 'maxSurge and maxUnavailable both 0',
    values: { backend: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
    names: /backend\.rollingUpdate/,
    object: () => { const d = backend(); d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: 0 }; return d; },
    server: /spec\.strategy\.rollingUpdate\.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0/,
  },
  {
    name: 'an unknown image pull policy',
    values: { frontend: { image: { pullPolicy: 'Sometimes' } } },
    names: /frontend\.image\.pullPolicy/,
    object: () => { const d = frontend(); container(d).imagePullPolicy = 'Sometimes'; return d; },
    server: /imagePullPolicy: Unsupported value: "Sometimes"/,
  },
  {
    name: 'a negative probe delay',
    values: { backend: { probes: { liveness: { initialDelaySeconds: -1 } } } },
    names: /backend\.probes\.liveness\.initialDelaySeconds/,
    object: () => { const d = backend(); container(d).livenessProbe.initialDelaySeconds = -1; return d; },
    server: /livenessProbe\.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0/,
  },
  {
    name: 'a malformed memory quantity',
    values: { backend: { resources: { requests: { memory: '512MB' } } } },
    names: /backend\.resources\.requests\.memory/,
    object: () => { const d = backend(); container(d).resources.requests.memory = '512MB'; return d; },
    server: /quantities must match the regular expression/,
  },
  {
    name: 'a malformed claim size',
    values: { persistence: { enabled: true, size: '5GB' } },
    names: /persistence\.size/,
    object: () => { const c = good('PersistentVolumeClaim', 'todo-chatbot-backend-uploads'); c.spec.resources.requests.storage = '5GB'; return c; },
    server: /quantities must match the regular expression/,
  },
  {
    name: 'an unknown access mode',
    values: { persistence: { enabled: true, accessMode: 'ReadWriteSometimes' } },
    names: /persistence\.accessMode/,
    object: () => { const c = good('PersistentVolumeClaim', 'todo-chatbot-backend-uploads'); c.spec.accessModes = ['ReadWriteSometimes']; return c; },
    server: /spec\.accessModes: Unsupported value: "ReadWriteSometimes"/,
  },
  {
    name: 'a storage class that is not a DNS subdomain',
    values: { persistence: { enabled: true, storageClass: 'Fast_SSD' } },
    names: /persistence\.storageClass/,
    object: () => { const c = good('PersistentVolumeClaim', 'todo-chatbot-backend-uploads'); c.spec.storageClassName = 'Fast_SSD'; return c; },
    server: /spec\.storageClassName: Invalid value: "Fast_SSD"/,
  },
  {
    name: 'an upper-case Secret name',
    values: { secrets: { ...FULL.secrets, existingSecret: 'My-Secrets' } },
    names: /secrets\.existingSecret/,
    object: () => { const s = good('Secret', 'todo-chatbot-secrets'); s.metadata.name = 'My-Secrets'; return s; },
    server: /metadata\.name: Invalid value: "My-Secrets": a lowercase RFC 1123 subdomain/,
  },
  {
    name: 'root (uid 0), which Pod Security "restricted" refuses',
    values: { global: { runAsUser: 0 } },
    names: /global\.runAsUser/,
    object: () => {
      const d = backend();
      d.spec.template.spec.securityContext.runAsUser = 0;
      for (const c of d.spec.template.spec.containers) if (c.securityContext?.runAsUser !== undefined) c.securityContext.runAsUser = 0;
      return podOf(d);
    },
    server: /violates PodSecurity "restricted:v1\.28": runAsUser=0/,
  },
  {
    name: 'a uid above 2147483647',
    values: { global: { runAsUser: 2147483648 } },
    names: /global\.runAsUser/,
    object: () => {
      const d = backend();
      d.spec.template.spec.securityContext.runAsUser = 2147483648;
      return d;
    },
    server: /runAsUser: Invalid value: 2147483648: must be between 0 and 2147483647/,
  },
  {
    name: 'a CPU limit below its request',
    values: { backend: { resources: { requests: { cpu: '1' }, limits: { cpu: '500m' } } } },
    names: /backend\.resources\.limits\.cpu/,
    object: () => { const d = backend(); container(d).resources = { requests: { cpu: '1', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } }; return d; },
    server: /resources\.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m/,
  },
  {
    name: 'a memory limit below its request',
    values: { frontend: { resources: { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } } } },
    names: /frontend\.resources\.limits\.memory/,
    object: () => { const d = frontend(); container(d).resources.requests.memory = '2Gi'; container(d).resources.limits.memory = '1Gi'; return d; },
    server: /resources\.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi/,
  },
  {
    name: 'a negative CPU request',
    values: { backend: { resources: { requests: { cpu: '-1' } } } },
    names: /backend\.resources\.requests\.cpu/,
    object: () => { const d = backend(); container(d).resources.requests.cpu = '-1'; return d; },
    server: /resources\.requests\[cpu\]: Invalid value: "-1": must be greater than or equal to 0/,
  },
  {
    name: 'a claim of size 0',
    values: { persistence: { enabled: true, size: '0' } },
    names: /persistence\.size/,
    object: () => { const c = good('PersistentVolumeClaim', 'todo-chatbot-backend-uploads'); c.spec.resources.requests.storage = '0'; return c; },
    server: /spec\.resources\[storage\]: Invalid value: "0": must be greater than zero/,
  },
  {
    name: 'an uploads path that is already the /tmp mount',
    values: { backend: { uploadsPath: '/tmp' } },
    names: /backend\.uploadsPath/,
    object: () => { const d = backend(); container(d).volumeMounts.find((m: any) => m.mountPath === '/app/uploads').mountPath = '/tmp'; return d; },
    server: /volumeMounts\[\d\]\.mountPath: Invalid value: "\/tmp": must be unique/,
    send: 'create-dry-run', // as helm sends it; a server-side apply is refused earlier, for a duplicate list key
  },
  {
    name: 'a host path that climbs with ..',
    values: { persistence: { enabled: true, type: 'hostPath', hostPath: '/mnt/../etc' } },
    names: /persistence\.hostPath/,
    object: () => {
      const d = backend();
      const volumes = d.spec.template.spec.volumes;
      volumes[volumes.findIndex((v: any) => v.name === 'uploads')] = { name: 'uploads', hostPath: { path: '/mnt/../etc', type: 'DirectoryOrCreate' } };
      return d;
    },
    server: /hostPath\.path: Invalid value: "\/mnt\/\.\.\/etc": must not contain '\.\.'/,
  },
  {
    name: 'a storage class name longer than 253 characters',
    values: { persistence: { enabled: true, storageClass: 's'.repeat(254) } },
    names: /persistence\.storageClass/,
    object: () => { const c = good('PersistentVolumeClaim', 'todo-chatbot-backend-uploads'); c.spec.storageClassName = 's'.repeat(254); return c; },
    server: /spec\.storageClassName: Invalid value: "s{254}": must be no more than 253 (characters|bytes)/,
  },
  {
    name: 'a backend Service named like the frontend Service',
    values: { backend: { service: { name: 'todo-chatbot-frontend' } } },
    names: /backend\.service\.name/,
    existing: () => {
      const s = good('Service', 'todo-chatbot-frontend');
      s.spec.type = 'ClusterIP'; // a NodePort would hold 30000 for the other files
      delete s.spec.ports[0].nodePort;
      return [s];
    },
    object: () => { const s = good('Service', 'backend-service'); s.metadata.name = 'todo-chatbot-frontend'; return s; },
    server: /services "todo-chatbot-frontend" already exists/,
    send: 'create-dry-run',
  },
  {
    name: 'an autoscaler with maxReplicas below minReplicas',
    values: { frontend: { autoscaling: { enabled: true, minReplicas: 4, maxReplicas: 3 } } },
    names: /frontend\.autoscaling\.maxReplicas/,
    object: () => {
      const autoscaler = JSON.parse(JSON.stringify(findObject(synthPlainManifests({ frontend: { autoscaling: { enabled: true } } }),
        'HorizontalPodAutoscaler', 'todo-chatbot-frontend')));
      autoscaler.spec.minReplicas = 4;
      autoscaler.spec.maxReplicas = 3;
      return autoscaler;
    },
    server: /spec\.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`/,
  },
  {
    name: 'settings that make the ConfigMap larger than 1 MiB',
    values: { config: { mcpServerName: 'o'.repeat(1100000) } },
    names: /config: the backend's ConfigMap would hold \d+ bytes/,
    object: () => { const c = good('ConfigMap', 'todo-chatbot-config'); c.data.MCP_SERVER_NAME = 'o'.repeat(1100000); return c; },
    server: /Too long: may not be more than 1048576 bytes/,
  },
  {
    name: 'a chart-created Secret larger than 1 MiB',
    values: { secrets: { ...FULL.secrets, values: { ...FULL.secrets.values, OPENAI_API_KEY: 'k'.repeat(1100000) } } },
    names: /secrets\.values: the Secret the chart creates would hold \d+ bytes/,
    object: () => { const s = good('Secret', 'todo-chatbot-secrets'); s.stringData.OPENAI_API_KEY = 'k'.repeat(1100000); return s; },
    server: /data: Too long: may not be more than 1048576 bytes/,
  },
  {
    name: 'a storage class with an empty part between dots',
    values: { persistence: { enabled: true, storageClass: 'fast..ssd' } },
    names: /persistence\.storageClass/,
    object: () => { const c = good('PersistentVolumeClaim', 'todo-chatbot-backend-uploads'); c.spec.storageClassName = 'fast..ssd'; return c; },
    server: /spec\.storageClassName: Invalid value: "fast\.\.ssd": a lowercase RFC 1123 subdomain/,
  },
];

test('the good objects these cases start from are accepted without warnings', () => {
  for (const [kind, name] of [['Deployment', 'todo-chatbot-backend'], ['Deployment', 'todo-chatbot-frontend'],
    ['Service', 'todo-chatbot-frontend'], ['Service', 'backend-service'], ['ConfigMap', 'todo-chatbot-config'],
    ['PersistentVolumeClaim', 'todo-chatbot-backend-uploads'], ['Secret', 'todo-chatbot-secrets']]) {
    const r = send(good(kind, name));
    expect({ object: `${kind}/${name}`, status: r.status, warnings: warnings(r.stderr), stderr: r.stderr })
      .toEqual({ object: `${kind}/${name}`, status: 0, warnings: [], stderr: '' });
  }
  expect(send(podOf(backend())).status).toBe(0);
});

describe.each(CASES)('$name', ({ values, names, object, server, send: how, existing }) => {
  const file = path.join(work, `${names.source.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2)}.yaml`);
  beforeAll(() => fs.writeFileSync(file, stringify(values, HELM_YAML)));

  test('the API server refuses the object it would make', () => {
    for (const o of existing?.() ?? []) expect(send(o, 'create').stderr).toBe('');
    const r = send(object(), how);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(server);
  });

  test('the plain synthesis refuses the value first, naming it', () => {
    expect(() => Testing.synth(new TodoChatbotChart(Testing.app(), 'todo-chatbot', { values: loadValuesFiles([file]) }))).toThrow(names);
  });

  test('helm refuses the value first, naming it', () => {
    const r = runHelm(['template', 'todo-chatbot', CHART, '-f', file]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(names);
  });
});

// ---- generated: values that become object names, the server as the oracle ----

/**
 * Strings a user may type where a name goes: valid ones at the limits, and the mistakes around them (dots and dashes
 * in the wrong places, capitals, "_", white space, Unicode that looks like ASCII, lengths one past a limit).
 */
const NAME_CANDIDATES = [
  'a', 'z9', '1', '1a', 'a-b', 'a--b', 'a.b', 'a.b.c', 'xn--bcher-kva', '0.0.0.0', 'true', 'null',
  'a'.repeat(63), 'a'.repeat(64), `${'a'.repeat(63)}.${'b'.repeat(63)}`, 'a'.repeat(253), 'a'.repeat(254),
  '', 'A', 'aB', 'a_b', '_a', 'a..b', 'a.-b', 'a-.b', '-a', 'a-', '.a', 'a.', '.', '-', '..',
  'a b', ' a', 'a ', 'a\n', 'a\tb', 'ä', '\uff41', 'a\u200bb', 'a/b', 'a:b', 'a@b', 'a*',
];

/** A setting, and the values a user may give it: the server judges what each would make. */
interface GeneratedField<T = any> {
  readonly path: string;
  readonly candidates: readonly T[];
  /** A candidate the server takes: the objects made with it are the baseline, and only what differs is sent. */
  readonly valid: T;
  readonly values: (value: T) => Record<string, any>;
  /** The object the value refers to (an existing claim or Secret), if any: it must be one the server would take. */
  readonly referent?: (value: T) => Manifest | undefined;
  /** Candidates the synthesis refuses although this server takes them, and why that is right. */
  readonly stricter?: { readonly values: readonly T[]; readonly why: string };
}

const LONG = NAME_CANDIDATES.filter((v) => v.length > 63);
/** Kubernetes 1.36 takes Service names that start with a digit; the 1.28 this project targets does not. */
const DIGIT_FIRST = { values: ['1', '1a'], why: 'a Service name starting with a digit is refused before Kubernetes 1.34 (RelaxedServiceNameValidation)' };

const nameField = (path: string, values: (v: string) => Record<string, any>, more: Partial<GeneratedField<string>> = {}): GeneratedField<string> =>
  ({ path, candidates: NAME_CANDIDATES, valid: 'valid-name', values, ...more });

/** Values that become object names: the names the chart gives, and the names of objects it refers to. */
const NAME_FIELDS: GeneratedField<string>[] = [
  nameField('persistence.storageClass', (v) => ({ persistence: { enabled: true, storageClass: v } })),
  nameField('persistence.existingClaim', (v) => ({ persistence: { enabled: true, existingClaim: v } }), {
    // Empty: no existing claim (the chart creates one).
    referent: (v) => { const c = good('PersistentVolumeClaim', 'todo-chatbot-backend-uploads'); c.metadata.name = v; return v ? c : undefined; },
  }),
  nameField('secrets.existingSecret', (v) => ({ secrets: { existingSecret: v } }), {
    // Empty: the release's own, <fullname>-secrets.
    referent: (v) => { const s = good('Secret', 'todo-chatbot-secrets'); s.metadata.name = v || 'todo-chatbot-secrets'; return s; },
  }),
  nameField('secrets.existingSecret (secrets.create)', (v) => ({ secrets: { ...FULL.secrets, existingSecret: v } })),
  nameField('backend.service.name', (v) => ({ backend: { service: { name: v } } }), { stricter: DIGIT_FIRST }),
  nameField('nameOverride', (v) => ({ nameOverride: v, persistence: { enabled: true } }), {
    stricter: { values: [...LONG, 'a-', '-'], why: 'the names would be cut to 63 characters and a trailing "-" dropped: not the name given' },
  }),
  nameField('fullnameOverride', (v) => ({ fullnameOverride: v, persistence: { enabled: true } }), {
    stricter: { values: [...DIGIT_FIRST.values, ...LONG, 'a-'], why: `${DIGIT_FIRST.why}; and as nameOverride` },
  }),
  nameField('backend.priorityClassName', (v) => ({ backend: { priorityClassName: v } }), {
    referent: (v) => (v ? { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: v }, value: 1000 } : undefined),
  }),
  nameField('serviceAccount.name (serviceAccount.create)', (v) => ({ serviceAccount: { create: true, name: v } })),
  nameField('serviceAccount.name (an existing one)', (v) => ({ serviceAccount: { name: v } }), {
    referent: (v) => (v ? { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: v } } : undefined),
  }),
  nameField('imagePullSecrets[0].name', (v) => ({ imagePullSecrets: [{ name: v }] }), {
    referent: (v) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: v }, type: 'Opaque' }),
  }),
  nameField('ingress.className', (v) => ({ ingress: { enabled: true, className: v } })),
  nameField('ingress.host', (v) => ({ ingress: { enabled: true, host: v } })),
  nameField('ingress.tlsSecretName', (v) => ({ ingress: { enabled: true, tlsSecretName: v } })),
  nameField('ingress.annotations key', (v) => ({ ingress: { enabled: true, annotations: { [v]: 'x' } } })),
];

/** A DNS subdomain of 254 characters: one past the longest prefix a label key may have. */
const LONG_PREFIX = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`;
const EXAMPLE_AFFINITY = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }] } } };
const nodeTerm = (expression: Record<string, any>) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expression] }] } } });

/** The pass-through settings: objects the chart copies into the pod spec. */
const OBJECT_FIELDS: GeneratedField[] = [
  {
    path: 'backend.resources (request and limit alike)',
    valid: '1Gi',
    values: (v) => ({ backend: { resources: { requests: { memory: v, cpu: v }, limits: { memory: v, cpu: v } } } }),
    stricter: {
      values: ['.5', '1n', '0.0001', '1e-9', '1e-10', '1e-400'],
      why: 'as memory these are a fraction of a byte: the server only warns ("fractional byte value") and rounds, so the value does not do what it says',
    },
    candidates: ['1', '1Gi', '1e3', '1E3', '.5', '5.', '+1', '1n', '1Ki', '1k', '1.5Gi', '0.0001', '1e-9', '1e-10', '1e18', '1e19', '1e400', '1e-400',
      '9223372036854775807', '99999999999999999999', '8Ei', '9Ei', '1K', '1KB', '1 Gi', '1Gi ', '0x10', '1_000', '\u0661'],
  },
  {
    path: 'backend.nodeSelector',
    valid: { 'kubernetes.io/os': 'linux' },
    values: (v) => ({ backend: { nodeSelector: v } }),
    candidates: [
      {}, { 'kubernetes.io/os': 'linux' }, { disktype: 'ssd' }, { 'example.com/tier': '' }, { a: 'x'.repeat(63) }, { 'a.b-c_d': 'v' },
      { 'kubernetes.io/OS': 'linux' }, { 'Kubernetes.io/os': 'linux' }, { os: 'Linux OS' }, { '': 'x' }, { os: 'x'.repeat(64) },
      { 'a/b/c': 'x' }, { '/os': 'x' }, { 'os/': 'x' }, { os: '-linux' }, { os: 'linux-' }, { os: 'lin/ux' }, { '-os': 'x' },
      { ['k'.repeat(64)]: 'y' }, { [`${'p'.repeat(254)}/os`]: 'x' }, { os: '\u00e4' }, { os: 'a\n' }, { 'os ': 'x' },
    ],
  },
  {
    path: 'backend.tolerations',
    valid: [{ key: 'dedicated', operator: 'Equal', value: 'todo', effect: 'NoSchedule' }],
    values: (v) => ({ backend: { tolerations: v } }),
    candidates: [
      [], [{ key: 'dedicated', operator: 'Equal', value: 'todo', effect: 'NoSchedule' }], [{ operator: 'Exists' }],
      [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }], [{ key: 'a', value: 'b' }], [{ key: 'example.com/a' }],
      [{ operator: 'Exist' }], [{ key: 'a', operator: 'Exists', value: 'x' }], [{ key: 'a', effect: 'NoSchedul' }],
      [{ key: 'a', tolerationSeconds: 10, effect: 'NoSchedule' }], [{}], [{ keyy: 'a' }], [{ key: 'bad key' }],
      [{ key: 'a', value: 'x'.repeat(64) }], [{ key: 'a', value: 'bad value' }], [{ key: 'a', operator: 'equal' }],
      [{ key: 'a', tolerationSeconds: 1e20, effect: 'NoExecute' }], [{ key: 'a', tolerationSeconds: 1.5, effect: 'NoExecute' }],
    ],
  },
  {
    path: 'backend.affinity',
    valid: EXAMPLE_AFFINITY,
    values: (v) => ({ backend: { affinity: v } }),
    stricter: {
      values: [
        { nodeAfinity: {} }, nodeTerm({ key: 'size', operator: 'Gt', values: ['abc'] }),
        { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {}, matchLabelKeys: ['pod-template-hash'], topologyKey: 'kubernetes.io/hostname' }] } },
      ],
      why: 'a misspelt field reaches the server only through Helm (the plain synthesis\'s typed objects drop it), the scheduler reads '
        + 'a Gt or Lt value as an integer (any other matches no node), and a pod affinity term\'s matchLabelKeys came after Kubernetes 1.28 '
        + '(a 1.28 server refuses the field; this one is newer)',
    },
    candidates: [
      {}, EXAMPLE_AFFINITY, { nodeAfinity: {} }, { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
      nodeTerm({ key: 'kubernetes.io/arch', operator: 'Inn', values: ['amd64'] }), nodeTerm({ key: 'kubernetes.io/arch', operator: 'In', values: [] }),
      nodeTerm({ key: 'kubernetes.io/arch', operator: 'Exists', values: ['amd64'] }), nodeTerm({ key: 'Bad Key', operator: 'Exists' }),
      nodeTerm({ key: 'size', operator: 'Gt', values: ['abc'] }), nodeTerm({ key: 'size', operator: 'Gt', values: ['3'] }),
      { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } }] } },
      { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } }] } },
      { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'x' } } }] } },
      { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname' }] } },
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'bad value' } }, topologyKey: 'kubernetes.io/hostname' }] } },
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { [`${LONG_PREFIX}/app`]: 'x' } }, topologyKey: 'kubernetes.io/hostname' }] } },
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { [`${LONG_PREFIX.slice(1)}/app`]: 'x' } }, topologyKey: 'kubernetes.io/hostname' }] } },
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: `${LONG_PREFIX}/app`, operator: 'Exists' }] }, topologyKey: 'kubernetes.io/hostname' }] } },
      { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {}, matchLabelKeys: ['pod-template-hash'], topologyKey: 'kubernetes.io/hostname' }] } },
    ],
  },
  {
    path: 'frontend.topologySpreadConstraints',
    valid: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
    values: (v) => ({ frontend: { topologySpreadConstraints: v } }),
    stricter: {
      values: [
        [{ maxSkew: 1, topologyKey: 'Bad Key', whenUnsatisfiable: 'DoNotSchedule' }], [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelectr: {} }],
        [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['app'], labelSelector: { matchLabels: { app: 'x' } } }],
        [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['app'], labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }],
        [{ maxSkew: 1, topologyKey: `${LONG_PREFIX}/zone`, whenUnsatisfiable: 'DoNotSchedule' }],
      ],
      why: 'a topology key names a node label, which no node can carry with a space or a prefix over 253 characters (this server checks only that it is '
        + 'not empty); a misspelt field reaches the server only through Helm; a Kubernetes 1.28 server refuses a matchLabelKeys key that the '
        + 'labelSelector has too (this newer one merges the two)',
    },
    candidates: [
      [], [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      [{ maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', minDomains: 2, labelSelector: { matchLabels: { app: 'x' } } }],
      [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }], [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Schedule' }],
      [{ maxSkew: 1, topologyKey: 'Bad Key', whenUnsatisfiable: 'DoNotSchedule' }], [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelectr: {} }],
      [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', nodeTaintsPolicy: 'honor' }], [{ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule' }],
      [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'bad value' } } }],
      [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }],
      [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }, { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }],
      [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }, { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['pod-template-hash'] }],
      [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['pod-template-hash'], labelSelector: { matchLabels: { app: 'x' } } }],
      [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['app'], labelSelector: { matchLabels: { app: 'x' } } }],
      [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['app'], labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }],
      [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['bad key'], labelSelector: {} }],
      [{ maxSkew: 1, topologyKey: `${LONG_PREFIX}/zone`, whenUnsatisfiable: 'DoNotSchedule' }],
      [{ maxSkew: 1, topologyKey: `${LONG_PREFIX.slice(1)}/zone`, whenUnsatisfiable: 'DoNotSchedule' }],
    ],
  },
  {
    path: 'backend.extraEnv (valueFrom)',
    valid: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    values: (v) => ({ backend: { extraEnv: v } }),
    candidates: [
      [], [{ name: 'A', value: 'x' }], [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }], [{ name: 'A', value: '', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      [{ name: 'A', valueFrom: {} }], [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, resourceFieldRef: { resource: 'limits.cpu' } } }],
      [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.nam' } } }], [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } }],
      [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } }], [{ name: 'A', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }],
      [{ name: 'A', valueFrom: { fieldRef: { fieldPath: "metadata.labels['bad key']" } } }], [{ name: 'A', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['Example.com/Note']" } } }],
      [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.podIPs' } } }], [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } }],
      [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.mem' } } }], [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
      [{ name: 'A', valueFrom: { secretKeyRef: { name: 'Bad_Name', key: 'k' } } }], [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'bad key' } } }],
      [{ name: 'A', valueFrom: { secretKeyRef: { key: 'k' } } }], [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'c', key: '.k_-1' } } }],
      [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'c', key: 'k'.repeat(254) } } }],
    ],
  },
  {
    path: 'backend.extraEnvFrom',
    valid: [{ secretRef: { name: 's' } }],
    values: (v) => ({ backend: { extraEnvFrom: v } }),
    candidates: [
      [], [{ secretRef: { name: 's' } }], [{ prefix: 'X_', configMapRef: { name: 'c' } }], [{}], [{ prefix: 'X_' }],
      [{ secretRef: { name: 's' }, configMapRef: { name: 'c' } }], [{ configMapRef: { name: 'Bad_Name' } }], [{ configMapRef: {} }], [{ secretRef: { name: 'a..b' } }],
    ],
  },
  {
    path: 'backend.extraVolumes and extraVolumeMounts',
    valid: { volumes: [{ name: 'cache', emptyDir: {} }], mounts: [{ name: 'cache', mountPath: '/cache' }] },
    values: (v) => ({ backend: { extraVolumes: v.volumes, extraVolumeMounts: v.mounts } }),
    stricter: {
      values: [
        { volumes: [{ name: 'host', hostPath: { path: '/etc' } }], mounts: [] }, { volumes: [{ name: 'host', hostPath: { path: '/data' } }], mounts: [] },
        { volumes: [{ name: 'host', hostPath: { path: '/' } }], mounts: [] },
      ],
      why: 'a host path that is the node\'s root, a system directory or one level below / is refused as persistence.hostPath is (dangerous, not invalid)',
    },
    candidates: [
      { volumes: [], mounts: [] }, { volumes: [{ name: 'cache', emptyDir: {} }], mounts: [{ name: 'cache', mountPath: '/cache' }] },
      { volumes: [{ name: 'cache', emptyDir: {}, configMap: { name: 'c' } }], mounts: [] }, { volumes: [{ name: 'cache' }], mounts: [] },
      { volumes: [{ name: 'cache', emptyDir: { sizeLimit: '-1Gi' } }], mounts: [] }, { volumes: [{ name: 'cache', emptyDir: { sizeLimit: '0' } }], mounts: [] },
      { volumes: [{ name: 'cache', emptyDir: { sizeLimit: '1Gi' } }], mounts: [] }, { volumes: [{ name: 'cache', emptyDir: { sizeLimit: '1GB' } }], mounts: [] },
      { volumes: [{ name: 'host', hostPath: { path: '/etc' } }], mounts: [] }, { volumes: [{ name: 'host', hostPath: { path: '/data' } }], mounts: [] },
      { volumes: [{ name: 'host', hostPath: { path: '/' } }], mounts: [] }, { volumes: [{ name: 'host', hostPath: { path: '/mnt/data/x' } }], mounts: [] },
      { volumes: [{ name: 'host', hostPath: { path: '/mnt/../etc' } }], mounts: [] },
      { volumes: [{ name: 'cache', emptyDir: {} }], mounts: [{ name: 'cache', mountPath: '/cache', subPath: '../a' }] },
      { volumes: [{ name: 'cache', emptyDir: {} }], mounts: [{ name: 'cache', mountPath: '/cache', subPath: '/a' }] },
      { volumes: [{ name: 'cache', emptyDir: {} }], mounts: [{ name: 'cache', mountPath: '/cache', subPath: 'a/b..c' }] },
      { volumes: [{ name: 'cache', emptyDir: {} }], mounts: [{ name: 'cache', mountPath: '/cache', subPath: 'a', subPathExpr: 'b' }] },
      { volumes: [{ name: 'cache', emptyDir: {} }], mounts: [{ name: 'cache', mountPath: '/cache', mountPropagation: 'Bidirectional' }] },
      { volumes: [{ name: 'cache', emptyDir: {} }], mounts: [{ name: 'cache', mountPath: '/cache', mountPropagation: 'HostToContainer' }] },
      { volumes: [{ name: 'cache', emptyDir: {} }], mounts: [{ name: 'cache', mountPath: '/cache', mountPropagation: 'Sideways' }] },
    ],
  },
  {
    path: 'ingress.path (pathType Prefix)',
    valid: '/',
    values: (v) => ({ ingress: { enabled: true, path: v } }),
    candidates: ['/', '/app', '/app/', '//app', '/a//b', '/a/./b', '/a/../b', '/a/..', '/a/.', '/a%2fb', '/a%2Fb', '/a b', '/*', '/a..b', '/.well-known'],
  },
  {
    path: 'serviceAccount (created, by name)',
    valid: 'todo-runner',
    values: (v) => ({ serviceAccount: { create: true, name: v } }),
    candidates: ['todo-runner', 'default', 'default-2'],
  },
];

type Verdict = 'accepts' | 'refuses';

/** The server's verdict on what the values would make: every object the chart makes from them, and the referent. */
async function serverVerdict<T>(namespace: string, field: GeneratedField<T>, value: T): Promise<{ verdict: Verdict; why: string }> {
  let objects: Manifest[];
  try {
    // The chart's constructs without the value checks: what would reach the server if nothing refused it first.
    objects = synthPlainManifests(field.values(value));
  } catch (e) {
    return { verdict: 'refuses', why: `the constructs: ${(e as Error).message.split('\n')[0]}` };
  }
  const baseline = new Set(synthPlainManifests(field.values(field.valid)).map((o) => JSON.stringify(o)));
  const changed = [...objects.filter((o) => !baseline.has(JSON.stringify(o))), ...[field.referent?.(value)].filter((o): o is Manifest => o !== undefined)];
  for (const object of changed) {
    // Strict field validation: a field the server does not know is refused, not silently dropped.
    const answer = await dryRunCreate(namespace, object);
    if (answer.status !== 201) return { verdict: 'refuses', why: `${object.kind}: ${answer.message}` };
  }
  return { verdict: 'accepts', why: `${changed.length} changed object(s) accepted` };
}

/** Asks the server, the plain synthesis and helm about each candidate; expects no hole, no disagreement, and the stricter ones. */
async function expectSynthesisNeverLooser<T>(namespace: string, field: GeneratedField<T>): Promise<void> {
  const holes: string[] = [];
  const disagreements: string[] = [];
  const stricter: T[] = [];
  const verdicts: Verdict[] = [];
  for (const [i, value] of field.candidates.entries()) {
    const server = await serverVerdict(namespace, field, value);
    let plain: Verdict = 'accepts';
    try {
      checkValues(withValues(field.values(value)), 'generated', { onWarning: () => undefined });
    } catch {
      plain = 'refuses';
    }
    const file = path.join(work, `generated-${field.path.replace(/\W+/g, '-')}-${i}.yaml`);
    fs.writeFileSync(file, stringify(field.values(value), HELM_YAML));
    const helm: Verdict = runHelm(['template', 'todo-chatbot', CHART, '-f', file]).status === 0 ? 'accepts' : 'refuses';
    verdicts.push(server.verdict);
    if (plain !== helm) disagreements.push(`${JSON.stringify(value)}: plain ${plain}, helm ${helm}`);
    if (server.verdict === 'refuses' && plain === 'accepts') holes.push(`${JSON.stringify(value)}: ${server.why}`);
    if (server.verdict === 'accepts' && plain === 'refuses') stricter.push(value);
  }
  expect({ holes, disagreements }).toEqual({ holes: [], disagreements: [] });
  const pinned = new Set(field.stricter?.values.map((v) => JSON.stringify(v)));
  expect(stricter).toEqual(field.candidates.filter((v) => pinned.has(JSON.stringify(v))));
  // The candidates reach both sides of the rule, so the comparison means something.
  expect(new Set(verdicts)).toEqual(new Set(['accepts', 'refuses']));
}

describe('generated values, the API server as the oracle: the synthesis never accepts what it refuses', () => {
  // A namespace of its own: the cases above create objects for real.
  let empty: string;
  beforeAll(async () => {
    empty = await createNamespace('generated', 'restricted');
  });
  afterAll(() => deleteNamespaces(empty));

  test.each(NAME_FIELDS.map((f) => [f.path, f] as const))('names: %s', (_path, field) => expectSynthesisNeverLooser(empty, field));
  test.each(OBJECT_FIELDS.map((f) => [f.path, f] as const))('objects: %s', (_path, field) => expectSynthesisNeverLooser(empty, field));
});

// ---- likely mistakes: warned on both paths ----

test('helm install prints the plain synthesis\'s warnings in its NOTES', () => {
  const values = { backend: { probes: { liveness: { timeoutSeconds: 15 } } }, frontend: { probes: { startup: { timeoutSeconds: 6 } } } };
  const file = path.join(work, 'warnings.yaml');
  fs.writeFileSync(file, stringify(values, HELM_YAML));
  const plainWarnings: string[] = [];
  checkValues(withValues(values), file, { onWarning: (w) => plainWarnings.push(w) });
  expect(plainWarnings).toEqual([
    `${file}: backend.probes.liveness.timeoutSeconds (15) is longer than its periodSeconds (10): a slow probe overlaps the next one`,
    `${file}: frontend.probes.startup.timeoutSeconds (6) is longer than its periodSeconds (5): a slow probe overlaps the next one`,
  ]);
  const r = runHelmOnCluster(['install', 'warned', CHART, '-n', namespace, '-f', file, '--dry-run=server']);
  expect(r.status).toBe(0);
  const notes = r.stdout.slice(r.stdout.indexOf('NOTES:\n'));
  expect(notes.split('\n').filter((l) => l.startsWith('WARNING: '))).toEqual(plainWarnings.map((w) => `WARNING: ${w.slice(file.length + 2)}`));
});
