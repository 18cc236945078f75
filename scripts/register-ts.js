// `node -r ./scripts/register-ts.js script.ts`: lets plain Node require TypeScript files, with esbuild
// stripping the types of each file as it is loaded (as the jest transform does). No build step, nothing
// written to disk; type-checking is `tsc --noEmit` in `npm test`.
'use strict';
const fs = require('fs');
const { transformSync } = require('esbuild');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf-8'), {
    loader: 'ts', format: 'cjs', target: 'node20', sourcefile: filename, sourcemap: 'inline',
  });
  module._compile(code, filename);
};
