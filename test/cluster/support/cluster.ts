// Talking to the cluster suite's API server: kubectl (built with it from test/cluster/) and helm (3.16.4 from
// test/support/helm.ts), both pointed at TEST_KUBECONFIG, plus the waits and checks the suite shares.
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { ensureBinaries } from '../../../scripts/apiserver-binaries';
import { runHelm } from '../../support/helm';

const REPO_ROOT = path.join(__dirname, '..', '..', '..');
/** kubectl's discovery cache and config home: never the user's ~/.kube. */
const KUBE_HOME = path.join(REPO_ROOT, '.cache', 'kube-home');

/** The kubeconfig of the suite's server (set by global-setup.ts or by whoever started the server). */
export function kubeconfig(): string {
  const file = process.env.TEST_KUBECONFIG;
  if (!file) throw new Error('TEST_KUBECONFIG is not set: run the cluster suite with `npm run test:cluster`');
  return file;
}

export interface Result { stdout: string; stderr: string; status: number }

let kubectlPath: string | undefined;

/** Runs kubectl against the suite's server; never throws on a non-zero exit. */
export function runKubectl(args: string[], input?: string): Result {
  kubectlPath ??= ensureBinaries().kubectl;
  const r = spawnSync(kubectlPath, args, {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: KUBE_HOME, KUBECONFIG: kubeconfig() },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

/** kubectl's stdout; throws with the command and its stderr when it fails. */
export function kubectl(args: string[], input?: string): string {
  const r = runKubectl(args, input);
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** `kubectl get ... -o json`, parsed. */
export function getJson(args: string[]): any {
  return JSON.parse(kubectl(['get', ...args, '-o', 'json']));
}

/** Runs helm against the suite's server; never throws on a non-zero exit. */
export function runHelmOnCluster(args: string[]): Result {
  return runHelm(['--kubeconfig', kubeconfig(), ...args]);
}

/** The Pod Security profiles a test namespace enforces. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/**
 * A new namespace `<prefix>-<random>` that enforces and warns on `level` at v1.28 (the version this project targets),
 * and has its `default` ServiceAccount (created by kube-controller-manager: pods need it to be admitted).
 */
export async function createNamespace(prefix: string, level: PodSecurityLevel = 'restricted'): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = 'v1.28';
  }
  kubectl(['apply', '--server-side', '-f', '-'], stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }));
  await waitUntil(`ServiceAccount default in ${name}`, 60, () => runKubectl(['get', 'serviceaccount', 'default', '-n', name]).status === 0);
  return name;
}

