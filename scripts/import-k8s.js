#!/usr/bin/env node
// Generates imports/k8s.ts exactly as `cdk8s import k8s@1.28.0` would, but from the schema committed in
// schemas/k8s/v1.28.0/_definitions.json instead of downloading it: this machine (and CI) has no internet
// beyond the npm registry. Online, `npx cdk8s import k8s@1.28.0 --language typescript` gives the same file.
'use strict';
const fs = require('fs');
const path = require('path');

const K8S_VERSION = '1.28.0';
const root = path.resolve(__dirname, '..');
const schemaFile = path.join(root, 'schemas', 'k8s', `v${K8S_VERSION}`, '_definitions.json');
// The CLI's package.json "exports" hides its internals, so reach them by file path.
const cliDir = path.dirname(require.resolve('cdk8s-cli/package.json'));

const util = require(path.join(cliDir, 'lib', 'util'));
util.download = async (url) => {
  if (!url.endsWith(`/v${K8S_VERSION}/_definitions.json`)) {
    throw new Error(`import-k8s: refusing to download ${url}; only the committed v${K8S_VERSION} schema is available`);
  }
  return fs.readFileSync(schemaFile, 'utf-8');
};

const { importDispatch } = require(path.join(cliDir, 'lib', 'import', 'dispatch'));

importDispatch([{ source: `k8s@${K8S_VERSION}` }], {}, {
  outdir: path.join(root, 'imports'),
  targetLanguage: 'typescript',
  save: false,
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
