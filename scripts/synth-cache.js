// The bundle scripts/synth.js runs: esbuild strips the types of main.ts and of the project's own files and
// bundles them into one file (node_modules stay external), cached in .cache/synth/<key>/ where <key> hashes
// the CONTENTS of every bundled source (by path relative to the project root), package-lock.json, the Node
// version and this file. A copied or moved checkout, a `git checkout` that keeps modification times, or an
// edit within the same second therefore cannot be served a stale bundle; a hit costs hashing a few dozen
// files. Type-checking is `tsc --noEmit` (npm test), not part of synthesis.
//
// Two things make the bundle start faster than the sources would:
// - `yaml` is cdk8s's own copy (cdk8s bundles one; loading a second one costs time), when the versions match;
// - lib/todo-chatbot/values-validator.ts, which compiles values.schema.json with ajv at first use, is replaced
//   by ajv's standalone code for the same schema and options, generated here: a `-f` run neither loads ajv
//   nor compiles the schema;
// - lib/todo-chatbot/outputs.ts gets the Helm chart through scripts/helm-chart-cache.js, which derives it once per
//   bundle and keeps it beside the bundle (verified by its hash at every read): the chart depends on the code
//   alone, never on the values files, so only the plain manifests are synthesized at every run.
// The source map is a separate file, read only when DEBUG is set; V8's code cache of the bundle is kept beside it.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const CACHE_DIR = path.join('.cache', 'synth');
/** The module replaced by precompiled code, relative to the project root. */
const VALUES_VALIDATOR = 'lib/todo-chatbot/values-validator.ts';
/** The module that imports the Helm chart, and the module it gets it from in the bundle. */
const HELM_CHART_IMPORTER = 'lib/todo-chatbot/outputs.ts';
const HELM_CHART_CACHE = 'scripts/helm-chart-cache.js';

/** Project-relative, `/`-separated. */
const relative = (root, file) => path.relative(root, file).split(path.sep).join('/');

/** The cache key of `entry` built from `inputs` (relative paths); undefined when an input no longer exists. */
function cacheKey(root, inputs, nodeVersion = process.version) {
  const hash = crypto.createHash('sha256');
  const add = (label, content) => hash.update(`${label}\0${content.length}\0`).update(content);
  add('node', nodeVersion);
  add('builder', fs.readFileSync(__filename));
  const lockfile = path.join(root, 'package-lock.json');
  add('package-lock.json', fs.existsSync(lockfile) ? fs.readFileSync(lockfile) : '');
  for (const input of [...inputs].sort()) {
    let content;
    try {
      content = fs.readFileSync(path.join(root, input));
    } catch {
      return undefined;
    }
    add(input, content);
  }
  return hash.digest('hex').slice(0, 20);
}

/** Where the list of an entry's inputs is kept. */
const inputsFile = (root, entry) => path.join(root, CACHE_DIR, `${path.basename(entry, '.ts')}.inputs.json`);

/** The bundle of `entry` (relative to `root`) for the current sources, or undefined when there is none. */
function cachedBundle(root, entry) {
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(inputsFile(root, entry), 'utf-8')).inputs;
  } catch {
    return undefined;
  }
  if (!Array.isArray(inputs)) return undefined;
  const key = cacheKey(root, inputs);
  const bundle = key && path.join(root, CACHE_DIR, key, `${path.basename(entry, '.ts')}.js`);
  return bundle && fs.existsSync(bundle) ? bundle : undefined;
}

/** The path of the bundle of `entry` for the current sources, building it when needed. */
function bundlePath(root, entry) {
  const cached = cachedBundle(root, entry);
  if (cached) return cached;
  // esbuild plugins need its asynchronous API: build in a child process, so that this stays synchronous.
  require('child_process').execFileSync(process.execPath, [__filename, root, entry], { stdio: 'inherit' });
  const built = cachedBundle(root, entry);
  if (!built) throw new Error(`${CACHE_DIR}: the bundle of ${entry} was not written`);
  return built;
}

/** Runs `entry`'s bundle in this process (with source maps when DEBUG is set). */
function runBundled(root, entry) {
  const bundle = bundlePath(root, entry);
  if (process.env.DEBUG) {
    process.setSourceMapsEnabled(true);
    require(bundle);
  } else {
    runWithCodeCache(bundle);
  }
}

/**
 * Runs a CommonJS file as `require` would, with V8's code cache kept beside it (`<file>.v8cache`): the
 * functions compiled by one run are not compiled again by the next (Node 22's module.enableCompileCache()
 * does the same; Node 20 has no such switch). V8 checks the cache against the source and its own version and
 * flags, and a rejected cache is written anew.
 */
function runWithCodeCache(file) {
  const vm = require('vm');
  const { Module, createRequire } = require('module');
  const codeCache = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(codeCache);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf-8')), { filename: file, cachedData });
  const module = new Module(file, null);
  module.filename = file;
  require.cache[file] = module;
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  // After the run, the cache holds every function the synthesis compiled.
  if (cachedData === undefined || script.cachedDataRejected) {
    fs.writeFileSync(`${codeCache}.${process.pid}`, script.createCachedData());
    fs.renameSync(`${codeCache}.${process.pid}`, codeCache);
  }
}

