// A throw-away Kubernetes control plane for the tests: etcd, kube-apiserver and kube-controller-manager on
// loopback, built from test/cluster/ (see apiserver-binaries.ts). No scheduler and no kubelet: pods stay Pending,
// but the controllers create them and admission (Pod Security included) accepts or refuses them.
//
//   npm run apiserver -- start    builds on first use, starts, waits for /readyz; the LAST line is the kubeconfig path
//   npm run apiserver -- stop     stops exactly the processes `start` started (pid file) and removes the data
//   npm run apiserver -- status   says what runs
//   npm run apiserver -- build    only builds (or finds) the binaries and prints their folder
import { spawn } from 'child_process';
import { generateKeyPairSync, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ClusterBinaries, ensureBinaries } from './apiserver-binaries';

const REPO_ROOT = path.join(__dirname, '..');

/** Where `npm run apiserver` keeps the state of the server it started: one server per checkout. */
export const DEFAULT_STATE_FILE = path.join(REPO_ROOT, '.cache', 'apiserver', 'state.json');

/** Pod Security version and service range are fixed; ports are free ones picked at start. */
const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/16';
const ISSUER = 'https://kubernetes.default.svc.cluster.local';

type Component = 'etcd' | 'kube-apiserver' | 'kube-controller-manager';

/** The pid file: what `stop` and `status` read. */
export interface ServerState {
  dataDir: string;
  kubeconfig: string;
  server: string;
  /** In start order; `stop` goes in reverse. */
  processes: Array<{ component: Component; pid: number; binary: string; log: string; port: number }>;
}

export interface StartOptions {
  stateFile?: string;
  log?: (line: string) => void;
  /** Seconds to wait for each component (default 240: a loaded 2-core machine is slow to start the API server). */
  timeoutSeconds?: number;
  /**
   * Attempts, each with new ports, when a component exits or cannot bind its port before it is ready.
   * @default 3
   */
  attempts?: number;
  /**
   * Picks the ports of one attempt (etcd client, etcd peer, kube-apiserver, kube-controller-manager); the tests
   * hand it a port they occupy to force a retry.
   * @default freePorts
   */
  pickPorts?: (count: number) => Promise<number[]>;
}

const stderrLog = (line: string) => process.stderr.write(`${line}\n`);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * `count` distinct free loopback ports. Every probe socket stays open until all are picked, so the kernel cannot
 * hand out one port twice; once they are closed, another process may still take one before our component binds it,
 * which `start` survives by retrying with new ports.
 */
export async function freePorts(count: number): Promise<number[]> {
  const probes: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const probe = net.createServer();
      probe.unref();
      probes.push(probe);
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return probes.map((probe) => (probe.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(probes.map((probe) => new Promise<void>((resolve) => probe.close(() => resolve()))));
  }
}

/** How a component's log says it could not listen on its port (Go's net package: `listen tcp ...: bind: ...`). */
const BIND_FAILURE = /address already in use|\bbind: /;
/** The part of such a line worth repeating: Go's error, without the JSON or klog wrapping around it. */
const GO_LISTEN_ERROR = /listen tcp [^\s"]+: bind: [^"\\]*/;

/**
 * What `logFile` says about a port the component could not bind (Go's `listen tcp ...: bind: ...` error, else the
 * first line mentioning it, shortened), or undefined when it says nothing of the kind.
 */
export function bindFailure(logFile: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(logFile, 'utf8');
  } catch {
    return undefined;
  }
  const line = text.split('\n').find((l) => BIND_FAILURE.test(l));
  if (line === undefined) return undefined;
  return GO_LISTEN_ERROR.exec(line)?.[0] ?? line.trim().slice(0, 200);
}

/**
 * A component of this attempt exited, or could not bind its port: a race for a port we picked, worth another
 * attempt with new ports (unlike a component that runs but never gets ready).
 */
