// The Helm chart in dist/helm/todo-chatbot, installed for real: with the defaults, values-dev.yaml, every structural
// case and the generated values files the equivalence tests use; upgraded across structural changes; rolled back;
// uninstalled. Namespaces enforce Pod Security "restricted" v1.28, except where the values ask for a hostPath volume,
// which "restricted" (and "baseline") forbid: those run in a "privileged" namespace, and one test shows the refusal.
//
// One release at a time: the frontend's fixed nodePort would collide between releases.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { HELM_YAML } from '../../lib/helm/helm-chart';
import { TodoChatbotValues, devValues, valuesModel, withValues } from '../../lib/todo-chatbot';
import { structuralSettingsOf, structuralVariantsOf } from '../../lib/values-model';
import { casesFile, casesLabel, pairwiseCases, randomValuesFile } from '../support/values-gen';
import {
  createNamespace, deleteNamespaces, expectAllPodsCreated, failedCreateEvents, getJson, PodSecurityLevel,
  Result, runHelmOnCluster, runKubectl, waitUntil, warnings,
} from './support/cluster';
import { createPrerequisites, deletePriorityClasses, stillThere } from './support/prerequisites';

const CHART = path.join(__dirname, '..', '..', 'dist', 'helm', 'todo-chatbot');
const RELEASE = 'todo-chatbot';
const DEPLOYMENTS = 2;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-cluster-helm-'));
const namespaces: string[] = [];
/** templates/*.yaml that rendered an object in some release the server accepted. */
const acceptedTemplates = new Set<string>();

afterAll(() => {
  deleteNamespaces(...namespaces);
  deletePriorityClasses();
  fs.rmSync(work, { recursive: true, force: true });
});

const STRUCTURAL = structuralSettingsOf(valuesModel);

let fileCount = 0;
function valuesFile(values: unknown): string {
  const file = path.join(work, `values-${fileCount++}.yaml`);
  fs.writeFileSync(file, stringify(values, HELM_YAML));
  return file;
}

/** Restricted, unless the values mount a hostPath volume. */
function levelFor(values: TodoChatbotValues): PodSecurityLevel {
  return values.persistence.enabled && values.persistence.type === 'hostPath' ? 'privileged' : 'restricted';
}

/**
 * Runs `body` in a new namespace; afterwards, passed or failed, deletes its Services at once (so the fixed nodePort
 * is free for the next test) and the namespace in the background.
 */
async function inNamespace(prefix: string, level: PodSecurityLevel, body: (namespace: string) => Promise<void>): Promise<void> {
  const namespace = await createNamespace(prefix, level);
  namespaces.push(namespace);
  try {
    await body(namespace);
  } finally {
    runKubectl(['delete', 'services', '--all', '-n', namespace, '--wait=true']);
  }
}

