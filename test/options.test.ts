// The options of a real cluster (issue 13): each generic construct prop on its own, and each value of the
// todo-chatbot chart on and off, rendered by helm and by the plain synthesis alike, strictly valid and lint-clean.
import { createHash } from 'crypto';
import { parse } from 'yaml';
import { literalNode } from '../lib/helm/derivation';
import { renderTemplate } from '../lib/helm/yaml-template';
import { spawn, spawnSync } from 'child_process';
import { ApiServiceProps, AppSecrets, HttpCheck, VolumeStorage, WebApp } from '../lib';
import { checkValues, PREREQUISITES, SECRET_KEYS, valuesModel, withValues } from '../lib/todo-chatbot';
import { leavesOf } from '../lib/values-model';
import { helm } from './support/helm';
import { expectValidManifests } from './support/k8s-schema';
import { renderedChart, SECRET_VALUES } from './support/rendered-chart';
import { apiService, deploymentOf, findObject, Manifest, objectsOf, synthOf, synthPlainManifests, testChart } from './support/synth';

const chart = renderedChart();
afterAll(() => chart.dispose());

describe('rollouts', () => {
  describe('a checksum of the chart-created Secret rolls the pods that read it', () => {
    const sha256 = (data: Record<string, string>) => createHash('sha256')
      .update(Object.keys(data).sort().map((k) => `${k}=${data[k]}`).join('\n')).digest('hex');
    const allKeys = (values: Record<string, string>) => Object.fromEntries(SECRET_KEYS.map((k) => [k.name, values[k.name] ?? '']));

    test('on the backend pods, hashing exactly the Secret\'s data, equal on both paths', () => {
      const objects = chart.rendered({ secrets: { create: true, values: SECRET_VALUES } });
      const annotations = deploymentOf(objects, 'backend').spec.template.metadata.annotations;
      expect(annotations['checksum/secret']).toBe(sha256(allKeys(SECRET_VALUES)));
      expect(findObject(objects, 'Secret', 'todo-chatbot-secrets').stringData).toEqual(allKeys(SECRET_VALUES));
      // The frontend reads no secret.
      expect(deploymentOf(objects, 'frontend').spec.template.metadata?.annotations?.['checksum/secret']).toBeUndefined();
    });

    test('a changed value changes it; without a chart-created Secret there is none', () => {
      const checksum = (values: Record<string, any>) => deploymentOf(chart.rendered(values), 'backend').spec.template.metadata.annotations['checksum/secret'];
      const before = checksum({ secrets: { create: true, values: SECRET_VALUES } });
      const after = checksum({ secrets: { create: true, values: { ...SECRET_VALUES, OPENAI_API_KEY: 'sk-new' } } });
      expect(after).not.toBe(before);
      expect(after).toBe(sha256(allKeys({ ...SECRET_VALUES, OPENAI_API_KEY: 'sk-new' })));
      expect(checksum({})).toBeUndefined();
    });

    test('AppSecrets: a checksum only with values; a workload puts it on its pods, and podAnnotations cannot replace it', () => {
      const scope = testChart();
      expect(new AppSecrets(scope, 'none', { keys: [{ name: 'A' }] }).checksum).toBeUndefined();
      const secrets = new AppSecrets(scope, 's', { keys: [{ name: 'B' }, { name: 'A' }], values: { A: '1', B: '2' } });
      expect(secrets.checksum).toBe(sha256({ A: '1', B: '2' }));
      const workload = apiService({ secrets }, scope);
      expect(findObject(synthOf(workload), 'Deployment', 'api').spec.template.metadata.annotations['checksum/secret'])
        .toBe(secrets.checksum);
      const other = testChart();
      expect(() => apiService({ secrets: new AppSecrets(other, 's', { keys: [{ name: 'A' }], values: { A: 'x' } }), podAnnotations: { 'checksum/secret': 'mine' } }, other))
        .toThrow("ApiService 'test/api': podAnnotations.checksum/secret is set by ApiService itself, got \"mine\"");
    });
  });

  describe('strategy.type per component', () => {
    test.each(['backend', 'frontend'])('%s: Recreate stops the old pods first and has no rolling update; the other keeps its own', (component) => {
      const objects = chart.rendered({ [component]: { strategy: { type: 'Recreate' } } });
      expect(deploymentOf(objects, component).spec.strategy).toEqual({ type: 'Recreate' });
      const other = component === 'backend' ? 'frontend' : 'backend';
      expect(deploymentOf(objects, other).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    });

    test('RollingUpdate (the default) takes rollingUpdate\'s limits', () => {
      const objects = chart.rendered({ backend: { strategy: { type: 'RollingUpdate' }, rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } });
      expect(deploymentOf(objects, 'backend').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    });

    test('the construct: Recreate, and rollingUpdate refused with it', () => {
      const deployment = (props: Partial<ApiServiceProps>) => findObject(synthOf(apiService(props)), 'Deployment', 'api');
      expect(deployment({ strategy: 'Recreate' }).spec.strategy).toEqual({ type: 'Recreate' });
      expect(() => apiService({ strategy: 'Recreate', rollingUpdate: { maxSurge: 1 } }))
        .toThrow("ApiService 'test/api': rollingUpdate must not be set with the Recreate strategy, got \"{\\\"maxSurge\\\":1}\"");
      expect(() => apiService({ strategy: 'Sometimes' as any })).toThrow("ApiService 'test/api': strategy must be one of \"RollingUpdate\", \"Recreate\", got \"Sometimes\"");
    });
  });

  describe('the uploads claim', () => {
    const claims = (objects: Manifest[]) => objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    const uploadsVolume = (objects: Manifest[]) => deploymentOf(objects, 'backend').spec.template.spec.volumes.find((v: any) => v.name === 'uploads');

    test('is kept on uninstall by default (helm.sh/resource-policy: keep), and persistence.keepOnUninstall=false lets Helm delete it', () => {
      const kept = claims(chart.rendered({ persistence: { enabled: true } }));
      expect(kept).toHaveLength(1);
      expect(kept[0].metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
      const deleted = claims(chart.rendered({ persistence: { enabled: true, keepOnUninstall: false } }));
      expect(deleted).toHaveLength(1);
      expect(deleted[0].metadata.annotations).toBeUndefined();
    });

    test('persistence.existingClaim is mounted and no claim is created', () => {
      const objects = chart.rendered({ persistence: { enabled: true, existingClaim: 'team-uploads', storageClass: 'fast' } });
      expect(claims(objects)).toEqual([]);
      expect(uploadsVolume(objects)).toEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'team-uploads' } });
      expect(uploadsVolume(chart.rendered({ persistence: { enabled: true } })))
        .toEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'todo-chatbot-backend-uploads' } });
    });

    test('existingClaim must be a DNS name, on both paths', () => {
      const values = { persistence: { enabled: true, existingClaim: 'Not_A_Name' } };
      const result = chart.run(['template', 'todo-chatbot'], values);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/persistence\.existingClaim/);
      expect(() => checkValues(withValues(values), 'test')).toThrow(/persistence\.existingClaim/);
    });

    test('the construct: claim annotations', () => {
      const objects = synthOf(apiService({ uploads: VolumeStorage.newClaim({ annotations: { 'example.com/backup': 'daily' } }) }));
      expect(objects.find((o) => o.kind === 'PersistentVolumeClaim')!.metadata.annotations).toEqual({ 'example.com/backup': 'daily' });
    });
  });
});

