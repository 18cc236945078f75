#!/usr/bin/env node
// Runs scripts/build-images.ts (see there, or `--help`) on plain Node: esbuild strips the TypeScript types
// of each .ts file as it is required, as the jest transform does. No build step, nothing written to disk.
'use strict';
const fs = require('fs');
const { transformSync } = require('esbuild');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf-8'), {
    loader: 'ts', format: 'cjs', target: 'node20', sourcefile: filename,
  });
  module._compile(code, filename);
};

process.exitCode = require('./build-images.ts').main(process.argv.slice(2));