function expectAcceptedWithoutWarnings(result: Result, what: string): void {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}:\n${result.stderr}`);
  expect(warnings(result.stderr)).toEqual([]);
}

function recordTemplates(namespace: string): void {
  const manifest = runHelmOnCluster(['get', 'manifest', RELEASE, '-n', namespace]).stdout;
  for (const [, source] of manifest.matchAll(/^# Source: todo-chatbot\/(templates\/\S+)$/gm)) acceptedTemplates.add(source);
}

function install(namespace: string, ...files: string[]): Result {
  return runHelmOnCluster(['install', RELEASE, CHART, '-n', namespace, ...files.flatMap((f) => ['-f', f])]);
}

function upgrade(namespace: string, file: string): Result {
  // --reset-values: each step states its values in full, as a user switching to another values file does.
  return runHelmOnCluster(['upgrade', RELEASE, CHART, '-n', namespace, '--reset-values', '-f', file]);
}

/** Kinds a release of this chart can own, for "nothing left behind". */
const OWNED_KINDS = 'deployments,replicasets,pods,services,configmaps,secrets,persistentvolumeclaims,serviceaccounts,'
  + 'horizontalpodautoscalers,poddisruptionbudgets,networkpolicies,ingresses';

/** Objects labelled with the release, plus Helm's own release records. */
function releaseObjects(namespace: string): string[] {
  const labelled = getJson([OWNED_KINDS, '-n', namespace, '-l', `app.kubernetes.io/instance=${RELEASE}`]).items;
  const records = getJson(['secrets', '-n', namespace, '-l', `owner=helm,name=${RELEASE}`]).items;
  return [...labelled, ...records].map((o: any) => `${o.kind}/${o.metadata.name}`);
}

/** The objects of the release's manifest that the chart marks `helm.sh/resource-policy: keep`. */
function keptOnPurpose(namespace: string): string[] {
  const manifest = runHelmOnCluster(['get', 'manifest', RELEASE, '-n', namespace]).stdout;
  return parseAllDocuments(manifest).map((d) => d.toJS()).filter((o) => o?.metadata?.annotations?.['helm.sh/resource-policy'] === 'keep')
    .map((o) => `${o.kind}/${o.metadata.name}`).sort();
}

/**
 * Uninstalls and waits until the garbage collector has removed the ReplicaSets and pods as well: nothing of the
 * release is left but what the chart keeps on purpose (and Helm's release records are gone too). `keptEarlier`: what
 * an earlier upgrade or rollback of the release kept and the release no longer holds.
 */
async function uninstallLeavesNothing(namespace: string, keptEarlier: string[] = []): Promise<void> {
  const keptNow = keptOnPurpose(namespace);
  const kept = [...new Set([...keptNow, ...keptEarlier])].sort();
  const r = runHelmOnCluster(['uninstall', RELEASE, '-n', namespace]);
  if (r.status !== 0) throw new Error(`helm uninstall exited ${r.status}:\n${r.stderr}`);
  if (keptNow.length > 0) expect(r.stdout + r.stderr).toMatch(/These resources were kept due to the resource policy/);
  await waitUntil(`nothing of release ${RELEASE} left in ${namespace} but ${kept.join(', ') || 'nothing'}`, 120,
    () => JSON.stringify(releaseObjects(namespace).sort()) === JSON.stringify(kept), () => releaseObjects(namespace).join('\n'));
}

function liveDeployment(namespace: string, component: string): any {
  return getJson(['deployments', '-n', namespace, '-l', `app.kubernetes.io/component=${component}`]).items[0];
}

function uploadsVolume(namespace: string): any {
  const spec = liveDeployment(namespace, 'backend').spec.template.spec;
  return spec.volumes.find((v: any) => spec.containers[0].volumeMounts.some((m: any) => m.name === v.name && m.mountPath === '/app/uploads'));
}

function frontendService(namespace: string): any {
  return getJson(['services', '-n', namespace, '-l', 'app.kubernetes.io/component=frontend']).items[0];
}

describe('helm install, then uninstall, in a namespace enforcing Pod Security restricted v1.28', () => {
  const cases: Array<[string, Record<string, any>]> = [
    ['the defaults', {}],
    ['values-dev.yaml', devValues],
    ['overridden names', { fullnameOverride: 'chat', nameOverride: 'bot', backend: { service: { name: 'api' } } }],
    // The values files the equivalence tests (test/helm-chart.test.ts) use: each structural case, the pairwise
    // covering rows, and the generated files.
    ...structuralVariantsOf(valuesModel).slice(1).map((v) => [`case ${casesLabel(v.settings)}`, casesFile(v.settings)] as [string, Record<string, any>]),
    ...pairwiseCases(STRUCTURAL).map((row, i) => [`pairwise row #${i}: ${casesLabel(row)}`, casesFile(row)] as [string, Record<string, any>]),
    ...Array.from({ length: 12 }, (_, seed) => [`generated values file #${seed}`, randomValuesFile(seed)] as [string, Record<string, any>]),
  ];

  test.each(cases)('%s: accepted without warnings, every pod created, nothing left after uninstall', async (_name, values) => {
    const complete = withValues(values);
    await inNamespace('install', levelFor(complete), async (namespace) => {
      // What the values name but the chart does not create, made first as the chart README says.
      const prerequisites = createPrerequisites(namespace, complete);
      const file = values === devValues ? path.join(CHART, 'values-dev.yaml') : valuesFile(values);
      expectAcceptedWithoutWarnings(install(namespace, file), 'helm install');
      await expectAllPodsCreated(namespace, DEPLOYMENTS);
      recordTemplates(namespace);
      await uninstallLeavesNothing(namespace);
      // The hand-made objects are not the chart's: they stay.
      expect(stillThere(prerequisites)).toEqual(prerequisites);
    });
  });

  test('values-dev.yaml is the file the chart ships', () => {
    expect(parse(fs.readFileSync(path.join(CHART, 'values-dev.yaml'), 'utf8'))).toEqual(devValues);
  });
});