describe('options, off by default', () => {
  const podSpec = (objects: Manifest[], component: string) => deploymentOf(objects, component).spec.template.spec;
  const defaults = synthPlainManifests();

  describe('serviceAccount', () => {
    test('off: no ServiceAccount, the pods name the namespace\'s default one, and no token is mounted', () => {
      expect(defaults.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
      for (const component of ['backend', 'frontend']) {
        // Named, not left out: a patch that only drops the field would leave the pods on the one named before.
        expect(podSpec(defaults, component).serviceAccountName).toBe('default');
        expect(podSpec(defaults, component).automountServiceAccountToken).toBe(false);
      }
    });

    test.each<[string, Record<string, any>, string]>([
      ['create: named after the release', { serviceAccount: { create: true } }, 'todo-chatbot'],
      ['create with a name', { serviceAccount: { create: true, name: 'chat-runner' } }, 'chat-runner'],
    ])('%s, token not mounted, both pods run as it', (_name, values, name) => {
      const objects = chart.rendered(values);
      expect(findObject(objects, 'ServiceAccount', name).automountServiceAccountToken).toBe(false);
      for (const component of ['backend', 'frontend']) {
        expect(podSpec(objects, component).serviceAccountName).toBe(name);
        expect(podSpec(objects, component).automountServiceAccountToken).toBe(false);
      }
    });

    test('an existing one by name: the pods run as it, the chart creates none', () => {
      const objects = chart.rendered({ serviceAccount: { name: 'shared-runner' } });
      expect(objects.filter((o) => o.kind === 'ServiceAccount')).toEqual([]);
      expect(podSpec(objects, 'backend').serviceAccountName).toBe('shared-runner');
    });

    test('a release name gives the created one its fullname (helm template with another release)', () => {
      const objects = objectsOf(helm(['template', 'shop', chart.chartDir, '--set', 'serviceAccount.create=true']));
      expect(findObject(objects, 'ServiceAccount', 'shop-todo-chatbot').automountServiceAccountToken).toBe(false);
    });

    test('the construct: serviceAccountName, refused when it is no name', () => {
      const deployment = findObject(synthOf(apiService({ serviceAccountName: 'runner' })), 'Deployment', 'api');
      expect(deployment.spec.template.spec.serviceAccountName).toBe('runner');
      expect(findObject(synthOf(apiService()), 'Deployment', 'api').spec.template.spec.serviceAccountName).toBe('default');
      expect(() => apiService({ serviceAccountName: 'Runner!' })).toThrow(/ApiService 'test\/api': serviceAccountName must be a DNS subdomain name .*got "Runner!"/);
    });
  });

  describe('imagePullSecrets and global.imageRegistry', () => {
    test('off: no pull secrets, images as the repositories say', () => {
      expect(podSpec(defaults, 'backend').imagePullSecrets).toBeUndefined();
      expect(podSpec(defaults, 'backend').containers[0].image).toBe('todo-backend:1.0.0');
    });

    test('on: both pods pull with the secrets, from the registry', () => {
      const objects = chart.rendered({ imagePullSecrets: [{ name: 'regcred' }, { name: 'mirror' }], global: { imageRegistry: 'registry.example.com:5000' } });
      for (const component of ['backend', 'frontend']) {
        expect(podSpec(objects, component).imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'mirror' }]);
        expect(podSpec(objects, component).containers[0].image).toBe(`registry.example.com:5000/todo-${component}:1.0.0`);
      }
    });

    test('a pull secret without a name is refused on both paths', () => {
      const values = { imagePullSecrets: [{ secret: 'regcred' }] };
      expect(chart.run(['template', 'todo-chatbot'], values).stderr).toMatch(/imagePullSecrets/);
      expect(() => checkValues(withValues(values), 'test')).toThrow(/imagePullSecrets/);
    });

    test('the construct: imagePullSecrets', () => {
      const deployment = findObject(synthOf(apiService({ imagePullSecrets: [{ name: 'regcred' }] })), 'Deployment', 'api');
      expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    });
  });

  describe('securityContext.readOnlyRootFilesystem per component', () => {
    test('on by default; off for one component (Next.js ISR) leaves the other read-only', () => {
      for (const component of ['backend', 'frontend']) expect(podSpec(defaults, component).containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
      const objects = chart.rendered({ frontend: { securityContext: { readOnlyRootFilesystem: false } } });
      expect(podSpec(objects, 'frontend').containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
      expect(podSpec(objects, 'backend').containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
      // Still Pod Security "restricted": it does not ask for a read-only root filesystem.
      expect(podSpec(objects, 'frontend').containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    });

    test('the construct: readOnlyRootFilesystem', () => {
      const deployment = findObject(synthOf(apiService({ readOnlyRootFilesystem: false })), 'Deployment', 'api');
      expect(deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    });
  });
});

describe('podDisruptionBudget and autoscaling per component', () => {
  const defaults = synthPlainManifests();
  const ofKind = (objects: Manifest[], kind: string) => objects.filter((o) => o.kind === kind);

  test('off: neither object, and the Deployments keep replicaCount', () => {
    expect([...ofKind(defaults, 'PodDisruptionBudget'), ...ofKind(defaults, 'HorizontalPodAutoscaler')]).toEqual([]);
    expect(deploymentOf(defaults, 'backend').spec.replicas).toBe(1);
  });

  test.each(['backend', 'frontend'])('%s: a PodDisruptionBudget selecting exactly its pods', (component) => {
    const objects = chart.rendered({ [component]: { podDisruptionBudget: { enabled: true, maxUnavailable: 2 } } });
    const budgets = ofKind(objects, 'PodDisruptionBudget');
    expect(budgets).toHaveLength(1);
    expect(budgets[0].metadata.name).toBe(`todo-chatbot-${component}`);
    expect(budgets[0].spec).toEqual({ maxUnavailable: 2, selector: { matchLabels: deploymentOf(objects, component).spec.selector.matchLabels } });
  });

  test.each(['backend', 'frontend'])('%s: a HorizontalPodAutoscaler (autoscaling/v2) on its Deployment, which leaves replicas to it', (component) => {
    const objects = chart.rendered({ [component]: { replicaCount: 4, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 } } });
    const [autoscaler] = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(autoscaler.apiVersion).toBe('autoscaling/v2');
    expect(autoscaler.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentOf(objects, component).metadata.name },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(deploymentOf(objects, component).spec).not.toHaveProperty('replicas');
    expect(deploymentOf(objects, component === 'backend' ? 'frontend' : 'backend').spec.replicas).toBe(1);
  });

  test('the construct: one of maxUnavailable and minAvailable; replicas refused with autoscaling', () => {
    const objects = synthOf(apiService({ podDisruptionBudget: { minAvailable: 1 }, autoscaling: { maxReplicas: 4 } }));
    expect(objects.find((o) => o.kind === 'PodDisruptionBudget')!.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'test', 'app.kubernetes.io/component': 'api' } } });
    expect(objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!.spec).toMatchObject({ minReplicas: 1, maxReplicas: 4 });
    expect(() => apiService({ podDisruptionBudget: {} })).toThrow("ApiService 'test/api': podDisruptionBudget must give exactly one of maxUnavailable and minAvailable, got \"{}\"");
    expect(() => apiService({ replicas: 2, autoscaling: { maxReplicas: 4 } })).toThrow("ApiService 'test/api': replicas must not be set with autoscaling (the autoscaler sets them), got 2");
    expect(() => apiService({ autoscaling: { maxReplicas: 0 } })).toThrow("ApiService 'test/api': autoscaling.maxReplicas must be an integer >= 1, got 0");
    expect(() => apiService({ autoscaling: { minReplicas: 3, maxReplicas: 2 } })).toThrow("ApiService 'test/api': autoscaling.maxReplicas must be at least minReplicas (3), got 2");
    expect(() => apiService({ autoscaling: { minReplicas: 3, maxReplicas: 3 } })).not.toThrow();
  });
});

