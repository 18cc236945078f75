#!/usr/bin/env node
// Runs main.ts fast: esbuild strips the types and bundles the project's own files (node_modules stay
// external) into one cached file, rebuilt only when a source is newer. Type-checking is `tsc --noEmit`,
// run by `npm test` and CI, not by every synthesis.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const outfile = path.join(root, '.cache', 'synth', 'main.js');
const metafile = `${outfile}.inputs.json`;

function upToDate() {
  if (!fs.existsSync(outfile) || !fs.existsSync(metafile)) return false;
  const built = fs.statSync(outfile).mtimeMs;
  const inputs = JSON.parse(fs.readFileSync(metafile, 'utf-8'));
  return inputs.every((input) => fs.existsSync(input) && fs.statSync(input).mtimeMs <= built);
}

if (!upToDate()) {
  const result = require('esbuild').buildSync({
    entryPoints: [path.join(root, 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(root, input));
  fs.writeFileSync(metafile, JSON.stringify(inputs));
}

process.chdir(root === process.cwd() ? root : process.cwd());
require(outfile);
