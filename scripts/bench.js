#!/usr/bin/env node
// npm run bench: median wall-clock times of the ways to synthesize, so regressions are visible.
// A benchmark, not a test: timings depend on the machine; nothing here fails on a slow run.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-bench-'));
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(command, args) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: root, env, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

// Warm the synth cache once, as a developer's second run would be.
execFileSync('node', ['scripts/synth.js', '-o', path.join(out, 'warm')], { cwd: root, env, stdio: 'ignore' });

// bench-many.ts times itself in process, so loading it through the TypeScript hook costs nothing measured.
const inProcess = (pairs) => median(Array.from({ length: runs }, () => Number(execFileSync('node',
  ['-r', './scripts/register-ts.js', 'scripts/bench-many.ts', String(pairs), path.join(out, `many-${pairs}`)], { cwd: root, env }).toString())));

const rows = [
  ['npm run synth (whole project: manifests + Helm chart)', time('npm', ['run', '--silent', 'synth', '--', '-o', path.join(out, 'npm')])],
  ['cdk8s synth (CLI, same app)', time(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', path.join(out, 'cli')])],
  ['node scripts/synth.js (no npm, no CLI)', time('node', ['scripts/synth.js', '-o', path.join(out, 'node')])],
  ['in-process synth of 1 ApiService + WebApp pair', inProcess(1)],
  ['in-process synth of 50 ApiService + WebApp pairs', inProcess(50)],
];
fs.rmSync(out, { recursive: true, force: true });

console.log(`median of ${runs} runs on ${os.cpus().length} cores (${os.cpus()[0].model})`);
for (const [name, ms] of rows) console.log(`${(ms / 1000).toFixed(3).padStart(8)} s  ${name}`);