describe('networkPolicy', () => {
  const policies = (objects: Manifest[]) => objects.filter((o) => o.kind === 'NetworkPolicy');
  const selector = (objects: Manifest[], component: string) => deploymentOf(objects, component).spec.selector.matchLabels;

  test('off: no NetworkPolicy', () => expect(policies(synthPlainManifests())).toEqual([]));

  test('enabled: the backend admits only the frontend\'s pods (and helm test\'s), on its container port; egress is not restricted', () => {
    const objects = chart.rendered({ networkPolicy: { enabled: true }, backend: { containerPort: 8080, service: { port: 80 } } });
    expect(policies(objects)).toHaveLength(1);
    const testPod = { 'app.kubernetes.io/name': 'todo-chatbot', 'app.kubernetes.io/instance': 'todo-chatbot', 'app.kubernetes.io/component': 'test' };
    expect(findObject(objects, 'NetworkPolicy', 'todo-chatbot-backend').spec).toEqual({
      podSelector: { matchLabels: selector(objects, 'backend') },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: selector(objects, 'frontend') } }, { podSelector: { matchLabels: testPod } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
  });

  test('defaultDeny: the release\'s pods get DNS and the backend only, the frontend is reachable on its port and reaches the backend, the backend reaches anywhere', () => {
    const objects = chart.rendered({ networkPolicy: { enabled: true, defaultDeny: true } });
    const dns = [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }];
    expect(findObject(objects, 'NetworkPolicy', 'todo-chatbot-default-deny').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'todo-chatbot', 'app.kubernetes.io/instance': 'todo-chatbot' } },
      policyTypes: ['Ingress', 'Egress'],
      egress: [{ ports: dns }, { to: [{ podSelector: { matchLabels: selector(objects, 'backend') } }], ports: [{ protocol: 'TCP', port: 8000 }] }],
    });
    expect(findObject(objects, 'NetworkPolicy', 'todo-chatbot-frontend').spec).toEqual({
      podSelector: { matchLabels: selector(objects, 'frontend') },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 3000 }] }],
      egress: [{ ports: dns }, { to: [{ podSelector: { matchLabels: selector(objects, 'backend') } }], ports: [{ protocol: 'TCP', port: 8000 }] }],
    });
    expect(findObject(objects, 'NetworkPolicy', 'todo-chatbot-backend').spec).toMatchObject({ policyTypes: ['Ingress', 'Egress'], egress: [{}] });
  });

  test('defaultDeny has no effect without enabled', () => {
    expect(policies(chart.rendered({ networkPolicy: { defaultDeny: true } }))).toEqual([]);
  });

  test('the construct: an empty ingressFrom is refused (it would admit everyone)', () => {
    expect(() => apiService({ networkPolicy: { ingressFrom: [] } }))
      .toThrow("ApiService 'test/api': networkPolicy.ingressFrom must name at least one set of pod labels (leave it out to admit any source), got \"[]\"");
    const policy = synthOf(apiService({ networkPolicy: { ingressFrom: [{ app: 'web' }], egressTo: [{ podLabels: { app: 'db' }, port: 5432 }] } }))
      .find((o) => o.kind === 'NetworkPolicy')!;
    expect(policy.spec.egress[1]).toEqual({ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] });
  });
});

