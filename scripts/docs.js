#!/usr/bin/env node
// `npm run docs` writes docs/data-model.md from the synthesized chart (see scripts/docs.ts);
// `npm run docs -- --check` only compares and exits 1 when the file is out of date.
'use strict';
require('./register-ts.js');

process.exitCode = require('./docs.ts').main(process.argv.slice(2));