class PortRaceError extends Error {
  constructor(readonly reason: string, entry: { log: string }) {
    super(`apiserver: ${reason}; ${entry.log} ends with:\n${tail(entry.log)}`);
  }
}

/** Is `pid` alive and still the binary we started (not a reused pid)? */
function running(pid: number, binary: string): boolean {
  try {
    const exe = fs.readlinkSync(`/proc/${pid}/exe`);
    return exe === binary || exe === `${binary} (deleted)`;
  } catch {
    return false;
  }
}

function readState(stateFile: string): ServerState | undefined {
  if (!fs.existsSync(stateFile)) return undefined;
  return JSON.parse(fs.readFileSync(stateFile, 'utf8')) as ServerState;
}

function writeState(stateFile: string, state: ServerState): void {
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  const tmp = `${stateFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, stateFile);
}

function tail(file: string, lines = 25): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

interface Probe { status: number; body: string }

function get(url: string, headers: Record<string, string> = {}, ca?: Buffer): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.get(url, { headers, ca, rejectUnauthorized: ca !== undefined, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

/**
 * Polls `check` every half second until it returns true; fails early (with a PortRaceError) when the process has
 * exited or its log says it could not bind its port, and after `timeoutSeconds`, naming what it waited for and
 * showing the end of the component's log.
 */
async function waitFor(what: string, entry: ServerState['processes'][number], timeoutSeconds: number,
  check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last = '';
  while (Date.now() < deadline) {
    const bind = bindFailure(entry.log);
    if (bind !== undefined) {
      throw new PortRaceError(`${entry.component} could not bind a port: ${bind}`, entry);
    }
    if (!running(entry.pid, entry.binary)) {
      throw new PortRaceError(`${entry.component} exited before ${what}`, entry);
    }
    try {
      if (await check()) return;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(500);
  }
  throw new Error(`apiserver: no ${what} after ${timeoutSeconds} s${last ? ` (last error: ${last})` : ''}; ${entry.log} ends with:\n${tail(entry.log)}`);
}

function kubeconfigYaml(server: string, ca: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: test',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority: ${ca}`,
    'users:',
    '- name: admin',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: test',
    '  context:',
    '    cluster: test',
    '    user: admin',
    'current-context: test',
    '',
  ].join('\n');
}

/**
 * Starts etcd, kube-apiserver and kube-controller-manager in a new temporary folder and returns their state once
 * /readyz answers ok and the controllers have created the `default` ServiceAccount. When a component exits or cannot
 * bind its port (another process took it after we picked it), stops what that attempt started and tries again with
 * new ports, `attempts` times in all. Throws (after stopping whatever it started) when the last attempt fails that way
 * or a component does not come up in time.
 */
export async function start(options: StartOptions = {}): Promise<ServerState> {
  const stateFile = options.stateFile ?? DEFAULT_STATE_FILE;
  const log = options.log ?? stderrLog;
  const timeoutSeconds = options.timeoutSeconds ?? 240;
  const attempts = options.attempts ?? 3;
  const pickPorts = options.pickPorts ?? freePorts;

  const previous = readState(stateFile);
  if (previous) {
    const live = previous.processes.filter((p) => running(p.pid, p.binary));
    if (live.length > 0) {
      throw new Error(`apiserver: already running (${live.map((p) => `${p.component} pid ${p.pid}`).join(', ')}; kubeconfig ${previous.kubeconfig}); `
        + 'run `npm run apiserver -- stop` first');
    }
    log(`apiserver: removing the data of a server that is no longer running (${previous.dataDir})`);
    stop({ stateFile, log: () => undefined });
  }

  const binaries: ClusterBinaries = ensureBinaries({ log });
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binaries, await pickPorts(4), stateFile, timeoutSeconds);
    } catch (e) {
      if (!(e instanceof PortRaceError) || attempt >= attempts) {
        stop({ stateFile, log: () => undefined });
        throw attempt > 1 ? new Error(`${(e as Error).message}\n(attempt ${attempt} of ${attempts})`) : e;
      }
      log(`apiserver: attempt ${attempt} of ${attempts} failed (${e.reason}); stopping what it started and retrying with new ports`);
      stop({ stateFile, log }); // by pid, what this attempt started; and its data
    }
  }
}