describe('topologySpreadConstraints and priorityClassName per component', () => {
  const spread = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'app.kubernetes.io/component': 'backend' } } }];

  test('off: neither field', () => {
    const spec = deploymentOf(synthPlainManifests(), 'backend').spec.template.spec;
    expect([spec.topologySpreadConstraints, spec.priorityClassName]).toEqual([undefined, undefined]);
  });

  test.each(['backend', 'frontend'])('%s: on its pods only', (component) => {
    const objects = chart.rendered({ [component]: { topologySpreadConstraints: spread, priorityClassName: 'business-critical' } });
    const spec = deploymentOf(objects, component).spec.template.spec;
    expect(spec.topologySpreadConstraints).toEqual(spread);
    expect(spec.priorityClassName).toBe('business-critical');
    const other = deploymentOf(objects, component === 'backend' ? 'frontend' : 'backend').spec.template.spec;
    expect([other.topologySpreadConstraints, other.priorityClassName]).toEqual([undefined, undefined]);
  });

  test('the construct: priorityClassName must be a name', () => {
    expect(() => apiService({ priorityClassName: 'High Priority' })).toThrow(/ApiService 'test\/api': priorityClassName must be a DNS subdomain name .*got "High Priority"/);
  });
});

describe('helm test: a pod that checks the backend\'s health through its Service', () => {
  const testPod = (values: Record<string, any>) => {
    const pods = chart.template(values).filter((o) => o.metadata?.annotations?.['helm.sh/hook'] === 'test');
    expect(pods).toHaveLength(1);
    return pods[0];
  };

  test('a Pod hook of helm test, requesting the backend Service\'s health path with the backend\'s image', () => {
    const pod = testPod({});
    expect(pod.kind).toBe('Pod');
    expect(pod.metadata.name).toBe('todo-chatbot-test-backend-health');
    expect(pod.metadata.annotations).toEqual({ 'helm.sh/hook': 'test', 'helm.sh/hook-delete-policy': 'before-hook-creation' });
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.spec.containers[0].command.slice(3)).toEqual(['http://backend-service:8000/api/health', '10']);
    expect(pod.spec.containers[0].image).toBe('todo-backend:1.0.0');
    expectValidManifests([pod]);
    // Never in the plain manifests: kubectl apply would run it.
    expect(synthPlainManifests().filter((o) => o.kind === 'Pod')).toEqual([]);
  });

  test('passes Pod Security "restricted" (v1.28): non-root, no escalation, no capabilities, RuntimeDefault seccomp, no token', () => {
    const pod = testPod({});
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1001, runAsGroup: 1001,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.volumes).toBeUndefined();
  });

  test('follows the Service name and port, the health path, the registry and the pull secrets', () => {
    const pod = testPod({ backend: { service: { name: 'api', port: 80 }, probes: { path: '/healthz' }, image: { tag: '2.0.0' } },
      global: { imageRegistry: 'registry.local' }, imagePullSecrets: [{ name: 'regcred' }] });
    expect(pod.spec.containers[0].command[3]).toBe('http://api:80/healthz');
    expect(pod.spec.containers[0].image).toBe('registry.local/todo-backend:2.0.0');
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  test('the network policies let it reach the backend', () => {
    const values = { networkPolicy: { enabled: true, defaultDeny: true } };
    const labels = testPod(values).metadata.labels;
    const objects = chart.rendered(values);
    const admits = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    const backendPolicy = findObject(objects, 'NetworkPolicy', 'todo-chatbot-backend');
    expect(backendPolicy.spec.ingress[0].from.some((peer: any) => admits(peer.podSelector.matchLabels))).toBe(true);
    const deny = findObject(objects, 'NetworkPolicy', 'todo-chatbot-default-deny');
    expect(admits(deny.spec.podSelector.matchLabels)).toBe(true);
    expect(deny.spec.egress[1]).toEqual({ to: [{ podSelector: { matchLabels: deploymentOf(objects, 'backend').spec.selector.matchLabels } }], ports: [{ protocol: 'TCP', port: 8000 }] });
    // The frontend's selector does not admit the test pod by accident: the test pod is admitted by its own.
    expect(admits(deploymentOf(objects, 'frontend').spec.selector.matchLabels)).toBe(false);
  });

  test('its check passes against a server that answers and fails against one that does not', () => {
    const command = testPod({}).spec.containers[0].command as string[];
    const server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run = (url: string) => spawnSync(command[0], [command[1], command[2], url, '5'], { encoding: 'utf-8' });
    return new Promise<void>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        const port = /port (\d+)/.exec(chunk.toString())?.[1];
        if (!port) return;
        try {
          expect(run(`http://127.0.0.1:${port}/`).status).toBe(0);
          expect(run(`http://127.0.0.1:${port}/missing`).status).not.toBe(0);
          server.kill();
          server.on('exit', () => {
            expect(run(`http://127.0.0.1:${port}/`).status).not.toBe(0);
            resolve();
          });
        } catch (e) {
          server.kill();
          reject(e);
        }
      });
    });
  });

  test('the construct: HttpCheck refuses a URL that is not http(s)', () => {
    expect(() => new HttpCheck(testChart(), 'check', { url: 'backend:8000', image: 'api:1' }))
      .toThrow("HttpCheck 'test/check': url must be an http:// or https:// URL, got \"backend:8000\"");
  });
});

