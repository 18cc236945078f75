// The generic constructs on their own: defaults, behaviour, and a clear error for each kind of bad input.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parse } from 'yaml';
import * as k8s from '../imports/k8s';
import { ApiService, AppSecrets, HealthProbes, UploadsStorage, VolumeStorage, WebApp } from '../lib';
import { envValuesOf, probesOf, WorkloadPods } from '../lib/plus';
import { apiService, deploymentPodSpec, findObject, synthOf, testChart, webApp } from './support/synth';

describe('bad input fails at synth time, naming the construct, the field and the value', () => {
  test.each<[string, () => unknown, string]>([
    ['replicas below 0', () => apiService({ replicas: -1 }), "ApiService 'test/api': replicas must be an integer >= 0, got -1"],
    ['fractional replicas', () => webApp({ replicas: 1.5 }), "WebApp 'test/web': replicas must be an integer >= 0, got 1.5"],
    ['a nodePort outside 30000-32767', () => webApp({ serviceType: 'NodePort', nodePort: 80 }),
      "WebApp 'test/web': nodePort must be an integer from 30000 to 32767, got 80"],
    ['a nodePort on a ClusterIP Service', () => webApp({ nodePort: 30001 }),
      "WebApp 'test/web': nodePort must not be set when serviceType is ClusterIP, got 30001"],
    ['a port outside 1-65535', () => apiService({ port: 70000, servicePort: 8000 }), "ApiService 'test/api': port must be an integer from 1 to 65535, got 70000"],
    ['a service port of 0', () => webApp({ servicePort: 0 }), "WebApp 'test/web': servicePort must be an integer from 1 to 65535, got 0"],
    ['a limit below its request', () => apiService({ resources: { memory: { request: '1Gi', limit: '512Mi' } } }),
      "ApiService 'test/api': resources.memory.limit must not be below resources.memory.request (\"1Gi\"), got \"512Mi\""],
    ['a CPU limit below its request', () => webApp({ resources: { cpu: { request: '2', limit: '1500m' } } }),
      "WebApp 'test/web': resources.cpu.limit must not be below resources.cpu.request (\"2\"), got \"1500m\""],
    ['a malformed quantity', () => apiService({ resources: { memory: { request: '512MB' } } }),
      "ApiService 'test/api': resources.memory.request must be a Kubernetes quantity such as 250m, 0.5, 512Mi or 1Gi, got \"512MB\""],
    ['an empty image', () => apiService({ image: '' }), "ApiService 'test/api': image must not be empty, got \"\""],
    ['an image with spaces', () => webApp({ image: 'web: 1' }), "WebApp 'test/web': image must not contain white space, got \"web: 1\""],
    ['an unknown pull policy', () => apiService({ imagePullPolicy: 'Sometimes' as any }),
      "ApiService 'test/api': imagePullPolicy must be one of \"IfNotPresent\", \"Always\", \"Never\", got \"Sometimes\""],
    ['a name that is not a DNS name', () => apiService({ name: 'My_Api', serviceName: 'api' }),
      "ApiService 'test/api': name must be a DNS subdomain name (lower-case letters, digits, \"-\" and \".\", at most 253 characters), got \"My_Api\""],
    ['a config key that is not an environment variable name', () => apiService({ config: { 'LOG-LEVEL': 'x' } }),
      "ApiService 'test/api': config.LOG-LEVEL must be a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*), got \"LOG-LEVEL\""],
    ['a relative uploads path', () => apiService({ uploadsPath: 'uploads' }), "ApiService 'test/api': uploadsPath must be an absolute path, got \"uploads\""],
    ['a rolling update that can neither add nor remove a pod', () => apiService({ rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }),
      "ApiService 'test/api': rollingUpdate must allow at least one of maxSurge and maxUnavailable above 0, got \"maxSurge 0, maxUnavailable 0\""],
    ['a root user', () => webApp({ runAs: { runAsUser: 0 } }), "WebApp 'test/web': runAs.runAsUser must be an integer >= 1, got 0"],
    ['a probe threshold below 1', () => apiService({ health: { liveness: { failureThreshold: 0 } } }),
      "HealthProbes 'test/api/HealthProbes': liveness.failureThreshold must be an integer >= 1, got 0"],
    ['a probe period below 1', () => webApp({ health: { readiness: { periodSeconds: 0 } } }),
      "HealthProbes 'test/web/HealthProbes': readiness.periodSeconds must be an integer >= 1, got 0"],
    ['a probe path without a leading slash', () => apiService({ health: { path: 'health' } }),
      "HealthProbes 'test/api/HealthProbes': path must start with \"/\", got \"health\""],
    ['a secret key that is not an environment variable name',
      () => new AppSecrets(testChart(), 's', { keys: [{ name: 'API-KEY' }] }),
      "AppSecrets 'test/s': keys[0].name must be a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*), got \"API-KEY\""],
    ['a repeated secret key', () => new AppSecrets(testChart(), 's', { keys: [{ name: 'A' }, { name: 'A' }] }),
      "AppSecrets 'test/s': keys[1].name must not repeat an earlier key, got \"A\""],
    ['a missing required secret value', () => new AppSecrets(testChart(), 's', { keys: [{ name: 'A' }], values: {} }),
      "AppSecrets 'test/s': values.A is required and must not be empty, got nothing"],
  ])('%s', (_case, build, message) => {
    expect(build).toThrow(message);
  });

  test('an undeclared secret value is refused without printing it', () => {
    expect(() => new AppSecrets(testChart(), 's', { keys: [{ name: 'A' }], values: { A: 'x', B: 'hunter2' } }))
      .toThrow("AppSecrets 'test/s': values.B is not a declared key (declared: A), got (value not shown)");
  });

  test('several problems are reported together', () => {
    expect(() => apiService({ replicas: -1, port: 0 })).toThrow(
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
    const [deployment, service] = synthOf(apiService());
    const container = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.replicas).toBe(1);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.ports[0].containerPort).toBe(8000);
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(container.startupProbe.httpGet).toEqual({ path: '/api/health', port: 8000 });
    expect(service.spec.type).toBe('ClusterIP');
  });

  test('an existing claim is mounted without creating one', () => {
    const objects = synthOf(apiService({ uploads: UploadsStorage.existingClaim('shared') }));
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(objects[0].spec.template.spec.volumes).toContainEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'shared' } });
  });

  test('url is the Service\'s in-cluster address', () => {
    expect(apiService({ serviceName: 'orders', servicePort: 80 }).url).toBe('http://orders:80');
  });
});

