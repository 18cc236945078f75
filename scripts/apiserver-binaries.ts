// The test cluster's binaries (etcd, kube-apiserver, kube-controller-manager, kubectl), built with `go build` from
// the Go module in test/cluster/ on first use. They are cached outside the checkout, under
// ~/.cache/todo-chatbot-k8s/apiserver/<key>/, where <key> hashes what decides the build (go.mod, go.sum, the etcd
// main and the Go version), so fresh clones on the same machine reuse them and a changed go.sum rebuilds them.
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO_ROOT = path.join(__dirname, '..');

/** The Go module that pins k8s.io/kubernetes and builds the binaries. */
export const CLUSTER_MODULE = path.join(REPO_ROOT, 'test', 'cluster');

/** What `go build` is asked for, by output name. */
const TARGETS: Record<ClusterBinary, string> = {
  'etcd': './cmd/etcd',
  'kube-apiserver': 'k8s.io/kubernetes/cmd/kube-apiserver',
  'kube-controller-manager': 'k8s.io/kubernetes/cmd/kube-controller-manager',
  'kubectl': 'k8s.io/kubernetes/cmd/kubectl',
};

export type ClusterBinary = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kubectl';
export type ClusterBinaries = Record<ClusterBinary, string>;

/** Files whose content decides what the build produces. */
const KEY_FILES = ['go.mod', 'go.sum', 'cmd/etcd/main.go'];

/** The k8s.io/kubernetes release go.mod pins, e.g. `v1.36.3`. */
export function kubernetesVersion(moduleDir: string = CLUSTER_MODULE): string {
  const match = /^\s*k8s\.io\/kubernetes (v\d+\.\d+\.\d+)\s*$/m.exec(fs.readFileSync(path.join(moduleDir, 'go.mod'), 'utf8'));
  if (!match) throw new Error(`apiserver: ${moduleDir}/go.mod does not require k8s.io/kubernetes at a release version`);
  return match[1];
}

/**
 * Stripped, path-independent binaries (smaller, faster to link, identical from any checkout) that report their
 * release as upstream's builds do: without the version stamped in, they say v0.0.0-master and a chart's kubeVersion
 * constraint refuses them.
 */
function buildFlags(moduleDir: string = CLUSTER_MODULE): string[] {
  const version = kubernetesVersion(moduleDir);
  const [major, minor] = version.slice(1).split('.');
  const stamp = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) => [
    `-X ${pkg}.gitVersion=${version}`, `-X ${pkg}.gitMajor=${major}`, `-X ${pkg}.gitMinor=${minor}`, `-X ${pkg}.gitTreeState=clean`,
  ]);
  return ['-trimpath', `-ldflags=-s -w ${stamp.join(' ')}`];
}

/** Where every build of every key lives (`TODO_CHATBOT_CACHE` overrides ~/.cache/todo-chatbot-k8s). */
export function cacheRoot(): string {
  const base = process.env.TODO_CHATBOT_CACHE
    ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'todo-chatbot-k8s');
  return path.join(base, 'apiserver');
}

function goEnv(): NodeJS.ProcessEnv {
  // GOTOOLCHAIN=local: never download another Go; GOWORK=off: a go.work above the checkout must not change the build.
  return { ...process.env, GOTOOLCHAIN: 'local', GOWORK: 'off' };
}

function goVersion(): string {
  const r = spawnSync('go', ['version'], { encoding: 'utf8', env: goEnv() });
  if (r.error || r.status !== 0) {
    throw new Error(`apiserver: the test cluster is built with Go, and \`go version\` failed: ${r.error?.message ?? r.stderr.trim()}`);
  }
  return r.stdout.trim();
}

/** The cache key: a hash of go.mod, go.sum, the etcd main, the build flags and the Go version. */
export function buildKey(moduleDir: string = CLUSTER_MODULE): string {
  const hash = createHash('sha256');
  for (const file of KEY_FILES) hash.update(`${file}\0`).update(fs.readFileSync(path.join(moduleDir, file))).update('\0');
  hash.update(buildFlags(moduleDir).join(' ')).update('\0').update(goVersion());
  return hash.digest('hex').slice(0, 16);
}

function binariesIn(dir: string): ClusterBinaries {
  const entries = Object.keys(TARGETS).map((name) => [name, path.join(dir, name)]);
  return Object.fromEntries(entries) as ClusterBinaries;
}

function complete(dir: string): boolean {
  return Object.values(binariesIn(dir)).every((file) => fs.existsSync(file));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Takes `<dir>.lock` (a directory holding the owner's pid) so that two callers never build the same key at once;
 * a lock whose owner died is taken over. Returns the release function.
 */
function lock(dir: string, log: (line: string) => void): () => void {
  const lockDir = `${dir}.lock`;
  const pidFile = path.join(lockDir, 'pid');
  let waited = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(pidFile, String(process.pid));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : NaN);
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!waited) log(`apiserver: another process (pid ${owner || 'starting'}) is building ${dir}; waiting`);
    waited = true;
    sleep(2000);
  }
}

export interface BuildOptions {
  /** Progress lines (to stderr by default: the start command's stdout ends with the kubeconfig path). */
  log?: (line: string) => void;
}

/**
 * The binaries for the current go.mod/go.sum: from the cache when built before, else built now with `go build`
 * (the Go build cache makes a rebuild after a small change quick; a cold build takes many minutes).
 */
export function ensureBinaries(options: BuildOptions = {}): ClusterBinaries {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = path.join(cacheRoot(), buildKey());
  if (complete(dir)) return binariesIn(dir);

  fs.mkdirSync(cacheRoot(), { recursive: true });
  const release = lock(dir, log);
  try {
    if (complete(dir)) return binariesIn(dir); // built by whoever held the lock
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    const logFile = `${dir}.build.log`;
    const args = ['build', ...buildFlags(), '-o', `${tmp}${path.sep}`, ...Object.values(TARGETS)];
    log(`apiserver: building ${Object.keys(TARGETS).join(', ')} into ${dir} (cold: many minutes; log: ${logFile})`);
    const started = Date.now();
    const out = fs.openSync(logFile, 'w');
    fs.writeSync(out, `cd ${CLUSTER_MODULE} && go ${args.join(' ')}\n`);
    const r = spawnSync('go', args, { cwd: CLUSTER_MODULE, env: goEnv(), stdio: ['ignore', out, out] });
    fs.closeSync(out);
    if (r.error || r.status !== 0) {
      fs.rmSync(tmp, { recursive: true, force: true });
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(`apiserver: go build failed (${r.error?.message ?? `exit ${r.status}`}); ${logFile} ends with:\n${tail}`);
    }
    fs.rmSync(dir, { recursive: true, force: true }); // an incomplete earlier copy
    fs.renameSync(tmp, dir);
    log(`apiserver: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return binariesIn(dir);
  } finally {
    release();
  }
}