test('helm show readme documents the chart: how to install it and every value with its default, from the model', () => {
  const readme = helm(['show', 'readme', chart.chartDir]);
  expect(readme).toContain('helm install todo-chatbot');
  expect(readme).toContain("kubectl create secret generic todo-chatbot-secrets --from-literal=DATABASE_URL='...' --from-literal=JWT_SECRET='...'");
  for (const { path, leaf } of leavesOf(valuesModel)) expect(readme).toContain(`| \`${path}\` | ${leaf.cases && leaf.type === 'string' ? '' : leaf.type}`);
});

describe('objects the values name but the chart does not create', () => {
  const paths = leavesOf(valuesModel).map((l) => l.path);

  test('each prerequisite names a setting of the model (* for both components)', () => {
    for (const p of PREREQUISITES) {
      const settings = p.value.startsWith('*.') ? ['backend', 'frontend'].map((c) => `${c}${p.value.slice(1)}`) : [p.value];
      for (const setting of settings) expect(paths).toContain(setting);
    }
  });

  const namesOf = (values: Record<string, any>) => PREREQUISITES.flatMap((p) => p.names(withValues(values)).map((n) => `${p.kind}/${n}`));

  test('the defaults name only the Secret; what the chart creates or does not use is no prerequisite', () => {
    expect(namesOf({})).toEqual(['Secret/todo-chatbot-secrets']);
    // The Secret's name comes from the release's fullname.
    expect(PREREQUISITES.flatMap((p) => p.names(withValues({}), 'staging'))).toEqual(['staging-todo-chatbot-secrets']);
    expect(namesOf({ secrets: { create: true }, serviceAccount: { create: true, name: 'runner' } })).toEqual([]);
    expect(namesOf({ persistence: { existingClaim: 'uploads' }, ingress: { tlsSecretName: 'tls' }, secrets: { create: true } })).toEqual([]);
    expect(namesOf({ persistence: { enabled: true, type: 'hostPath', existingClaim: 'uploads' }, secrets: { create: true } })).toEqual([]);
  });

  test('each named object, once', () => {
    expect(namesOf({
      serviceAccount: { name: 'runner' }, imagePullSecrets: [{ name: 'regcred' }],
      backend: { priorityClassName: 'high' }, frontend: { priorityClassName: 'high' },
      persistence: { enabled: true, existingClaim: 'uploads' }, ingress: { enabled: true, tlsSecretName: 'tls' },
    }).sort()).toEqual(['PersistentVolumeClaim/uploads', 'PriorityClass/high', 'Secret/regcred', 'Secret/tls', 'Secret/todo-chatbot-secrets', 'ServiceAccount/runner']);
  });

  test('helm show readme lists them, with what happens without them', () => {
    const readme = helm(['show', 'readme', chart.chartDir]);
    expect(readme).toContain('## Objects to create first');
    for (const p of PREREQUISITES) expect(readme).toContain(`| \`${p.value}\` | ${p.kind}`);
    expect(readme).toContain('| `*.priorityClassName` | PriorityClass | the cluster (cluster-wide) | Kubernetes refuses the pods');
  });
});