describe('WebApp', () => {
  test('NodePort without a nodePort: none in the Service, the cluster picks one', () => {
    const [, service] = synthOf(webApp({ serviceType: 'NodePort' }));
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports[0]).not.toHaveProperty('nodePort');
  });

  test('defaults: ClusterIP with no nodePort, port 3000, the seed\'s resources', () => {
    const [deployment, service] = synthOf(webApp());
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports[0].nodePort).toBeUndefined();
    expect(deployment.spec.template.spec.containers[0].resources)
      .toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '1Gi' } });
  });

  test('a health path alone keeps every default timing of WebApp, and one timing changes only that', () => {
    const [deployment] = synthOf(webApp({ health: { path: '/ready', liveness: { periodSeconds: 7 } } }));
    const container = deployment.spec.template.spec.containers[0];
    expect(container.startupProbe).toMatchObject({ httpGet: { path: '/ready', port: 3000 }, initialDelaySeconds: 0, periodSeconds: 5, failureThreshold: 6 });
    expect(container.livenessProbe).toMatchObject({ initialDelaySeconds: 20, periodSeconds: 7, failureThreshold: 3 });
    expect(container.readinessProbe).toMatchObject({ initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 2 });
  });

  test('the API URL goes into the variable the app reads', () => {
    const [deployment] = synthOf(webApp({ apiUrl: 'http://api:8000', apiUrlEnv: 'API_URL' }));
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: 'API_URL', value: 'http://api:8000' });
  });
});

describe('HealthProbes', () => {
  test('applies path, port and each probe\'s timing, defaulting the rest', () => {
    const probes = new HealthProbes(testChart(), 'p', { port: 9000, path: '/healthz', liveness: { periodSeconds: 7 } });
    const { startupProbe, livenessProbe, readinessProbe } = probes.containerProbes();
    expect(startupProbe).toEqual({ httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(9000) }, initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 1 });
    expect(livenessProbe).toMatchObject({ periodSeconds: 7, initialDelaySeconds: 30, failureThreshold: 3 });
    expect(readinessProbe).toMatchObject({ periodSeconds: 5, initialDelaySeconds: 10, failureThreshold: 2 });
  });
});

