// The generic constructs on their own: defaults, behaviour, and a clear error for each kind of bad input.
import { Chart, Testing } from 'cdk8s';
import * as k8s from '../imports/k8s';
import { ApiService, ApiServiceProps, AppSecrets, HealthProbes, UploadsStorage, WebApp, WebAppProps } from '../lib';

const newChart = () => new Chart(Testing.app(), 'test');
const api = (props: Partial<ApiServiceProps> = {}) => new ApiService(newChart(), 'api', { image: 'api:1.2.3', ...props });
const web = (props: Partial<WebAppProps> = {}) => new WebApp(newChart(), 'web', { image: 'web:1.2.3', ...props });

describe('bad input fails at synth time, naming the construct, the field and the value', () => {
  test.each<[string, () => unknown, string]>([
    ['replicas below 0', () => api({ replicas: -1 }), "ApiService 'test/api': replicas must be an integer >= 0, got -1"],
    ['fractional replicas', () => web({ replicas: 1.5 }), "WebApp 'test/web': replicas must be an integer >= 0, got 1.5"],
    ['a nodePort outside 30000-32767', () => web({ serviceType: 'NodePort', nodePort: 80 }),
      "WebApp 'test/web': nodePort must be an integer from 30000 to 32767, got 80"],
    ['NodePort without a nodePort', () => web({ serviceType: 'NodePort' }),
      "WebApp 'test/web': nodePort is required when serviceType is NodePort (a fixed port keeps the URL stable), got nothing"],
    ['a nodePort on a ClusterIP Service', () => web({ nodePort: 30001 }),
      "WebApp 'test/web': nodePort must not be set when serviceType is ClusterIP, got 30001"],
    ['a port outside 1-65535', () => api({ port: 70000, servicePort: 8000 }), "ApiService 'test/api': port must be an integer from 1 to 65535, got 70000"],
    ['a service port of 0', () => web({ servicePort: 0 }), "WebApp 'test/web': servicePort must be an integer from 1 to 65535, got 0"],
    ['a limit below its request', () => api({ resources: { memory: { request: '1Gi', limit: '512Mi' } } }),
      "ApiService 'test/api': resources.memory.limit must not be below resources.memory.request (\"1Gi\"), got \"512Mi\""],
    ['a CPU limit below its request', () => web({ resources: { cpu: { request: '2', limit: '1500m' } } }),
      "WebApp 'test/web': resources.cpu.limit must not be below resources.cpu.request (\"2\"), got \"1500m\""],
    ['a malformed quantity', () => api({ resources: { memory: { request: '512MB' } } }),
      "ApiService 'test/api': resources.memory.request must be a Kubernetes quantity such as 250m, 0.5, 512Mi or 1Gi, got \"512MB\""],
    ['an empty image', () => api({ image: '' }), "ApiService 'test/api': image must not be empty, got \"\""],
    ['an image with spaces', () => web({ image: 'web: 1' }), "WebApp 'test/web': image must not contain white space, got \"web: 1\""],
    ['an unknown pull policy', () => api({ imagePullPolicy: 'Sometimes' as any }),
      "ApiService 'test/api': imagePullPolicy must be one of \"IfNotPresent\", \"Always\", \"Never\", got \"Sometimes\""],
    ['a name that is not a DNS name', () => api({ name: 'My_Api', serviceName: 'api' }),
      "ApiService 'test/api': name must be a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got \"My_Api\""],
    ['a config key that is not an environment variable name', () => api({ config: { 'LOG-LEVEL': 'x' } }),
      "ApiService 'test/api': config.LOG-LEVEL must be a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*), got \"LOG-LEVEL\""],
    ['a relative uploads path', () => api({ uploadsPath: 'uploads' }), "ApiService 'test/api': uploadsPath must be an absolute path, got \"uploads\""],
    ['a rolling update that can neither add nor remove a pod', () => api({ rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }),
      "ApiService 'test/api': rollingUpdate must allow at least one of maxSurge and maxUnavailable above 0, got \"maxSurge 0, maxUnavailable 0\""],
    ['a root user', () => web({ runAs: { runAsUser: 0 } }), "WebApp 'test/web': runAs.runAsUser must be an integer >= 1, got 0"],
    ['a probe threshold below 1', () => api({ health: { liveness: { failureThreshold: 0 } } }),
      "HealthProbes 'test/api/HealthProbes': liveness.failureThreshold must be an integer >= 1, got 0"],
    ['a probe period below 1', () => web({ health: { readiness: { periodSeconds: 0 } } }),
      "HealthProbes 'test/web/HealthProbes': readiness.periodSeconds must be an integer >= 1, got 0"],
    ['a probe path without a leading slash', () => api({ health: { path: 'health' } }),
      "HealthProbes 'test/api/HealthProbes': path must start with \"/\", got \"health\""],
    ['a secret key that is not an environment variable name',
      () => new AppSecrets(newChart(), 's', { keys: [{ name: 'API-KEY' }] }),
      "AppSecrets 'test/s': keys[0].name must be a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*), got \"API-KEY\""],
    ['a repeated secret key', () => new AppSecrets(newChart(), 's', { keys: [{ name: 'A' }, { name: 'A' }] }),
      "AppSecrets 'test/s': keys[1].name must not repeat an earlier key, got \"A\""],
    ['a missing required secret value', () => new AppSecrets(newChart(), 's', { keys: [{ name: 'A' }], values: {} }),
      "AppSecrets 'test/s': values.A is required and must not be empty, got nothing"],
  ])('%s', (_case, build, message) => {
    expect(build).toThrow(message);
  });

  test('an undeclared secret value is refused without printing it', () => {
    expect(() => new AppSecrets(newChart(), 's', { keys: [{ name: 'A' }], values: { A: 'x', B: 'hunter2' } }))
      .toThrow("AppSecrets 'test/s': values.B is not a declared key (declared: A), got (value not shown)");
  });

  test('several problems are reported together', () => {
    expect(() => api({ replicas: -1, port: 0 })).toThrow(
      "ApiService 'test/api' has invalid props:\n  - replicas must be an integer >= 0, got -1\n  - port must be an integer from 1 to 65535, got 0");
  });

  test('a bad value never reaches the output: nothing is synthesized', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    expect(() => new ApiService(chart, 'api', { image: 'api:1', replicas: -1 })).toThrow();
    expect(chart.node.findAll().filter((c) => c.node.id === 'Deployment')).toEqual([]);
  });
});