describe('frontend.service.nodePort null: the cluster picks the port', () => {
  const service = (objects: Manifest[]) => objects.find((o) => o.kind === 'Service' && o.metadata.labels['app.kubernetes.io/component'] === 'frontend')!;

  test('a NodePort Service without nodePort, equal on both paths; the default keeps 30000', () => {
    expect(service(chart.rendered({ frontend: { service: { nodePort: null } } })).spec).toMatchObject({ type: 'NodePort' });
    expect(service(chart.rendered({ frontend: { service: { nodePort: null } } })).spec.ports[0]).not.toHaveProperty('nodePort');
    expect(service(chart.rendered({})).spec.ports[0].nodePort).toBe(30000);
    expect(service(chart.rendered({ frontend: { service: { type: 'ClusterIP', nodePort: null } } })).spec.ports[0]).not.toHaveProperty('nodePort');
  });

  test('the schema stays closed: null is no key of its own, and other types are still refused', () => {
    expect(() => checkValues(withValues({ frontend: { service: { nodePort: null } } }), 'test')).not.toThrow();
    expect(() => checkValues(withValues({ frontend: { service: { nodePort: 'auto' } } }), 'test')).toThrow(/frontend\.service\.nodePort must be an integer/);
    expect(chart.run(['template', 'todo-chatbot'], { frontend: { service: { nodePort: 'auto' } } }).stderr).toMatch(/frontend\.service\.nodePort/);
  });
});