/** Deletes namespaces without waiting (their contents go with them). */
export function deleteNamespaces(...names: string[]): void {
  if (names.length > 0) runKubectl(['delete', 'namespace', ...names, '--wait=false', '--ignore-not-found']);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every half second; throws naming `what` (and the last `explain()`) after `timeoutSeconds`. */
export async function waitUntil(what: string, timeoutSeconds: number, check: () => boolean, explain?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutSeconds} s waiting for ${what}${explain ? `:\n${explain()}` : ''}`);
    await sleep(500);
  }
}

/** Events with reason FailedCreate in the namespace (a controller could not create a pod), as readable lines. */
export function failedCreateEvents(namespace: string): string[] {
  return getJson(['events', '-n', namespace, '--field-selector', 'reason=FailedCreate']).items
    .map((e: any) => `${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`);
}

/** Warnings the server sent back, as kubectl and helm print them on stderr. */
export function warnings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /warning/i.test(line));
}

interface RolloutState { deployment: string; observed: boolean; wanted: number; created: number }

interface Snapshot { rollouts: RolloutState[]; failedCreate: string[] }

/**
 * One `kubectl get` of the namespace's Deployments, ReplicaSets, pods and events: for each Deployment, how many pods
 * its newest ReplicaSet wants and how many the controller has created; and the FailedCreate events.
 */
function snapshot(namespace: string): Snapshot {
  const items = getJson(['deployments,replicasets,pods,events', '-n', namespace]).items;
  const ofKind = (kind: string) => items.filter((o: any) => o.kind === kind);
  const [deployments, replicaSets, pods] = ['Deployment', 'ReplicaSet', 'Pod'].map(ofKind);
  const rollouts = deployments.map((d: any) => {
    const revision = d.metadata.annotations?.['deployment.kubernetes.io/revision'];
    const newest = replicaSets.find((rs: any) => rs.metadata.ownerReferences?.some((o: any) => o.uid === d.metadata.uid)
      && rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision);
    const created = newest ? pods.filter((p: any) => p.metadata.ownerReferences?.some((o: any) => o.uid === newest.metadata.uid)).length : 0;
    const observed = d.status?.observedGeneration === d.metadata.generation;
    return { deployment: d.metadata.name, observed, wanted: newest?.spec.replicas ?? -1, created };
  });
  const failedCreate = ofKind('Event').filter((e: any) => e.reason === 'FailedCreate')
    .map((e: any) => `${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`);
  return { rollouts, failedCreate };
}

/**
 * Waits until the controllers have created every pod of the newest ReplicaSet of every Deployment in the namespace
 * (pods stay Pending: there is no scheduler, but they exist, so admission let them in), then checks that no
 * FailedCreate event was recorded. `expectedDeployments` guards against a namespace that has none yet.
 */
export async function expectAllPodsCreated(namespace: string, expectedDeployments: number): Promise<void> {
  let last: Snapshot = { rollouts: [], failedCreate: [] };
  const done = () => {
    last = snapshot(namespace);
    if (last.failedCreate.length > 0) return true; // fail fast below
    return last.rollouts.length === expectedDeployments
      && last.rollouts.every((s) => s.observed && s.wanted >= 0 && s.created === s.wanted);
  };
  await waitUntil(`the pods of ${expectedDeployments} Deployment(s) in ${namespace}`, 120, done, () => JSON.stringify(last, null, 2));
  expect(last.failedCreate).toEqual([]);
}

/** A YAML values file in `dir` for helm -f. */
export function writeValuesFile(dir: string, name: string, values: unknown): string {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, stringify(values));
  return file;
}

/** What the API server said to one request. */
export interface ServerAnswer { readonly status: number; readonly message: string }

/** Kinds that live outside namespaces (objects values may name, such as a PriorityClass). */
const CLUSTER_SCOPED = new Set(['PriorityClass', 'IngressClass', 'StorageClass', 'Namespace']);

let serverConnection: { server: string; ca: Buffer; token: string } | undefined;

/**
 * Asks the API server to create `object` in `namespace` as a dry run (`?dryRun=All`: validation and admission, no
 * storage), over HTTPS without a kubectl process: fast enough to ask it about hundreds of generated objects.
 */
export function dryRunCreate(namespace: string, object: Record<string, any>): Promise<ServerAnswer> {
  if (!serverConnection) {
    const config = parse(fs.readFileSync(kubeconfig(), 'utf8'));
    const { cluster } = config.clusters[0];
    serverConnection = { server: cluster.server, ca: fs.readFileSync(cluster['certificate-authority']), token: config.users[0].user.token };
  }
  const { server, ca, token } = serverConnection;
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [undefined, object.apiVersion];
  const kind = String(object.kind).toLowerCase();
  const plural = kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : kind.endsWith('s') ? `${kind}es` : `${kind}s`;
  const scope = CLUSTER_SCOPED.has(object.kind) ? '' : `/namespaces/${namespace}`;
  const url = new URL(`${group ? `/apis/${group}` : '/api'}/${version}${scope}/${plural}?dryRun=All&fieldValidation=Strict`, server);
  const body = JSON.stringify(object);
  return new Promise((resolve, reject) => {
    const request = https.request(url, {
      method: 'POST', ca,
      headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let message = text;
        try {
          message = JSON.parse(text).message ?? text;
        } catch { /* not JSON: the text itself */ }
        resolve({ status: response.statusCode ?? -1, message });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}
