#!/usr/bin/env node
// npm run bench: how close synthesis is to its floor, and the other ways to synthesize, as median wall-clock
// times. The floor is what no synthesis can avoid: Node starting and requiring cdk8s. The app is the `app:`
// command of cdk8s.yaml, run as `cdk8s synth` runs it (with CDK8S_OUTDIR). Floor and app alternate within one
// run, so that both see the same machine load. A benchmark, not a test: nothing here fails on a slow run.
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

const appCommand = parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf-8')).app;
if (typeof appCommand !== 'string' || /["'$`|&;<>\\]/.test(appCommand)) {
  throw new Error(`cdk8s.yaml: app must be a plain command, got ${JSON.stringify(appCommand)}`);
}
const [appProgram, ...appArgs] = appCommand.trim().split(/\s+/);

/** Named commands to time: [label, command, args, extra environment]. */
const commands = [
  ['floor: node -e "require(\'cdk8s\')"', 'node', ['-e', "require('cdk8s')"]],
  [`app: ${appCommand} (CDK8S_OUTDIR, as cdk8s synth runs it)`, appProgram, appArgs, { CDK8S_OUTDIR: path.join(out, 'app') }],
  ['app with a values file: node scripts/synth.js -f values-dev.yaml', 'node', ['scripts/synth.js', '-o', path.join(out, 'values'), '-f', devValues]],
  ['npm run synth', 'npm', ['run', '--silent', 'synth', '--', '-o', path.join(out, 'npm')]],
  ['cdk8s synth (the CLI around the app)', path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', path.join(out, 'cli')]],
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeOnce([label, command, args, extraEnv]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr}`);
  return ms;
}

// Warm the synth cache once, as a developer's second run would be.
timeOnce(commands[1]);

// Round-robin: run i of every command before run i + 1 of any.
const samples = commands.map(() => []);
for (let i = 0; i < runs; i++) commands.forEach((command, c) => samples[c].push(timeOnce(command)));
const medians = samples.map(median);

// bench-many.ts times itself in process, so loading it through the TypeScript hook costs nothing measured.
const inProcess = (pairs) => median(Array.from({ length: Math.min(runs, 5) }, () => Number(execFileSync('node',
  ['-r', './scripts/register-ts.js', 'scripts/bench-many.ts', String(pairs), path.join(out, `many-${pairs}`)], { cwd: root, env }).toString())));
const rows = [
  ...commands.map(([label], c) => [label, medians[c]]),
  ['in-process synth of 1 ApiService + WebApp pair', inProcess(1)],
  ['in-process synth of 50 ApiService + WebApp pairs', inProcess(50)],
];
fs.rmSync(out, { recursive: true, force: true });

console.log(`median of ${runs} runs on ${os.cpus().length} cores (${os.cpus()[0].model}), Node ${process.version}; load average ${os.loadavg()[0].toFixed(1)}`);
for (const [name, ms] of rows) console.log(`${(ms / 1000).toFixed(3).padStart(8)} s  ${name}`);
const [floor, app] = medians;
console.log(`app / floor = ${(app / floor).toFixed(2)} (the app's own work: ${((app - floor) / 1000).toFixed(3)} s above the floor)`);

// The Helm derivation against the number of structural settings: one synthesis per case, so linear (a synthetic
// chart whose objects do not grow with the settings, and the todo-chatbot chart itself; scripts/bench-derivation.ts).
console.log('Helm derivation, in process (median of 5):');
process.stdout.write(execFileSync('node', ['-r', './scripts/register-ts.js', 'scripts/bench-derivation.ts', '5', '10', '20', '40'],
  { cwd: root, env: { ...env, BENCH_RUNS: '5' } }).toString());
