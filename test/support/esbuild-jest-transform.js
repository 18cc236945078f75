// Jest transform: strip TypeScript types with esbuild. Type-checking is `tsc --noEmit`'s job in `npm test`;
// doing it again per test file (as ts-jest does) would triple the suite's run time.
'use strict';
const crypto = require('crypto');
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: filename.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha256').update(filename).update('\0').update(source).update('\0v1').digest('hex');
  },
};