describe('ingress for the frontend', () => {
  const config = (values: Record<string, any>) => findObject(chart.rendered(values), 'ConfigMap', 'todo-chatbot-config').data;
  const urls = (values: Record<string, any>) => { const d = config(values); return [d.CORS_ORIGINS, d.FRONTEND_URL]; };

  test.each<[string, Record<string, any>, string[]]>([
    ['no ingress: the seed\'s NodePort URL', {}, ['http://localhost:30000', 'http://localhost:30000']],
    ['ingress without TLS: http://<host>', { ingress: { enabled: true, host: 'chat.example.com' } }, ['http://chat.example.com', 'http://chat.example.com']],
    ['ingress with TLS: https://<host>', { ingress: { enabled: true, host: 'chat.example.com', tlsSecretName: 'chat-tls' } }, ['https://chat.example.com', 'https://chat.example.com']],
    ['a host without the ingress changes nothing', { ingress: { host: 'chat.example.com', tlsSecretName: 'chat-tls' } }, ['http://localhost:30000', 'http://localhost:30000']],
    ['given values win over the host', { ingress: { enabled: true, host: 'chat.example.com' }, config: { corsOrigins: 'https://a.example,https://b.example' } },
      ['https://a.example,https://b.example', 'http://chat.example.com']],
    ['given values win without the ingress too', { config: { frontendUrl: 'http://192.168.49.2:30000' } }, ['http://localhost:30000', 'http://192.168.49.2:30000']],
  ])('CORS_ORIGINS and FRONTEND_URL: %s (equal on both paths)', (_name, values, expected) => {
    expect(urls(values)).toEqual(expected);
  });

  test('the backend rolls when the host changes them (checksum/config on both paths)', () => {
    const checksum = (values: Record<string, any>) => deploymentOf(chart.rendered(values), 'backend').spec.template.metadata.annotations['checksum/config'];
    expect(checksum({ ingress: { enabled: true, host: 'a.example.com' } })).not.toBe(checksum({ ingress: { enabled: true, host: 'b.example.com' } }));
  });

  test('off: no Ingress', () => expect(synthPlainManifests().filter((o) => o.kind === 'Ingress')).toEqual([]));

  test('on: the host and path routed to the frontend Service\'s port; class, TLS and annotations only when given', () => {
    const plainIngress = findObject(chart.rendered({ ingress: { enabled: true } }), 'Ingress', 'todo-chatbot-frontend');
    expect(plainIngress.metadata.annotations).toBeUndefined();
    expect(plainIngress.spec).toEqual({
      rules: [{ host: 'todo-chatbot.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'todo-chatbot-frontend', port: { number: 3000 } } } }] } }],
    });
    const objects = chart.rendered({
      ingress: { enabled: true, className: 'nginx', host: 'todo.example.com', path: '/app', pathType: 'Exact', tlsSecretName: 'todo-tls',
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
      frontend: { service: { port: 8080, type: 'ClusterIP' } },
    });
    const ingress = findObject(objects, 'Ingress', 'todo-chatbot-frontend');
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['todo.example.com'], secretName: 'todo-tls' }],
      rules: [{ host: 'todo.example.com', http: { paths: [{ path: '/app', pathType: 'Exact', backend: { service: { name: 'todo-chatbot-frontend', port: { number: 8080 } } } }] } }],
    });
  });

  test('a host that is no DNS name is refused on both paths', () => {
    const values = { ingress: { enabled: true, host: 'Todo_App' } };
    expect(chart.run(['template', 'todo-chatbot'], values).stderr).toMatch(/ingress\.host/);
    expect(() => checkValues(withValues(values), 'test')).toThrow(/ingress\.host/);
    expect(() => new WebApp(testChart(), 'web', { image: 'web:1', ingress: { host: 'Todo_App' } }))
      .toThrow("WebApp 'test/web': ingress.host must be a DNS name (lower-case letters, digits, \"-\" and \".\"), optionally starting with \"*.\", got \"Todo_App\"");
  });
});

test('the template writer keeps an empty mapping or list that is a list item (a NetworkPolicy\'s allow-all egress rule)', () => {
  const object = { kind: 'X', egress: [{}, [], { ports: [1] }] };
  expect(parse(renderTemplate(literalNode(object)))).toEqual(object);
});
