#!/usr/bin/env node
// Runs scripts/build-images.ts (see there, or `--help`) on plain Node.
'use strict';
require('./register-ts');

process.exitCode = require('./build-images.ts').main(process.argv.slice(2));