describe('ApiService', () => {
  test('defaults: 1 replica, port 8000, ClusterIP, IfNotPresent, the seed\'s resources and probes, no startup probe of its own kind', () => {
    const [deployment, service] = Testing.synth(api().node.scope as Chart);
    const container = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.replicas).toBe(1);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.ports[0].containerPort).toBe(8000);
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(container.startupProbe.httpGet).toEqual({ path: '/api/health', port: 8000 });
    expect(service.spec.type).toBe('ClusterIP');
  });

  test('an existing claim is mounted without creating one', () => {
    const objects = Testing.synth(api({ uploads: UploadsStorage.existingClaim('shared') }).node.scope as Chart);
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(objects[0].spec.template.spec.volumes).toContainEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'shared' } });
  });

  test('url is the Service\'s in-cluster address', () => {
    expect(api({ serviceName: 'orders', servicePort: 80 }).url).toBe('http://orders:80');
  });
});

describe('WebApp', () => {
  test('defaults: ClusterIP with no nodePort, port 3000, the seed\'s resources', () => {
    const [deployment, service] = Testing.synth(web().node.scope as Chart);
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports[0].nodePort).toBeUndefined();
    expect(deployment.spec.template.spec.containers[0].resources)
      .toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '1Gi' } });
  });

  test('a health path alone keeps every default timing of WebApp, and one timing changes only that', () => {
    const [deployment] = Testing.synth(web({ health: { path: '/ready', liveness: { periodSeconds: 7 } } }).node.scope as Chart);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.startupProbe).toMatchObject({ httpGet: { path: '/ready', port: 3000 }, initialDelaySeconds: 0, periodSeconds: 5, failureThreshold: 6 });
    expect(container.livenessProbe).toMatchObject({ initialDelaySeconds: 20, periodSeconds: 7, failureThreshold: 3 });
    expect(container.readinessProbe).toMatchObject({ initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 2 });
  });

  test('the API URL goes into the variable the app reads', () => {
    const [deployment] = Testing.synth(web({ apiUrl: 'http://api:8000', apiUrlEnv: 'API_URL' }).node.scope as Chart);
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: 'API_URL', value: 'http://api:8000' });
  });
});

describe('HealthProbes', () => {
  test('applies path, port and each probe\'s timing, defaulting the rest', () => {
    const probes = new HealthProbes(newChart(), 'p', { port: 9000, path: '/healthz', liveness: { periodSeconds: 7 } });
    const { startupProbe, livenessProbe, readinessProbe } = probes.containerProbes();
    expect(startupProbe).toEqual({ httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(9000) }, initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 1 });
    expect(livenessProbe).toMatchObject({ periodSeconds: 7, initialDelaySeconds: 30, failureThreshold: 3 });
    expect(readinessProbe).toMatchObject({ periodSeconds: 5, initialDelaySeconds: 10, failureThreshold: 2 });
  });
});

describe('AppSecrets', () => {
  const keys = [{ name: 'DB_URL', description: 'database' }, { name: 'SMTP_PASSWORD', required: false }];

  test('wires each key from the Secret, optional keys marked optional', () => {
    const secrets = new AppSecrets(newChart(), 'creds', { keys });
    expect(secrets.envVars()).toEqual([
      { name: 'DB_URL', valueFrom: { secretKeyRef: { name: 'creds', key: 'DB_URL' } } },
      { name: 'SMTP_PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'SMTP_PASSWORD', optional: true } } },
    ]);
  });

  test('synthesizes no Secret object unless values are given', () => {
    const chart = newChart();
    new AppSecrets(chart, 'creds', { keys });
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('secrets.yaml.example has a placeholder for exactly the declared keys', () => {
    const { parse } = require('yaml');
    const example = parse(new AppSecrets(newChart(), 'creds', { keys }).exampleManifest());
    expect(example).toEqual({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, type: 'Opaque',
      stringData: { DB_URL: 'CHANGE_ME', SMTP_PASSWORD: '' },
    });
  });

  test('with values, a Secret holding every declared key', () => {
    const chart = newChart();
    new AppSecrets(chart, 'creds', { keys, values: { DB_URL: 'postgres://x' } });
    expect(Testing.synth(chart)[0]).toMatchObject({ kind: 'Secret', stringData: { DB_URL: 'postgres://x', SMTP_PASSWORD: '' } });
  });
});