test('Pod Security restricted refuses the pods of a hostPath release, as values.yaml warns', () => inNamespace('hostpath-refused', 'restricted', async (namespace) => {
  createPrerequisites(namespace, withValues({}));
  const result = install(namespace, valuesFile({ persistence: { enabled: true, type: 'hostPath' } }));
  expect(result.status).toBe(0); // the Deployment itself is admitted, with a warning about its pod template
  expect(warnings(result.stderr).join('\n')).toMatch(/would violate PodSecurity "restricted:v1\.28": restricted volume types \(volume "uploads" uses restricted volume type "hostPath"\)/);
  await waitUntil('a FailedCreate event', 60, () => failedCreateEvents(namespace).length > 0);
  expect(failedCreateEvents(namespace).join('\n')).toMatch(/forbidden: violates PodSecurity "restricted:v1\.28": restricted volume types \(volume "uploads" uses restricted volume type "hostPath"\)/);
  await uninstallLeavesNothing(namespace);
}));

describe('helm upgrade across structural changes, and helm rollback', () => {
  /** Installs the first values, then upgrades through the rest; after each step every pod of the new rollout exists. */
  async function walk(namespace: string, steps: Array<Record<string, any>>, check: (namespace: string, step: number) => void): Promise<void> {
    for (const [step, values] of steps.entries()) {
      createPrerequisites(namespace, withValues(values));
      const result = step === 0 ? install(namespace, valuesFile(values)) : upgrade(namespace, valuesFile(values));
      expectAcceptedWithoutWarnings(result, step === 0 ? 'helm install' : `helm upgrade to step ${step}`);
      await expectAllPodsCreated(namespace, DEPLOYMENTS);
      recordTemplates(namespace);
      check(namespace, step);
    }
  }

  function rollback(namespace: string, revision: number): void {
    const r = runHelmOnCluster(['rollback', RELEASE, String(revision), '-n', namespace]);
    expectAcceptedWithoutWarnings(r, `helm rollback to ${revision}`);
  }

  test('persistence off → on (pvc), then rollback to off: the claim, kept on purpose, stays', () => inNamespace('upgrade-persistence', 'restricted', async (namespace) => {
    const claims = (namespace: string) => getJson(['persistentvolumeclaims', '-n', namespace]).items.map((c: any) => c.metadata.name);
    const liveClaims = (namespace: string) => getJson(['persistentvolumeclaims', '-n', namespace]).items
      .filter((c: any) => !c.metadata.deletionTimestamp).map((c: any) => c.metadata.name);
    await walk(namespace, [{}, { persistence: { enabled: true } }], (ns, step) => {
      if (step === 0) {
        expect(uploadsVolume(ns).emptyDir).toBeDefined();
        expect(claims(ns)).toEqual([]);
      } else {
        expect(uploadsVolume(ns).persistentVolumeClaim).toEqual({ claimName: 'todo-chatbot-backend-uploads' });
        expect(claims(ns)).toEqual(['todo-chatbot-backend-uploads']);
      }
    });
    const kept = keptOnPurpose(namespace);
    rollback(namespace, 1);
    await expectAllPodsCreated(namespace, DEPLOYMENTS);
    expect(uploadsVolume(namespace).emptyDir).toBeDefined();
    // persistence.keepOnUninstall is on by default: the uploads claim outlives the rollback (and the uninstall).
    expect(kept).toEqual(['PersistentVolumeClaim/todo-chatbot-backend-uploads']);
    expect(liveClaims(namespace)).toEqual(['todo-chatbot-backend-uploads']);
    await uninstallLeavesNothing(namespace, kept);
  }));

  test('pvc → hostPath → pvc (in a namespace that allows hostPath)', () => inNamespace('upgrade-hostpath', 'privileged', async (namespace) => {
    const pvc = { persistence: { enabled: true, type: 'pvc' } };
    const hostPath = { persistence: { enabled: true, type: 'hostPath', hostPath: '/mnt/data/uploads' } };
    await walk(namespace, [pvc, hostPath, pvc], (ns, step) => {
      const volume = uploadsVolume(ns);
      if (step === 1) expect(volume.hostPath).toMatchObject({ path: '/mnt/data/uploads' });
      else expect(volume.persistentVolumeClaim).toEqual({ claimName: 'todo-chatbot-backend-uploads' });
    });
    await uninstallLeavesNothing(namespace);
  }));

  test('NodePort → ClusterIP → NodePort, then rollback to ClusterIP', () => inNamespace('upgrade-service', 'restricted', async (namespace) => {
    await walk(namespace, [{}, { frontend: { service: { type: 'ClusterIP' } } }, {}], (ns, step) => {
        const service = frontendService(ns);
        if (step === 1) {
          expect(service.spec.type).toBe('ClusterIP');
          expect(service.spec.ports[0].nodePort).toBeUndefined();
        } else {
          expect(service.spec.type).toBe('NodePort');
          expect(service.spec.ports[0].nodePort).toBe(30000);
        }
      });
    rollback(namespace, 2);
    expect(frontendService(namespace).spec.type).toBe('ClusterIP');
    expect(runHelmOnCluster(['history', RELEASE, '-n', namespace, '-o', 'json']).stdout).toMatch(/"revision":4/);
    await uninstallLeavesNothing(namespace);
  }));

  test('the shared-cluster options off → on → off, then rollback to on', () => inNamespace('upgrade-options', 'restricted', async (namespace) => {
    const perComponent = (component: string) => ({
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 4 },
      podDisruptionBudget: { enabled: true },
      securityContext: { readOnlyRootFilesystem: false },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/component': component } } }],
      priorityClassName: 'high-priority',
    });
    const on = {
      serviceAccount: { create: true },
      imagePullSecrets: [{ name: 'regcred' }],
      global: { imageRegistry: 'registry.example.com:5000' },
      backend: perComponent('backend'),
      frontend: perComponent('frontend'),
      ingress: { enabled: true, className: 'nginx', tlsSecretName: 'todo-chatbot-tls' },
      networkPolicy: { enabled: true, defaultDeny: true },
    };
    const OPTION_KINDS = 'serviceaccounts,horizontalpodautoscalers,poddisruptionbudgets,networkpolicies,ingresses';
    const optionObjects = (ns: string) => getJson([OPTION_KINDS, '-n', ns, '-l', `app.kubernetes.io/instance=${RELEASE}`]).items
      .map((o: any) => `${o.kind}/${o.metadata.name}`).sort();
    const expectOn = (ns: string) => {
      expect(optionObjects(ns)).toEqual([
        'HorizontalPodAutoscaler/todo-chatbot-backend', 'HorizontalPodAutoscaler/todo-chatbot-frontend', 'Ingress/todo-chatbot-frontend',
        'NetworkPolicy/todo-chatbot-backend', 'NetworkPolicy/todo-chatbot-default-deny', 'NetworkPolicy/todo-chatbot-frontend',
        'PodDisruptionBudget/todo-chatbot-backend', 'PodDisruptionBudget/todo-chatbot-frontend', 'ServiceAccount/todo-chatbot',
      ]);
      const pod = liveDeployment(ns, 'backend').spec.template.spec;
      expect(pod).toMatchObject({ serviceAccountName: 'todo-chatbot', priorityClassName: 'high-priority', imagePullSecrets: [{ name: 'regcred' }] });
      expect(pod.containers[0].image).toMatch(/^registry\.example\.com:5000\//);
      expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    };
    const expectOff = (ns: string) => {
      expect(optionObjects(ns)).toEqual([]);
      const deployment = liveDeployment(ns, 'backend');
      expect(deployment.spec.replicas).toBe(1); // back from the autoscaler to replicaCount
      expect(deployment.spec.template.spec.serviceAccountName ?? 'default').toBe('default');
      expect(deployment.spec.template.spec.priorityClassName).toBeUndefined();
      expect(deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    };
    await walk(namespace, [{}, on, {}], (ns, step) => (step === 1 ? expectOn(ns) : expectOff(ns)));
    rollback(namespace, 2);
    await expectAllPodsCreated(namespace, DEPLOYMENTS);
    expectOn(namespace);
    await uninstallLeavesNothing(namespace);
  }));

  test('secrets.create on → off: helm removes the Secret it created; the one the user then creates is read', () => inNamespace('upgrade-secret', 'restricted', async (namespace) => {
    const created = { secrets: { create: true, values: { DATABASE_URL: 'postgresql://u:p@h/db', JWT_SECRET: 's3cret' } } };
    await walk(namespace, [created], (ns) => {
      const secret = getJson(['secret', 'todo-chatbot-secrets', '-n', ns]);
      expect(secret.metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
    });
    const result = upgrade(namespace, valuesFile({}));
    expectAcceptedWithoutWarnings(result, 'helm upgrade to secrets.create=false');
    // The chart no longer renders the Secret, so Helm deletes it: users switching off create must make their own.
    await waitUntil('the chart-created Secret to be deleted', 60,
      () => runKubectl(['get', 'secret', 'todo-chatbot-secrets', '-n', namespace]).status !== 0);
    createPrerequisites(namespace, withValues({}));
    await expectAllPodsCreated(namespace, DEPLOYMENTS);
    const backend = liveDeployment(namespace, 'backend').spec.template.spec.containers[0];
    expect(JSON.stringify(backend.env ?? []) + JSON.stringify(backend.envFrom ?? [])).toContain('todo-chatbot-secrets');
    await uninstallLeavesNothing(namespace);
  }));
});

test('upgrade adding commonLabels, podLabels, podAnnotations and extra variables, volumes and mounts: accepted (the immutable selectors do not change), on the live objects and pods', () => inNamespace('upgrade-labels', 'restricted', async (namespace) => {
  createPrerequisites(namespace, withValues({}));
  expectAcceptedWithoutWarnings(install(namespace, valuesFile({})), 'helm install');
  await expectAllPodsCreated(namespace, DEPLOYMENTS);
  const before = liveDeployment(namespace, 'backend').spec.selector;
  const values = {
    commonLabels: { team: 'todo' },
    backend: {
      podLabels: { 'example.com/tier': 'api' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      extraEnv: [{ name: 'TZ', value: 'UTC' }, { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
      extraEnvFrom: [{ secretRef: { name: 'todo-extra', optional: true } }],
      extraVolumes: [{ name: 'certs', secret: { secretName: 'todo-certs', optional: true, defaultMode: 0o440 } }, { name: 'scratch', emptyDir: { sizeLimit: '64Mi' } }],
      extraVolumeMounts: [{ name: 'certs', mountPath: '/etc/ssl/todo', readOnly: true }, { name: 'scratch', mountPath: '/var/scratch' }],
    },
    frontend: { podAnnotations: { 'example.com/note': 'hello' } },
  };
  expectAcceptedWithoutWarnings(upgrade(namespace, valuesFile(values)), 'helm upgrade');
  await expectAllPodsCreated(namespace, DEPLOYMENTS);
  const backend = liveDeployment(namespace, 'backend');
  expect(backend.spec.selector).toEqual(before);
  expect(backend.metadata.labels.team).toBe('todo');
  expect(backend.spec.template.metadata.labels).toMatchObject({ team: 'todo', 'example.com/tier': 'api' });
  expect(backend.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'checksum/config': expect.any(String) });
  expect(liveDeployment(namespace, 'frontend').spec.template.metadata.annotations).toEqual({ 'example.com/note': 'hello' });
  const pod = backend.spec.template.spec;
  expect(pod.containers[0].env.slice(-2)).toEqual([{ name: 'TZ', value: 'UTC' }, { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } }]);
  expect(pod.containers[0].envFrom.at(-1)).toEqual({ secretRef: { name: 'todo-extra', optional: true } });
  expect(pod.volumes.slice(-2)).toEqual([{ name: 'certs', secret: { secretName: 'todo-certs', optional: true, defaultMode: 288 } }, { name: 'scratch', emptyDir: { sizeLimit: '64Mi' } }]);
  expect(pod.containers[0].volumeMounts.slice(-2)).toEqual([{ name: 'certs', mountPath: '/etc/ssl/todo', readOnly: true }, { name: 'scratch', mountPath: '/var/scratch' }]);
  const pods = getJson(['pods', '-n', namespace, '-l', 'team=todo,example.com/tier=api']).items;
  expect(pods.length).toBeGreaterThanOrEqual(1);
  expect(getJson(['services,configmaps', '-n', namespace, '-l', 'team=todo']).items.length).toBe(3);
  await uninstallLeavesNothing(namespace);
}));

test('every template of the chart rendered an object the server accepted', () => {
  const templates = fs.readdirSync(path.join(CHART, 'templates')).filter((f) => f.endsWith('.yaml')).map((f) => `templates/${f}`);
  expect([...acceptedTemplates].sort()).toEqual(templates.sort());
});
