#!/usr/bin/env node
// npm run bench: how close synthesis is to its floor, and the other ways to synthesize, as medians of CPU time
// (user + system of the process and its children, what a shared machine's load disturbs least) and of wall-clock
// time. The floor is what no synthesis can avoid: Node starting and requiring cdk8s. The app is the `app:` command
// of cdk8s.yaml, run as `cdk8s synth` runs it (with CDK8S_OUTDIR): with a warm cache (the sources unchanged since the
// last synthesis: the bundle and its Helm chart are read from .cache/synth) and a cold one (.cache/synth removed
// first: the bundle is built and the Helm chart derived). The commands take turns within one run, so that all see
// the same machine load. A benchmark, not a test: nothing here fails on a slow run. Needs bash (its `times`).
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parse } = require('yaml');

const root = path.resolve(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 11);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-bench-'));
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
const devValues = path.join(root, 'dist', 'helm', 'todo-chatbot', 'values-dev.yaml');

const synthCache = path.join(root, '.cache', 'synth');

const appCommand = parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf-8')).app;
if (typeof appCommand !== 'string' || /["'$`|&;<>\\]/.test(appCommand)) {
  throw new Error(`cdk8s.yaml: app must be a plain command, got ${JSON.stringify(appCommand)}`);
}
const [appProgram, ...appArgs] = appCommand.trim().split(/\s+/);

const appEnv = { CDK8S_OUTDIR: path.join(out, 'app') };
/** Named commands to time: [label, command, args, extra environment, before each run]. */
const commands = [
  ['floor: node -e "require(\'cdk8s\')"', 'node', ['-e', "require('cdk8s')"]],
  [`app, warm cache: ${appCommand} (CDK8S_OUTDIR, as cdk8s synth runs it)`, appProgram, appArgs, appEnv],
  ['app, cold cache: the same after removing .cache/synth (bundle built, Helm chart derived)', appProgram, appArgs, appEnv,
    () => fs.rmSync(synthCache, { recursive: true, force: true })],
  ['app with a values file: node scripts/synth.js -f values-dev.yaml', 'node', ['scripts/synth.js', '-o', path.join(out, 'values'), '-f', devValues]],
  ['npm run synth', 'npm', ['run', '--silent', 'synth', '--', '-o', path.join(out, 'npm')]],
  ['cdk8s synth (the CLI around the app)', path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', path.join(out, 'cli')]],
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One run of a command: { wall, cpu } in ms; cpu is what bash's `times` reports for its children. */
function timeOnce([label, command, args, extraEnv, before]) {
  before?.();
  const start = process.hrtime.bigint();
  const result = spawnSync('bash', ['-c', '"$@" >/dev/null || exit; times', 'bench', command, ...args],
    { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf-8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr}`);
  // `times`: the shell's own user and system time, then its children's ("0m0.210s 0m0.031s").
  const seconds = (text) => { const [, m, s] = /^(\d+)m([\d.]+)s$/.exec(text); return Number(m) * 60 + Number(s); };
  const [user, system] = result.stdout.trim().split('\n').pop().split(/\s+/).map(seconds);
  return { wall, cpu: (user + system) * 1000 };
}

// Warm the synth cache once, as a developer's second run would find it.
timeOnce(commands[1]);

// Round-robin: run i of every command before run i + 1 of any. The runs after a cold one find the cache it rebuilt
// (as a synthesis after an edit would).
const samples = commands.map(() => []);
for (let i = 0; i < runs; i++) commands.forEach((command, c) => samples[c].push(timeOnce(command)));
const medians = samples.map((runsOf) => ({ wall: median(runsOf.map((r) => r.wall)), cpu: median(runsOf.map((r) => r.cpu)) }));

// bench-many.ts times itself in process, so loading it through the TypeScript hook costs nothing measured.
const inProcess = (pairs) => ({ wall: median(Array.from({ length: Math.min(runs, 5) }, () => Number(execFileSync('node',
  ['-r', './scripts/register-ts.js', 'scripts/bench-many.ts', String(pairs), path.join(out, `many-${pairs}`)], { cwd: root, env }).toString()))) });
const rows = [
  ...commands.map(([label], c) => [label, medians[c]]),
  ['in-process synth of 1 ApiService + WebApp pair', inProcess(1)],
  ['in-process synth of 50 ApiService + WebApp pairs', inProcess(50)],
];
fs.rmSync(out, { recursive: true, force: true });

console.log(`median of ${runs} runs on ${os.cpus().length} cores (${os.cpus()[0].model}), Node ${process.version}; load average ${os.loadavg()[0].toFixed(1)}`);
const seconds = (ms) => (ms === undefined ? '' : (ms / 1000).toFixed(3)).padStart(8);
console.log(`${'CPU'.padStart(8)} ${'wall'.padStart(8)}`);
for (const [name, { cpu, wall }] of rows) console.log(`${seconds(cpu)} ${seconds(wall)} s  ${name}`);
const [floor, warm, cold] = medians;
const ratio = (app, what) => `${(app[what] / floor[what]).toFixed(2)} in ${what === 'cpu' ? 'CPU' : 'wall-clock'} time `
  + `(${((app[what] - floor[what]) / 1000).toFixed(3)} s above the floor)`;
console.log(`app / floor, warm cache: ${ratio(warm, 'cpu')}, ${ratio(warm, 'wall')}`);
console.log(`app / floor, cold cache: ${ratio(cold, 'cpu')}, ${ratio(cold, 'wall')}`);

// The Helm derivation against the number of structural settings: one synthesis per case, so linear (a synthetic
// chart whose objects do not grow with the settings, and the todo-chatbot chart itself; scripts/bench-derivation.ts).
console.log('Helm derivation, in process (median of 5):');
process.stdout.write(execFileSync('node', ['-r', './scripts/register-ts.js', 'scripts/bench-derivation.ts', '5', '10', '20', '40'],
  { cwd: root, env: { ...env, BENCH_RUNS: '5' } }).toString());
