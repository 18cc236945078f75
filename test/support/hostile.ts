// Runs the plain synthesis (`node scripts/synth.js`, as `npm run synth` does) and `helm template` as subprocesses,
// a few at a time, for the hostile-input suite.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { helmBinary } from './helm';

export { comparable, objectsOf } from './synth';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** What a command did. */
export interface Run { readonly status: number; readonly stdout: string; readonly stderr: string }

/** Runs a command to its end; never throws for a non-zero exit. */
export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout: Buffer.concat(out).toString('utf-8'), stderr: Buffer.concat(err).toString('utf-8') }));
    child.stdin.end(options.input ?? '');
  });
}

/** The environment of the plain synthesis in tests: no DEBUG (unless asked), no cdk8s or values variables. */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...extra };
  for (const key of ['DEBUG', 'CDK8S_OUTDIR', 'TODO_CHATBOT_VALUES']) if (!(key in extra)) delete env[key];
  return env;
}

/** `node scripts/synth.js ARGS`: the plain synthesis as `npm run synth -- ARGS` runs it. */
export function plainSynth(args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string | Buffer; cwd?: string } = {}): Promise<Run> {
  return run('node', [path.join(REPO_ROOT, 'scripts', 'synth.js'), ...args], { env: options.env ?? plainEnv(), input: options.input, cwd: options.cwd });
}

/** `helm template todo-chatbot CHART ARGS`, with helm's own folders in the temp dir. */
export function helmTemplate(chartDir: string, args: readonly string[], helmHome: string): Promise<Run> {
  return run(helmBinary(), ['template', 'todo-chatbot', chartDir, ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: helmHome,
      HELM_CACHE_HOME: path.join(helmHome, 'cache'),
      HELM_CONFIG_HOME: path.join(helmHome, 'config'),
      HELM_DATA_HOME: path.join(helmHome, 'data'),
      KUBECONFIG: path.join(helmHome, 'kubeconfig'),
    },
  });
}

/** Runs `tasks` with at most `limit` at a time (the machine has few cores). */
export async function inPool<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Every file below `dir` (links as `-> target`), by relative path, with its content. */
export function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isSymbolicLink()) files.set(path.relative(dir, full), `-> ${fs.readlinkSync(full)}`);
      else if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full, 'utf-8'));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

