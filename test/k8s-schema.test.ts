import { expectValidManifests, validateManifest } from './support/k8s-schema';

const labels = { 'app.kubernetes.io/name': 'todo-chatbot', 'app.kubernetes.io/component': 'backend' };

function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'todo-chatbot-backend', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{
            name: 'backend',
            image: 'todo-backend:1.0.0',
            ports: [{ name: 'http', containerPort: 8000 }],
            envFrom: [{ configMapRef: { name: 'todo-chatbot-config' } }],
            resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: 1, memory: '512Mi' } },
            securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
            readinessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10 },
          }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'todo-data' } }],
        },
      },
    },
  };
}

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'backend-service' },
  spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
};
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'todo-chatbot-config' }, data: { LOG_LEVEL: 'info' } };
const pvc = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'todo-data' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
};
const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'todo-secrets' },
  type: 'Opaque',
  data: { OPENAI_API_KEY: Buffer.from('sk-test').toString('base64') },
  stringData: { DATABASE_URL: 'postgres://x' },
};

test('valid Deployment, Service, ConfigMap, PersistentVolumeClaim and Secret pass', () => {
  for (const o of [deployment(), service, configMap, pvc, secret]) expect(validateManifest(o)).toEqual([]);
  expect(() => expectValidManifests([deployment(), service, configMap, pvc, secret])).not.toThrow();
});

test('an unknown field deep inside is reported with its path', () => {
  const d = deployment();
  d.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true; // typo: FileSystem
  expect(validateManifest(d)).toEqual([
    'Deployment/todo-chatbot-backend: /spec/template/spec/containers/0/securityContext/readOnlyRootFileSystem: unknown field',
  ]);
});

test('unknown fields are rejected at the top level and in metadata too', () => {
  expect(validateManifest({ ...configMap, spec: {} })).toEqual(['ConfigMap/todo-chatbot-config: /spec: unknown field']);
  expect(validateManifest({ ...configMap, metadata: { name: 'c', label: {} } })).toEqual(['ConfigMap/c: /metadata/label: unknown field']);
});

test('maps keep arbitrary keys (labels, ConfigMap data)', () => {
  expect(validateManifest({ ...configMap, metadata: { name: 'c', labels: { anything: 'x' } }, data: { 'any.key': 'v' } })).toEqual([]);
});

test('a wrong type is reported', () => {
  const d = deployment();
  d.spec.replicas = '2';
  expect(validateManifest(d)).toEqual(['Deployment/todo-chatbot-backend: /spec/replicas: must be integer']);
});

test('an unknown kind or apiVersion is an error', () => {
  expect(validateManifest({ apiVersion: 'v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toEqual([
    'Deploymnet/x: unknown apiVersion/kind v1 Deploymnet in Kubernetes 1.28',
  ]);
  expect(validateManifest({ ...deployment(), apiVersion: 'extensions/v1beta1' })[0]).toMatch(/unknown apiVersion\/kind extensions\/v1beta1 Deployment/);
  expect(validateManifest({ metadata: { name: 'x' } })).toEqual(['<no kind>/x: apiVersion and kind are required strings']);
});

test('IntOrString accepts a port name or number, nothing else', () => {
  const s = structuredClone(service);
  expect(validateManifest(s)).toEqual([]); // targetPort: 'http'
  s.spec.ports[0].targetPort = 8000 as any;
  expect(validateManifest(s)).toEqual([]);
  s.spec.ports[0].targetPort = true as any;
  expect(validateManifest(s)).toEqual(['Service/backend-service: /spec/ports/0/targetPort: must be string or integer']);
});

test('a missing required field is reported', () => {
  const d = deployment();
  delete d.spec.template.spec.containers[0].name;
  expect(validateManifest(d)).toEqual(['Deployment/todo-chatbot-backend: /spec/template/spec/containers/0: missing required field "name"']);
});

test('the body is checked against the definition apiVersion/kind names', () => {
  expect(validateManifest({ ...service, kind: 'ConfigMap' })).toContain('ConfigMap/backend-service: /spec: unknown field');
});

test('quantities: strings in Kubernetes syntax or numbers; a typo in a resource name is caught', () => {
  const d = deployment();
  const resources = d.spec.template.spec.containers[0].resources;
  resources.limits = { cpu: 0.5, memory: '512MB', memroy: '1Gi' };
  expect(validateManifest(d).sort()).toEqual([
    'Deployment/todo-chatbot-backend: /spec/template/spec/containers/0/resources/limits/memory: must be a number or a Kubernetes quantity string (e.g. "512Mi", "250m")',
    'Deployment/todo-chatbot-backend: /spec/template/spec/containers/0/resources/limits/memroy: unknown resource name (expected cpu, memory, ephemeral-storage, storage, hugepages-<size> or a domain-qualified name)',
  ]);
  resources.limits = { cpu: '1.5', memory: '1e9', 'nvidia.com/gpu': 1, 'hugepages-2Mi': '64Mi' };
  expect(validateManifest(d)).toEqual([]);
});

test('integer formats and base64 Secret data are checked', () => {
  const d = deployment();
  d.spec.template.spec.containers[0].ports[0].containerPort = 2 ** 31;
  expect(validateManifest(d)).toEqual([
    'Deployment/todo-chatbot-backend: /spec/template/spec/containers/0/ports/0/containerPort: not a valid int32 (2147483648)',
  ]);
  expect(validateManifest({ ...secret, data: { KEY: 'not base64!' } })).toEqual([
    'Secret/todo-secrets: /data/KEY: not a valid byte ("not base64!")',
  ]);
});

test('expectValidManifests lists every problem of every object', () => {
  const d = deployment();
  d.spec.replicas = '2';
  expect(() => expectValidManifests([d, { ...configMap, spec: {} }])).toThrow(
    /2 Kubernetes 1.28 schema problem\(s\):\n {2}Deployment\/todo-chatbot-backend: \/spec\/replicas: must be integer\n {2}ConfigMap\/todo-chatbot-config: \/spec: unknown field/,
  );
});