describe('AppSecrets', () => {
  const keys = [{ name: 'DB_URL', description: 'database' }, { name: 'SMTP_PASSWORD', required: false }];

  test('wires each key from the Secret, optional keys marked optional', () => {
    const secrets = new AppSecrets(testChart(), 'creds', { keys });
    expect(secrets.envVars()).toEqual([
      { name: 'DB_URL', valueFrom: { secretKeyRef: { name: 'creds', key: 'DB_URL' } } },
      { name: 'SMTP_PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'SMTP_PASSWORD', optional: true } } },
    ]);
  });

  test('synthesizes no Secret object unless values are given', () => {
    const chart = testChart();
    new AppSecrets(chart, 'creds', { keys });
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('secrets.yaml.example has a placeholder for exactly the declared keys', () => {
    const { parse } = require('yaml');
    const example = parse(new AppSecrets(testChart(), 'creds', { keys }).exampleManifest());
    expect(example).toEqual({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, type: 'Opaque',
      stringData: { DB_URL: 'CHANGE_ME', SMTP_PASSWORD: '' },
    });
  });

  test('with values, a Secret holding every declared key', () => {
    const chart = testChart();
    new AppSecrets(chart, 'creds', { keys, values: { DB_URL: 'postgres://x' } });
    expect(Testing.synth(chart)[0]).toMatchObject({ kind: 'Secret', stringData: { DB_URL: 'postgres://x', SMTP_PASSWORD: '' } });
  });
});

describe('labels: app.kubernetes.io name, instance and component, and the selector labels to select the pods', () => {
  test('by default from the name, the chart and the role, on the selectors, the objects and the pods', () => {
    const chart = testChart('shop');
    const a = new ApiService(chart, 'api', { image: 'api:1.2.3', name: 'orders', config: { A: 'b' } });
    const w = new WebApp(chart, 'web', { image: 'web:1.2.3' });
    expect(a.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/component': 'api' });
    expect(w.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/component': 'web' });
    const objects = synthOf(a);
    expect(findObject(objects, 'Deployment', 'orders').spec.selector.matchLabels).toEqual(a.selectorLabels);
    expect(findObject(objects, 'Service', 'orders').spec.selector).toEqual(a.selectorLabels);
    expect(findObject(objects, 'Deployment', 'orders').spec.template.metadata.labels).toEqual(a.selectorLabels);
    for (const [kind, name] of [['Deployment', 'orders'], ['Service', 'orders'], ['ConfigMap', 'orders-config']]) expect(findObject(objects, kind, name).metadata.labels).toEqual(a.selectorLabels);
    expect(findObject(objects, 'Service', 'web').spec.selector).toEqual(w.selectorLabels);
  });

  test('component and instance can be given; selectorLabels replaces the whole set', () => {
    expect(apiService({ component: 'backend', instance: 'staging' }).selectorLabels)
      .toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'staging', 'app.kubernetes.io/component': 'backend' });
    const custom = webApp({ selectorLabels: { app: 'shop-web' } });
    expect(custom.selectorLabels).toEqual({ app: 'shop-web' });
    expect(findObject(synthOf(custom), 'Service', 'web').spec.selector).toEqual({ app: 'shop-web' });
  });

  test('podLabels are on the pods only, labels on every object, neither in a selector', () => {
    const w = webApp({ labels: { team: 'shop' }, podLabels: { 'sidecar.istio.io/inject': 'true' } });
    const objects = synthOf(w);
    const deployment = findObject(objects, 'Deployment', 'web');
    expect(deployment.spec.template.metadata.labels).toEqual({ ...w.selectorLabels, team: 'shop', 'sidecar.istio.io/inject': 'true' });
    expect(deployment.metadata.labels).toEqual({ ...w.selectorLabels, team: 'shop' });
    expect(findObject(objects, 'Service', 'web').metadata.labels).toEqual({ ...w.selectorLabels, team: 'shop' });
    expect(deployment.spec.selector.matchLabels).toEqual(w.selectorLabels);
    expect(findObject(objects, 'Service', 'web').spec.selector).toEqual(w.selectorLabels);
  });

  test('a selector label given again with its own value is accepted (the todo-chatbot chart does that)', () => {
    expect(() => apiService({ labels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/part-of': 'shop' } })).not.toThrow();
  });

  test.each<[string, () => unknown, string]>([
    ['labels', () => apiService({ labels: { 'app.kubernetes.io/name': 'orders' } }),
      "ApiService 'test/api': labels.app.kubernetes.io/name must not change the selector label app.kubernetes.io/name (\"api\" in selectorLabels, which pick the pods), got \"orders\""],
    ['podLabels', () => webApp({ podLabels: { 'app.kubernetes.io/component': 'frontend' } }),
      "WebApp 'test/web': podLabels.app.kubernetes.io/component must not change the selector label app.kubernetes.io/component (\"web\" in selectorLabels, which pick the pods), got \"frontend\""],
    ['a custom selector', () => webApp({ selectorLabels: { app: 'x' }, labels: { app: 'y' } }),
      "WebApp 'test/web': labels.app must not change the selector label app (\"x\" in selectorLabels, which pick the pods), got \"y\""],
  ])('a selector label reused with another value in %s is refused, naming both', (_case, build, message) => {
    expect(build).toThrow(message);
  });

  test('label keys and values, and annotation keys, are ones Kubernetes accepts', () => {
    expect(() => webApp({
      labels: { 'team name': 'shop', tier: 'front end' },
      podLabels: { 'example.com/ok': 'yes', 'Bad_Prefix/x': 'y' },
      podAnnotations: { 'checks/': 'x', 'example.com/free-text': 'any text: fine' },
    })).toThrow([
      "WebApp 'test/web' has invalid props:",
      '  - labels.team name must have a valid key (an optional DNS subdomain and "/", then at most 63 letters, digits, "-", "_" and "."), got "team name"',
      '  - labels.tier must be a label value (at most 63 letters, digits, "-", "_" and ".", a letter or digit at both ends), got "front end"',
      '  - podLabels.Bad_Prefix/x must have a valid key (an optional DNS subdomain and "/", then at most 63 letters, digits, "-", "_" and "."), got "Bad_Prefix/x"',
      '  - podAnnotations.checks/ must have a valid key (an optional DNS subdomain and "/", then at most 63 letters, digits, "-", "_" and "."), got "checks/"',
    ].join('\n'));
    expect(() => apiService({ selectorLabels: { app: 7 as any } })).toThrow("ApiService 'test/api': selectorLabels.app must be a string, got 7");
  });

  test('a name longer than a label value cannot be the default app.kubernetes.io/name, but can with selectorLabels', () => {
    const long = `a${'b'.repeat(63)}`;
    expect(() => apiService({ name: long, serviceName: 'api' })).toThrow(`ApiService 'test/api': name must be usable as a label value `
      + `(at most 63 letters, digits, "-", "_" and ".", a letter or digit at both ends) (it is the selector label app.kubernetes.io/name), got "${long}"`);
    expect(() => apiService({ name: long, serviceName: 'api', selectorLabels: { app: 'api' } })).not.toThrow();
  });

  test('a chart id that cannot be a label value asks for instance', () => {
    expect(() => new ApiService(testChart('My Chart'), 'api', { image: 'api:1' })).toThrow(
      "ApiService 'My Chart/api': instance must be a label value (at most 63 letters, digits, \"-\", \"_\" and \".\", a letter or digit at both ends) (it defaults to the chart's id: set instance), got \"My Chart\"");
    expect(() => new ApiService(testChart('My Chart'), 'api', { image: 'api:1', instance: 'my-chart' })).not.toThrow();
    expect(() => apiService({ component: 'a b' })).toThrow("ApiService 'test/api': component must be a label value");
  });
});

describe('images: a tag or digest, never latest unless allowed', () => {
  test.each<[string, string]>([
    ['no tag', 'ghcr.io/example/api'],
    ['a registry port but no tag', 'registry.local:5000/api'],
  ])('%s is refused', (_case, image) => {
    expect(() => apiService({ image })).toThrow(
      `ApiService 'test/api': image must name a tag or digest (e.g. repo:1.4.2): without one Kubernetes pulls "latest" (set allowLatestTag to accept that), got "${image}"`);
  });

  test('latest is refused', () => {
    expect(() => webApp({ image: 'web:latest' })).toThrow(
      "WebApp 'test/web': image must not use the tag \"latest\", which changes under a running Deployment (pin a version, or set allowLatestTag), got \"web:latest\"");
  });

  test('an empty tag is refused', () => {
    expect(() => webApp({ image: 'web:' })).toThrow("WebApp 'test/web': image must not end in \":\" (name a tag after it), got \"web:\"");
  });

  test.each(['registry.local:5000/api:2.0.1', 'api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'api:1'])('%s is accepted', (image) => {
    expect(() => apiService({ image })).not.toThrow();
  });

  test('the todo-chatbot values refuse the tag latest (a value rule: Helm\'s templates/validate.tpl says the same, see hostile-input.test.ts)', () => {
    const { checkValues, withValues } = require('../lib/todo-chatbot');
    expect(() => checkValues(withValues({ frontend: { image: { tag: 'latest' } } }), 'my values'))
      .toThrow('invalid values in my values:\n  - frontend.image.tag "latest" changes under a running Deployment '
        + '(with pullPolicy IfNotPresent each node keeps whatever it pulled first): pin a version');
  });

  test('allowLatestTag accepts latest and an untagged image', () => {
    expect(() => apiService({ image: 'api:latest', allowLatestTag: true })).not.toThrow();
    expect(() => webApp({ image: 'web', allowLatestTag: true })).not.toThrow();
  });
});

describe('environment variables: one source per name', () => {
  const creds = (chart: Chart) => new AppSecrets(chart, 'creds', { keys: [{ name: 'DB_URL' }] });

  test('a plain variable that shadows a config key is refused, naming both', () => {
    expect(() => apiService({ config: { LOG_LEVEL: 'info' }, env: { LOG_LEVEL: 'debug' } })).toThrow(
      "ApiService 'test/api': env.LOG_LEVEL must not set the variable LOG_LEVEL, which config.LOG_LEVEL sets too (the container would see only one of them), got \"debug\"");
  });

  test('a plain variable or a config key that shadows a secret key is refused without printing the secret side', () => {
    const chart = testChart();
    expect(() => new ApiService(chart, 'api', { image: 'api:1', secrets: creds(chart), env: { DB_URL: 'postgres://u:hunter2@db' } })).toThrow(
      "ApiService 'test/api': the secret key DB_URL of AppSecrets 'test/creds' must not set the variable DB_URL, which env.DB_URL sets too (the container would see only one of them), got (value not shown)");
    const other = testChart();
    expect(() => new ApiService(other, 'api', { image: 'api:1', secrets: creds(other), config: { DB_URL: 'x' } }))
      .toThrow("the secret key DB_URL of AppSecrets 'test/creds' must not set the variable DB_URL, which config.DB_URL sets too");
  });

  test('a plain variable that shadows the API URL variable is refused', () => {
    expect(() => webApp({ apiUrl: 'http://api:80', apiUrlEnv: 'API_URL', env: { API_URL: 'http://other' } })).toThrow(
      "WebApp 'test/web': apiUrlEnv must not set the variable API_URL, which env.API_URL sets too (the container would see only one of them), got \"http://api:80\"");
  });

  test('a plain variable replaces a framework default in place of adding a second one', () => {
    const [deployment] = synthOf(webApp({ env: { HOSTNAME: '::', PORT: '8080' }, port: 8080 }));
    expect(deployment.spec.template.spec.containers[0].env).toEqual([{ name: 'HOSTNAME', value: '::' }, { name: 'PORT', value: '8080' }]);
  });
});

describe('duplicate object names within a chart are refused at synthesis, naming both sides', () => {
  test('two workloads of one name: the Deployments and the Services clash', () => {
    const chart = testChart();
    new ApiService(chart, 'api', { image: 'api:1', name: 'shop' });
    new WebApp(chart, 'web', { image: 'web:1', name: 'shop' });
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Validation failed with the following errors:\n  \[test\] WebApp 'test\/web' has invalid props:\n/);
    expect(message).toContain("\n  - name names a Deployment that 'test/api/Deployment' defines too (names are unique per kind and namespace: rename one of them), got \"shop\"");
    expect(message).toContain("\n  - serviceName names a Service that 'test/api/Service' defines too (names are unique per kind and namespace: rename one of them), got \"shop\"");
  });

  test('a ConfigMap, a claim or a Secret that clashes with another construct\'s object names the prop behind it', () => {
    const chart = testChart();
    new k8s.KubeConfigMap(chart, 'settings', { metadata: { name: 'api-config' } });
    new ApiService(chart, 'api', { image: 'api:1', config: { A: 'b' }, volumes: [{ name: 'data', mountPath: '/data', storage: VolumeStorage.newClaim() }] });
    new k8s.KubePersistentVolumeClaim(chart, 'claim', { metadata: { name: 'api-data' }, spec: {} });
    new kplus.Secret(chart, 'plus-secret', { metadata: { name: 'creds' } });
    new AppSecrets(chart, 'creds', { keys: [{ name: 'A' }], values: { A: 'x' } });
    expect(() => Testing.synth(chart)).toThrow([
      "  [test] ApiService 'test/api' has invalid props:",
      "  - configMapName names a ConfigMap that 'test/settings' defines too (names are unique per kind and namespace: rename one of them), got \"api-config\"",
      "  - volumes[0].name names a PersistentVolumeClaim that 'test/claim' defines too (names are unique per kind and namespace: rename one of them), got \"api-data\"",
      "  [test] AppSecrets 'test/creds': secretName names a Secret that 'test/plus-secret/Resource' defines too (names are unique per kind and namespace: rename one of them), got \"creds\"",
    ].join('\n'));
  });

  test('a clash between two objects of other constructs is reported too, by their class', () => {
    const chart = testChart();
    new ApiService(chart, 'api', { image: 'api:1' });
    new k8s.KubeConfigMap(chart, 'a', { metadata: { name: 'settings' } });
    new k8s.KubeConfigMap(chart, 'b', { metadata: { name: 'settings' } });
    expect(() => Testing.synth(chart)).toThrow(
      "[test] KubeConfigMap 'test/b': metadata.name names a ConfigMap that 'test/a' defines too (names are unique per kind and namespace: rename one of them), got \"settings\"");
  });

  test('a cdk8s-plus Deployment of the same name clashes too', () => {
    const chart = testChart();
    new ApiService(chart, 'api', { image: 'api:1', name: 'worker' });
    new kplus.Deployment(chart, 'worker', { metadata: { name: 'worker' }, containers: [{ image: 'worker:1' }] });
    expect(() => Testing.synth(chart)).toThrow("ApiService 'test/api': name names a Deployment that 'test/worker/Resource' defines too");
  });

  test('the same names in two namespaces, or of two kinds, are fine', () => {
    const app = Testing.app();
    new ApiService(new Chart(app, 'a', { namespace: 'a' }), 'api', { image: 'api:1' });
    const b = new Chart(app, 'b', { namespace: 'b' });
    new ApiService(b, 'api', { image: 'api:1' });
    new k8s.KubeConfigMap(b, 'cm', { metadata: { name: 'api' } });
    expect(() => app.synth()).not.toThrow();
  });

  test('`app.synth()` (what `cdk8s synth` runs) reports the clash before writing any manifest', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'constructs-dup-'));
    try {
      const app = new App({ outdir });
      const chart = new Chart(app, 'shop');
      new ApiService(chart, 'a', { image: 'api:1', name: 'api' });
      new ApiService(chart, 'b', { image: 'api:1', name: 'api' });
      expect(() => app.synth()).toThrow("[shop] ApiService 'shop/b' has invalid props:\n  - name names a Deployment that 'shop/a/Deployment' defines too");
      expect(() => app.synth()).toThrow("\n  - serviceName names a Service that 'shop/a/Service' defines too");
      expect(fs.readdirSync(outdir)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('opting out of the framework defaults', () => {
  test('a generic WebApp gets no HOSTNAME, no PORT and no .next cache', () => {
    const objects = synthOf(webApp({ framework: 'generic', port: 8080, apiUrl: 'http://api:80' }));
    const pod = deploymentPodSpec(objects, 'web');
    expect(pod.containers[0].env).toEqual([{ name: 'NEXT_PUBLIC_API_URL', value: 'http://api:80' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('a Next.js WebApp (the default) binds to 0.0.0.0 on its port and writes its cache', () => {
    const pod = deploymentPodSpec(synthOf(webApp({ port: 8081 })), 'web');
    expect(pod.containers[0].env).toEqual([{ name: 'HOSTNAME', value: '0.0.0.0' }, { name: 'PORT', value: '8081' }]);
    expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/app/.next/cache', '/tmp']);
  });

  test('an unknown framework is refused', () => {
    expect(() => webApp({ framework: 'rails' as any })).toThrow("WebApp 'test/web': framework must be one of \"nextjs\", \"generic\", got \"rails\"");
  });

  test('an ApiService without uploads mounts only its writable paths', () => {
    const pod = deploymentPodSpec(synthOf(apiService({ uploads: false })), 'api');
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(() => apiService({ uploads: false, uploadsPath: '/data' })).toThrow("ApiService 'test/api': uploadsPath must not be set when uploads is false, got \"/data\"");
  });

  test('volumes: each mounted, a claim created for newClaim and named after the workload and the volume', () => {
    const w = webApp({
      name: 'shop-web',
      volumes: [
        { mountPath: '/var/cache/images', storage: VolumeStorage.newClaim({ size: '1Gi', storageClassName: 'fast' }) },
        { name: 'shared', mountPath: '/shared', storage: VolumeStorage.existingClaim('team-files') },
        { name: 'scratch', mountPath: '/scratch', storage: VolumeStorage.emptyDir() },
      ],
    });
    const objects = synthOf(w);
    const pod = deploymentPodSpec(objects, 'shop-web');
    expect(pod.volumes).toEqual(expect.arrayContaining([
      { name: 'var-cache-images', persistentVolumeClaim: { claimName: 'shop-web-var-cache-images' } },
      { name: 'shared', persistentVolumeClaim: { claimName: 'team-files' } },
      { name: 'scratch', emptyDir: {} },
    ]));
    expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([
      { name: 'var-cache-images', mountPath: '/var/cache/images' },
      { name: 'shared', mountPath: '/shared' },
      { name: 'scratch', mountPath: '/scratch' },
    ]));
    const claim = findObject(objects, 'PersistentVolumeClaim', 'shop-web-var-cache-images');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } });
    expect(claim.metadata.labels).toEqual(w.selectorLabels);
    expect(w.claims.get('var-cache-images')?.name).toBe('shop-web-var-cache-images');
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toHaveLength(1);
  });

  test('the uploads claim is one of the volumes\' claims', () => {
    const a = apiService({ uploads: UploadsStorage.newClaim() });
    expect(a.uploadsClaim).toBe(a.claims.get('uploads'));
    expect(findObject(synthOf(a), 'PersistentVolumeClaim', 'api-uploads').spec.resources.requests.storage).toBe('5Gi');
  });

  test('bad volumes are refused with their fields', () => {
    expect(() => apiService({
      volumes: [
        { mountPath: '/tmp', storage: VolumeStorage.emptyDir() },
        { name: 'uploads', mountPath: 'data', storage: VolumeStorage.hostPath('srv') },
        { name: 'x', mountPath: '/x', storage: VolumeStorage.newClaim({ size: 'lots' }) },
      ],
    })).toThrow([
      "ApiService 'test/api' has invalid props:",
      '  - volumes[0].name must not repeat the volume name of writablePaths[0], got "tmp"',
      '  - volumes[0].mountPath must not repeat the mount path of writablePaths[0], got "/tmp"',
      '  - volumes[1].mountPath must be an absolute path, got "data"',
      '  - volumes[1].name must not repeat the volume name of uploads, got "uploads"',
      '  - volumes[1].storage.path must be an absolute path, got "srv"',
      '  - volumes[2].storage.size must be a Kubernetes quantity such as 250m, 0.5, 512Mi or 1Gi, got "lots"',
    ].join('\n'));
  });
});

describe('pod annotations and JSON patches', () => {
  test('podAnnotations are on the pod template, next to ApiService\'s own config checksum, which they cannot replace', () => {
    const objects = synthOf(apiService({ config: { A: 'b' }, podAnnotations: { 'prometheus.io/scrape': 'true' } }));
    const annotations = findObject(objects, 'Deployment', 'api').spec.template.metadata.annotations;
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(() => apiService({ config: { A: 'b' }, podAnnotations: { 'checksum/config': 'x' } }))
      .toThrow("ApiService 'test/api': podAnnotations.checksum/config is set by ApiService itself, got \"x\"");
  });

  test('without annotations the pod template has none, not an empty map', () => {
    expect(findObject(synthOf(webApp()), 'Deployment', 'web').spec.template.metadata).not.toHaveProperty('annotations');
  });

  test('ApiObject.of(workload) is its Deployment, and a JSON patch can add a pod annotation where there is none yet', () => {
    const w = webApp();
    expect(ApiObject.of(w)).toBe(w.deployment);
    ApiObject.of(w).addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations/linkerd.io~1inject', 'enabled'));
    expect(findObject(synthOf(w), 'Deployment', 'web').spec.template.metadata.annotations).toEqual({ 'linkerd.io/inject': 'enabled' });
  });

  test('a JSON patch adds to the annotations the construct sets, and reaches the container', () => {
    const a = apiService({ config: { A: 'b' } });
    ApiObject.of(a).addJsonPatch(
      JsonPatch.add('/spec/template/metadata/annotations/x', 'y'),
      JsonPatch.add('/spec/template/spec/containers/0/env/-', { name: 'EXTRA', value: '1' }),
    );
    const deployment = findObject(synthOf(a), 'Deployment', 'api');
    expect(Object.keys(deployment.spec.template.metadata.annotations).sort()).toEqual(['checksum/config', 'x']);
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: 'EXTRA', value: '1' });
  });
});

describe('AppSecrets in a chart with a namespace', () => {
  const inNamespace = (values?: Record<string, string>) =>
    new AppSecrets(testChart('shop', { namespace: 'shop-prod' }), 'creds', { keys: [{ name: 'DB_URL' }], values });

  test('the example manifest, the create command and the synthesized Secret name the namespace', () => {
    const secrets = inNamespace({ DB_URL: 'postgres://x' });
    expect(secrets.namespace).toBe('shop-prod');
    expect(parse(secrets.exampleManifest()).metadata).toEqual({ name: 'creds', namespace: 'shop-prod' });
    expect(secrets.createCommand()).toBe("kubectl create secret generic creds -n shop-prod \\\n  --from-literal=DB_URL='...'");
    expect(synthOf(secrets)[0].metadata).toMatchObject({ name: 'creds', namespace: 'shop-prod' });
  });

  test('without a namespace, neither names one', () => {
    const secrets = new AppSecrets(testChart(), 'creds', { keys: [{ name: 'DB_URL' }] });
    expect(secrets.namespace).toBeUndefined();
    expect(parse(secrets.exampleManifest()).metadata).toEqual({ name: 'creds' });
    expect(secrets.createCommand()).toBe("kubectl create secret generic creds \\\n  --from-literal=DB_URL='...'");
  });
});

describe('cdk8s-plus-28 interop (todo-chatbot-k8s/plus)', () => {
  test('a workload\'s pods are one pod selector, by its selector labels, in its chart\'s namespace', () => {
    const a = new ApiService(testChart('shop', { namespace: 'shop-ns' }), 'api', { image: 'api:1' });
    const pods = WorkloadPods.of(a);
    expect(WorkloadPods.of(a)).toBe(pods);
    expect(pods.selectorLabels).toEqual(a.selectorLabels);
    const config = pods.toPodSelectorConfig();
    expect(config.labelSelector._toKube()).toEqual({ matchLabels: a.selectorLabels });
    expect(config.namespaces).toEqual({ names: ['shop-ns'] });
    expect(pods.toNetworkPolicyPeerConfig().podSelector?.labelSelector._toKube()).toEqual({ matchLabels: a.selectorLabels });
    expect(pods.toPodSelector()).toBe(pods);
    expect(WorkloadPods.of(apiService()).toPodSelectorConfig().namespaces).toBeUndefined();
  });

  test('a NetworkPolicy selects the API\'s pods and lets in only the web app\'s', () => {
    const chart = testChart();
    const a = new ApiService(chart, 'api', { image: 'api:1', port: 8080 });
    const w = new WebApp(chart, 'web', { image: 'web:1' });
    new kplus.NetworkPolicy(chart, 'policy', {
      metadata: { name: 'api-ingress' },
      selector: WorkloadPods.of(a),
      ingress: { rules: [{ peer: WorkloadPods.of(w), ports: [kplus.NetworkPolicyPort.tcp(a.port)] }] },
    });
    const policy = Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: a.selectorLabels },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: w.selectorLabels } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
  });

  test('cdk8s-plus connections: a cdk8s-plus Deployment allowed to reach the API gets an egress policy, the API\'s pods an ingress one', () => {
    const chart = testChart();
    const a = new ApiService(chart, 'api', { image: 'api:1' });
    const worker = new kplus.Deployment(chart, 'worker', { containers: [{ image: 'worker:1' }] });
    worker.connections.allowTo(WorkloadPods.of(a));
    const policies = Testing.synth(chart).filter((o) => o.kind === 'NetworkPolicy');
    expect(policies).toHaveLength(2);
    const ingress = policies.find((p) => p.spec.policyTypes[0] === 'Ingress');
    expect(ingress.spec.podSelector).toEqual({ matchLabels: a.selectorLabels });
    const egress = policies.find((p) => p.spec.policyTypes[0] === 'Egress');
    expect(egress.spec.egress[0].to).toEqual([{ podSelector: { matchLabels: a.selectorLabels } }]);
  });

  test('AppSecrets\' keys as cdk8s-plus EnvValues: the same variables envVars() gives', () => {
    const chart = testChart();
    const secrets = new AppSecrets(chart, 'creds', { keys: [{ name: 'DB_URL' }, { name: 'SMTP_PASSWORD', required: false }] });
    new kplus.Deployment(chart, 'worker', {
      containers: [{ image: 'worker:1', envVariables: { ...envValuesOf(secrets), ...envValuesOf(secrets) } }],
    });
    const worker = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    expect(worker.spec.template.spec.containers[0].env).toEqual(JSON.parse(JSON.stringify(secrets.envVars())));
  });

  test('HealthProbes as cdk8s-plus probes: path, port and each probe\'s timing, and no probe of cdk8s-plus\'s own', () => {
    const chart = testChart();
    const probes = new HealthProbes(chart, 'health', { port: 9090, path: '/livez', liveness: { initialDelaySeconds: 5 }, readiness: { timeoutSeconds: 2 } });
    new kplus.Deployment(chart, 'worker', { containers: [{ image: 'worker:1', portNumber: 9090, ...probesOf(probes) }] });
    const container = Testing.synth(chart).find((o) => o.kind === 'Deployment').spec.template.spec.containers[0];
    const expected = probes.containerProbes();
    for (const kind of ['startupProbe', 'livenessProbe', 'readinessProbe'] as const) {
      const { httpGet, ...timing } = expected[kind];
      expect(container[kind]).toEqual({ ...timing, httpGet: { path: httpGet!.path, port: 9090, scheme: 'HTTP' } });
    }
    expect(container.livenessProbe.initialDelaySeconds).toBe(5);
    expect(container.readinessProbe.timeoutSeconds).toBe(2);
  });
});
