#!/usr/bin/env node
// Runs main.ts fast: its bundle (types stripped, the project's own files in one file) is cached in
// .cache/synth/ and rebuilt when the contents of a source change (scripts/synth-cache.js). Type-checking is
// `tsc --noEmit`, run by `npm test` and CI, not by every synthesis.
'use strict';
const path = require('path');

const root = path.resolve(__dirname, '..');
require('./synth-cache').runBundled(root, 'main.ts');