/** One attempt of `start` on the given ports; leaves what it started in `stateFile` for the caller to stop on error. */
async function startOnce(binaries: ClusterBinaries, ports: number[], stateFile: string, timeoutSeconds: number): Promise<ServerState> {
  const [etcdPort, etcdPeerPort, apiPort, kcmPort] = ports;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-apiserver-'));
  const server = `https://127.0.0.1:${apiPort}`;
  const state: ServerState = { dataDir, kubeconfig: path.join(dataDir, 'kubeconfig'), server, processes: [] };
  writeState(stateFile, state);

  const launch = (component: Component, port: number, args: string[]) => {
    const logFile = path.join(dataDir, `${component}.log`);
    const out = fs.openSync(logFile, 'a');
    // Detached, in its own process group, so it outlives `npm run apiserver -- start` and a terminal's Ctrl-C.
    const child = spawn(binaries[component], args, { cwd: dataDir, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    if (child.pid === undefined) throw new Error(`apiserver: could not start ${binaries[component]}`);
    child.unref();
    const entry = { component, pid: child.pid, binary: fs.realpathSync(binaries[component]), log: logFile, port };
    state.processes.push(entry);
    writeState(stateFile, state); // recorded at once, so `stop` finds it even if start fails later
    return entry;
  };

  const etcd = launch('etcd', etcdPort, [
    `--data-dir=${path.join(dataDir, 'etcd')}`,
    `--listen-client-url=http://127.0.0.1:${etcdPort}`,
    `--listen-peer-url=http://127.0.0.1:${etcdPeerPort}`,
  ]);
  await waitFor('healthy etcd', etcd, timeoutSeconds, async () => {
    const r = await get(`http://127.0.0.1:${etcdPort}/health`);
    return r.status === 200 && /"health":\s*"true"/.test(r.body);
  });

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const saKey = path.join(dataDir, 'service-account.key');
  const saPub = path.join(dataDir, 'service-account.pub');
  fs.writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(saPub, publicKey.export({ type: 'spki', format: 'pem' }));
  const token = randomBytes(24).toString('hex');
  const tokenFile = path.join(dataDir, 'tokens.csv');
  // One user in system:masters (cluster-admin through RBAC's bootstrap binding) for the tests and the controllers.
  fs.writeFileSync(tokenFile, `${token},admin,admin,"system:masters"\n`, { mode: 0o600 });
  const certDir = path.join(dataDir, 'pki');

  const apiserver = launch('kube-apiserver', apiPort, [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${apiPort}`,
    `--cert-dir=${certDir}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    `--service-account-issuer=${ISSUER}`,
    `--service-account-key-file=${saPub}`,
    `--service-account-signing-key-file=${saKey}`,
    `--token-auth-file=${tokenFile}`,
    '--authorization-mode=RBAC',
    '--anonymous-auth=false',
    '--profiling=false',
  ]);
  const auth = { Authorization: `Bearer ${token}` };
  await waitFor('/readyz ok from kube-apiserver', apiserver, timeoutSeconds, async () => {
    const r = await get(`${server}/readyz`, auth);
    return r.status === 200 && r.body.trim() === 'ok';
  });
  // The self-signed serving certificate kube-apiserver wrote, followed by the CA that signed it.
  const ca = path.join(certDir, 'apiserver.crt');
  const caPem = fs.readFileSync(ca);
  await get(`${server}/readyz`, auth, caPem); // the kubeconfig will verify the server with it: check that it can
  fs.writeFileSync(state.kubeconfig, kubeconfigYaml(server, ca, token), { mode: 0o600 });

  const controllers = launch('kube-controller-manager', kcmPort, [
    `--kubeconfig=${state.kubeconfig}`,
    `--authentication-kubeconfig=${state.kubeconfig}`,
    `--authorization-kubeconfig=${state.kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${kcmPort}`,
    `--cert-dir=${path.join(dataDir, 'controller-manager-pki')}`,
    `--service-account-private-key-file=${saKey}`,
    `--root-ca-file=${ca}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    '--leader-elect=false',
    '--use-service-account-credentials=false',
    '--profiling=false',
  ]);
  // Pods are admitted only once their ServiceAccount exists: wait until the controller has created `default`.
  await waitFor('`default` ServiceAccount from kube-controller-manager', controllers, timeoutSeconds, async () => {
    const r = await get(`${server}/api/v1/namespaces/default/serviceaccounts/default`, auth, caPem);
    return r.status === 200;
  });
  return state;
}

export interface StopOptions {
  stateFile?: string;
  log?: (line: string) => void;
}

/**
 * Stops the processes recorded in the state file, newest first (SIGTERM, then SIGKILL after 15 s), removes the data
 * folder and the state file. Synchronous, so it can run in an exit handler. Returns false when nothing was recorded.
 */
export function stop(options: StopOptions = {}): boolean {
  const stateFile = options.stateFile ?? DEFAULT_STATE_FILE;
  const log = options.log ?? stderrLog;
  const state = readState(stateFile);
  if (!state) return false;
  for (const p of [...state.processes].reverse()) {
    if (!running(p.pid, p.binary)) continue;
    process.kill(p.pid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (running(p.pid, p.binary) && Date.now() < deadline) sleepSync(100);
    if (running(p.pid, p.binary)) process.kill(p.pid, 'SIGKILL');
    // A killed child of ours would stay a zombie (and `running`) until reaped; detached ones are reaped by init.
    log(`apiserver: stopped ${p.component} (pid ${p.pid})`);
  }
  fs.rmSync(state.dataDir, { recursive: true, force: true });
  fs.rmSync(stateFile, { force: true });
  return true;
}

/** One line per component: running or not, its pid, port and log; then the kubeconfig. */
export function status(stateFile: string = DEFAULT_STATE_FILE): { running: boolean; text: string } {
  const state = readState(stateFile);
  if (!state) return { running: false, text: 'apiserver: not running (no server started from this checkout)' };
  const lines = state.processes.map((p) => `${p.component}: ${running(p.pid, p.binary) ? 'running' : 'NOT running'} (pid ${p.pid}, port ${p.port}, log ${p.log})`);
  const all = state.processes.length === 3 && state.processes.every((p) => running(p.pid, p.binary));
  lines.push(`server: ${state.server}`, `data: ${state.dataDir}`, `kubeconfig: ${state.kubeconfig}`);
  if (!all) lines.push('not every component runs: `npm run apiserver -- stop` cleans up');
  return { running: all, text: lines.join('\n') };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (rest.length > 0) throw new Error(`apiserver: unexpected arguments after ${command}: ${rest.join(' ')}`);
  switch (command) {
    case 'start': {
      const started = Date.now();
      const state = await start();
      stderrLog(`apiserver: ready at ${state.server} in ${((Date.now() - started) / 1000).toFixed(1)} s; stop with \`npm run apiserver -- stop\``);
      process.stdout.write(`${state.kubeconfig}\n`); // the last line: other tools read it
      return 0;
    }
    case 'stop':
      if (!stop()) stderrLog('apiserver: not running (nothing to stop)');
      return 0;
    case 'status': {
      const { running: up, text } = status();
      process.stdout.write(`${text}\n`);
      return up ? 0 : 1;
    }
    case 'build': {
      const binaries = ensureBinaries();
      process.stdout.write(`${path.dirname(binaries.kubectl)}\n`);
      return 0;
    }
    default:
      throw new Error(`usage: npm run apiserver -- start|stop|status|build (got ${command === undefined ? 'nothing' : JSON.stringify(command)})`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  });
}