/** esbuild plugin: `yaml` is cdk8s's bundled copy when it is the same version, so only one copy loads. */
function sharedYaml(root) {
  return {
    name: 'shared-yaml',
    setup(build) {
      const version = (request) => {
        try {
          return require(require.resolve(`${request}/package.json`, { paths: [root] })).version;
        } catch {
          return undefined;
        }
      };
      const own = version('yaml');
      if (own === undefined || version('cdk8s/node_modules/yaml') !== own) return;
      build.onResolve({ filter: /^yaml$/ }, () => ({ path: 'cdk8s/node_modules/yaml', external: true }));
    },
  };
}

/** esbuild plugin: VALUES_VALIDATOR becomes ajv's standalone code for the same schema and options. */
function precompiledValuesValidator(root) {
  return {
    name: 'precompiled-values-validator',
    setup(build) {
      build.onLoad({ filter: /values-validator\.ts$/ }, (args) => {
        if (relative(root, args.path) !== VALUES_VALIDATOR) return undefined;
        require('./register-ts.js');
        const { AJV_OPTIONS, valuesSchema } = require(args.path);
        const Ajv = require('ajv').default;
        const standaloneCode = require('ajv/dist/standalone').default;
        const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
        const code = standaloneCode(ajv, ajv.compile(valuesSchema));
        // Evaluated at first use, as the module it replaces compiles at first use: ajv's runtime helpers that
        // the code requires load only for a `-f` run.
        const contents = [
          '// Precompiled by scripts/synth-cache.js: ajv standalone code for values.schema.json.',
          'let validate;',
          'export function valuesValidator() {',
          '  if (!validate) {',
          '    const module = { exports: {} };',
          `    (function (module, exports) {\n${code}\n    })(module, module.exports);`,
          '    validate = module.exports;',
          '  }',
          '  return validate;',
          '}',
        ].join('\n');
        return {
          contents,
          loader: 'js',
          resolveDir: path.dirname(args.path),
        };
      });
    },
  };
}

/** esbuild plugin: HELM_CHART_IMPORTER's `./helm` becomes HELM_CHART_CACHE, the same module with its chart cached. */
function cachedHelmChart(root) {
  return {
    name: 'cached-helm-chart',
    setup(build) {
      build.onResolve({ filter: /^\.\/helm$/ }, (args) => (relative(root, args.importer) === HELM_CHART_IMPORTER
        ? { path: path.join(root, HELM_CHART_CACHE) }
        : undefined));
    },
  };
}

/** Builds the bundle of `entry` into .cache/synth/<key>/ and records its inputs. */
async function build(root, entry) {
  const cacheDir = path.join(root, CACHE_DIR);
  const name = path.basename(entry, '.ts');
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheDir, 'building-'));
  try {
    const result = await require('esbuild').build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(staging, `${name}.js`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'error',
      plugins: [sharedYaml(root), precompiledValuesValidator(root), cachedHelmChart(root)],
    });
    // metafile paths are relative to esbuild's working directory.
    const bundled = Object.keys(result.metafile.inputs).map((input) => relative(root, path.resolve(input)));
    // The precompiled validator depends on the modules loaded to generate it, too.
    const loaded = Object.keys(require.cache).map((file) => relative(root, file))
      .filter((file) => !file.startsWith('..') && !file.startsWith('node_modules/') && !file.startsWith('scripts/'));
    const inputs = [...new Set([...bundled, ...loaded])].sort();
    for (const expected of [VALUES_VALIDATOR, HELM_CHART_CACHE]) {
      if (!inputs.includes(expected)) throw new Error(`${entry} no longer bundles ${expected}: update scripts/synth-cache.js`);
    }
    const key = cacheKey(root, inputs);
    try {
      fs.renameSync(staging, path.join(cacheDir, key));
    } catch (e) {
      // Another synthesis built the same key first: keep its bundle.
      if (!['ENOTEMPTY', 'EEXIST'].includes(e.code)) throw e;
    }
    // Write the list last and atomically: it names a bundle that is complete.
    const list = inputsFile(root, entry);
    fs.writeFileSync(`${list}.${process.pid}`, JSON.stringify({ inputs }, null, 1));
    fs.renameSync(`${list}.${process.pid}`, list);
    // Bundles of other keys are out of date (or belong to a checkout that differs): remove them.
    for (const other of fs.readdirSync(cacheDir)) {
      if (/^[0-9a-f]{20}$/.test(other) && other !== key) fs.rmSync(path.join(cacheDir, other), { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

module.exports = { bundlePath, cacheKey, cachedBundle, runBundled, CACHE_DIR };

if (require.main === module) {
  const [root, entry] = process.argv.slice(2);
  build(root, entry).catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  });
}
