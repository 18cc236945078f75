// dist/ is committed: it must be exactly what synthesis produces now, and synthesis must be reproducible.
import { execFileSync, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { checkValues, withValues } from '../lib/todo-chatbot';
const { cacheKey, cachedBundle } = require('../scripts/synth-cache') as {
  cacheKey(root: string, inputs: readonly string[], nodeVersion?: string): string | undefined;
  cachedBundle(root: string, entry: string): string | undefined;
};
const { CHART_CACHE_FILE } = require('../scripts/helm-chart-cache') as { CHART_CACHE_FILE: string };

const root = path.resolve(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-dist-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every file below `dir`, by relative path, with its content. */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full, 'utf-8'));
    }
  };
  walk(dir);
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

function synth(outdir: string, ...args: string[]): string {
  return execFileSync('node', ['scripts/synth.js', '-o', outdir, ...args], { cwd: root, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const first = path.join(work, 'first');
const second = path.join(work, 'second');
synth(first);
synth(second);

test('dist/ is what `npm run synth` produces now (run it and commit dist/ when this fails)', () => {
  const fresh = tree(first);
  const committed = tree(path.join(root, 'dist'));
  expect([...committed.keys()]).toEqual([...fresh.keys()]);
  for (const [file, content] of fresh) expect(`${file}:\n${committed.get(file)}`).toBe(`${file}:\n${content}`);
});

test('two syntheses are byte-identical', () => {
  expect(tree(second)).toEqual(tree(first));
});

test('`cdk8s synth` writes the same files as `npm run synth`', () => {
  const out = path.join(work, 'cli');
  execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', out], {
    cwd: root, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(tree(out)).toEqual(tree(first));
});

test('dist/ holds no Secret object and no secret value', () => {
  const manifests = fs.readFileSync(path.join(first, 'todo-chatbot.k8s.yaml'), 'utf-8');
  expect(manifests).not.toMatch(/^kind: Secret$/m);
  expect(manifests).not.toMatch(/stringData/);
});

test('a values file changes the plain manifests, read before the output folder is cleared', () => {
  const out = path.join(work, 'with-values');
  fs.mkdirSync(out);
  const values = path.join(out, 'my-values.yaml');
  fs.writeFileSync(values, 'backend:\n  replicaCount: 3\n');
  synth(out, '-f', values);
  expect(fs.readFileSync(path.join(out, 'todo-chatbot.k8s.yaml'), 'utf-8')).toMatch(/^ {2}replicas: 3$/m);
  expect(fs.existsSync(values)).toBe(true);
});

test('a bad values file fails the synthesis with the value named, writing nothing', () => {
  const out = path.join(work, 'bad');
  const values = path.join(work, 'bad-values.yaml');
  fs.writeFileSync(values, 'frontend:\n  service:\n    nodePort: 80\n');
  expect(() => synth(out, '-f', values)).toThrow(/frontend\.service\.nodePort must be an integer from 30000 to 32767, got 80/);
  expect(fs.existsSync(out)).toBe(false);
});

// ---------------------------------------------------------------------------------------------------------------
// The synthesis cache (scripts/synth-cache.js): keyed on contents, relative to the checkout

/** A copy of the checkout (sources, scripts, cache; node_modules linked), while the original stays in place. */
function copyCheckout(to: string): string {
  const skip = new Set(['node_modules', 'dist', '.git', 'build', 'out']);
  fs.cpSync(root, to, { recursive: true, filter: (src) => src === root || !skip.has(path.relative(root, src).split(path.sep)[0]) });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(to, 'node_modules'));
  return to;
}

const chartVersionIn = (checkout: string, outdir: string) => {
  execFileSync('node', ['scripts/synth.js', '-o', outdir], { cwd: checkout, stdio: ['ignore', 'pipe', 'pipe'] });
  return /^version: (.*)$/m.exec(fs.readFileSync(path.join(outdir, 'helm', 'todo-chatbot', 'Chart.yaml'), 'utf-8'))?.[1];
};

test('a copied checkout synthesizes its own sources: an edit is seen even with the original\'s cache and modification time', () => {
  expect(fs.existsSync(path.join(root, '.cache', 'synth', 'main.inputs.json'))).toBe(true); // warmed by the syntheses above
  const copy = copyCheckout(path.join(work, 'copy'));
  const source = path.join(copy, 'lib', 'todo-chatbot', 'helm.ts');
  const original = fs.readFileSync(source, 'utf-8');
  const { mtime } = fs.statSync(path.join(root, 'lib', 'todo-chatbot', 'helm.ts'));
  expect(original).toMatch(/CHART_VERSION = '1\.0\.0'/);
  expect(chartVersionIn(copy, path.join(work, 'copy-unchanged'))).toBe('1.0.0');

  fs.writeFileSync(source, original.replace(/CHART_VERSION = '1\.0\.0'/, "CHART_VERSION = '9.8.7'"));
  fs.utimesSync(source, mtime, mtime); // an mtime-based cache would think nothing changed
  expect(chartVersionIn(copy, path.join(work, 'copy-edited'))).toBe('9.8.7');
  expect(chartVersionIn(root, path.join(work, 'original-after-copy'))).toBe('1.0.0');

  fs.writeFileSync(source, original); // newer than the bundle, but the same contents as when it was built
  expect(chartVersionIn(copy, path.join(work, 'copy-reverted'))).toBe('1.0.0');
});

test('the cache key covers the lockfile and the Node version; unchanged sources reuse the bundle', () => {
  const copy = copyCheckout(path.join(work, 'copy-lockfile'));
  execFileSync('node', ['scripts/synth.js', '-o', path.join(work, 'copy-lockfile-out')], { cwd: copy, stdio: 'ignore' });
  const bundle = cachedBundle(copy, 'main.ts');
  expect(bundle).toBeDefined();
  const builtAt = fs.statSync(bundle!).mtimeMs;
  execFileSync('node', ['scripts/synth.js', '-o', path.join(work, 'copy-lockfile-out')], { cwd: copy, stdio: 'ignore' });
  expect(cachedBundle(copy, 'main.ts')).toBe(bundle);
  expect(fs.statSync(bundle!).mtimeMs).toBe(builtAt);

  const inputs = JSON.parse(fs.readFileSync(path.join(copy, '.cache', 'synth', 'main.inputs.json'), 'utf-8')).inputs as string[];
  expect(inputs).toContain('main.ts');
  expect(inputs).toContain('lib/todo-chatbot/values.ts');
  expect(inputs.every((input) => !path.isAbsolute(input) && !input.startsWith('..'))).toBe(true);
  expect(cacheKey(copy, inputs, 'v0.0.0')).not.toBe(cacheKey(copy, inputs));
  expect(cacheKey(copy, [...inputs, 'lib/gone.ts'])).toBeUndefined();

  fs.appendFileSync(path.join(copy, 'package-lock.json'), '\n');
  expect(cachedBundle(copy, 'main.ts')).toBeUndefined();
});

test('the Helm chart kept beside the bundle follows the sources: an edit of a construct reaches the templates', () => {
  const copy = copyCheckout(path.join(work, 'copy-chart'));
  const run = (out: string) => {
    execFileSync('node', ['scripts/synth.js', '-o', path.join(work, out)], { cwd: copy, stdio: 'ignore' });
    return tree(path.join(work, out));
  };
  expect(run('chart-before')).toEqual(tree(first));
  expect(fs.existsSync(path.join(path.dirname(cachedBundle(copy, 'main.ts')!), CHART_CACHE_FILE))).toBe(true);

  const source = path.join(copy, 'lib', 'web-app.ts');
  const original = fs.readFileSync(source, 'utf-8');
  expect(original).toContain("HOSTNAME: '0.0.0.0'");
  fs.writeFileSync(source, original.replace("HOSTNAME: '0.0.0.0'", "HOSTNAME: '0.0.0.1'"));
  const edited = run('chart-edited');
  const template = edited.get(path.join('helm', 'todo-chatbot', 'templates', 'frontend-deployment.yaml'));
  expect(template).toMatch(/- name: HOSTNAME\n\s+value: 0\.0\.0\.1\n/);
  expect(edited.get('todo-chatbot.k8s.yaml')).toMatch(/- name: HOSTNAME\n\s+value: 0\.0\.0\.1\n/);

  fs.writeFileSync(source, original);
  expect(run('chart-reverted')).toEqual(tree(first));
});

test('the Helm chart does not depend on the values files: derived during a -f run, it is the chart of every run', () => {
  const copy = copyCheckout(path.join(work, 'copy-chart-values'));
  fs.rmSync(path.join(copy, '.cache'), { recursive: true, force: true });
  const values = path.join(work, 'chart-values.yaml');
  fs.writeFileSync(values, [
    'backend:', '  replicaCount: 4', '  service:', '    port: 8080',
    'frontend:', '  service:', '    type: ClusterIP', 'persistence:', '  enabled: false', '',
  ].join('\n'));
  const helmDir = (out: string) => new Map([...tree(path.join(work, out))].filter(([file]) => file.startsWith(`helm${path.sep}`)));
  // The first run after a change derives the chart (with this values file loaded) and keeps it.
  execFileSync('node', ['scripts/synth.js', '-o', path.join(work, 'chart-values-1'), '-f', values], { cwd: copy, stdio: 'ignore' });
  expect(fs.readFileSync(path.join(work, 'chart-values-1', 'todo-chatbot.k8s.yaml'), 'utf-8')).toMatch(/^ {2}replicas: 4$/m);
  expect(helmDir('chart-values-1')).toEqual(helmDir(path.relative(work, first)));
  execFileSync('node', ['scripts/synth.js', '-o', path.join(work, 'chart-values-2')], { cwd: copy, stdio: 'ignore' });
  expect(tree(path.join(work, 'chart-values-2'))).toEqual(tree(first));
});

test('a damaged or cut-short Helm chart entry is derived again; an intact one is what the synthesis writes', () => {
  const copy = copyCheckout(path.join(work, 'copy-chart-damaged'));
  const run = (out: string) => {
    execFileSync('node', ['scripts/synth.js', '-o', path.join(work, out)], { cwd: copy, stdio: 'ignore' });
    return tree(path.join(work, out));
  };
  run('damaged-0');
  const entry = path.join(path.dirname(cachedBundle(copy, 'main.ts')!), CHART_CACHE_FILE);
  const intact = fs.readFileSync(entry, 'utf-8');
  const [hash, payload] = [intact.slice(0, intact.indexOf('\n')), intact.slice(intact.indexOf('\n') + 1)];
  expect(hash).toBe(crypto.createHash('sha256').update(payload).digest('hex'));
  const chartYaml = path.join('helm', 'todo-chatbot', 'Chart.yaml');
  expect(payload).toContain('version: 1.0.0\\n');

  // Damaged: the content changed, its hash did not.
  fs.writeFileSync(entry, `${hash}\n${payload.replace('version: 1.0.0\\n', 'version: 6.6.6\\n')}`);
  expect(run('damaged-1')).toEqual(tree(first));
  expect(fs.readFileSync(entry, 'utf-8')).toBe(intact);
  // Cut short, empty, or not a list of files.
  for (const [i, damaged] of [intact.slice(0, intact.length / 2), '', `${crypto.createHash('sha256').update('{}').digest('hex')}\n{}`].entries()) {
    fs.writeFileSync(entry, damaged);
    expect(run(`damaged-${i + 2}`)).toEqual(tree(first));
    expect(fs.readFileSync(entry, 'utf-8')).toBe(intact);
  }

  // An entry whose hash matches is served as it is: the chart is not derived at every run.
  const served = payload.replace('version: 1.0.0\\n', 'version: 6.6.6\\n');
  fs.writeFileSync(entry, `${crypto.createHash('sha256').update(served).digest('hex')}\n${served}`);
  expect(run('damaged-served').get(chartYaml)).toMatch(/^version: 6\.6\.6$/m);
});

/** The packages a synthesis loads, from Node's module cache at exit (`ajv/dist/runtime` is ajv's small runtime). */
function loadedPackages(...args: string[]): string[] {
  const script = "process.on('exit', () => process.stdout.write(JSON.stringify(Object.keys(require.cache))));"
    + `process.argv = [process.argv[0], 'scripts/synth.js', ...${JSON.stringify(args)}]; require('./scripts/synth.js');`;
  const files = JSON.parse(execFileSync('node', ['-e', script], { cwd: root, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] })) as string[];
  return [...new Set(files.filter((f) => f.includes('node_modules')).map((f) => {
    const rel = f.slice(f.indexOf('node_modules') + 'node_modules/'.length).split(path.sep);
    return rel[1] === 'node_modules' ? rel.slice(0, 3).join('/') : rel[0] === 'ajv' ? rel.slice(0, 3).join('/') : rel[0];
  }))].sort();
}

test('synthesis loads one copy of yaml (cdk8s\'s), and no ajv compiler: the values schema is precompiled', () => {
  const plain = loadedPackages('-o', path.join(work, 'loaded-plain'));
  expect(plain).toContain('cdk8s');
  expect(plain).toContain('cdk8s/node_modules/yaml');
  expect(plain).not.toContain('yaml');
  expect(plain.filter((p) => p.startsWith('ajv'))).toEqual([]);

  const values = path.join(work, 'loaded-values.yaml');
  fs.writeFileSync(values, 'backend:\n  replicaCount: 2\n');
  const withValues = loadedPackages('-o', path.join(work, 'loaded-values'), '-f', values);
  expect(withValues.filter((p) => p.startsWith('ajv'))).toEqual(['ajv/dist/runtime']);
  expect(withValues).not.toContain('yaml');
});

test('the precompiled validator reports what ajv compiling the schema at run time reports', () => {
  const values = path.join(work, 'several-bad-values.yaml');
  fs.writeFileSync(values, 'frontend:\n  service:\n    nodePort: 80\n  replicaCount: -1\nbackend:\n  imag: x\n  service:\n    port: "80"\n');
  let atRunTime = '';
  try {
    checkValues(withValues(parse(fs.readFileSync(values, 'utf-8'))), values);
  } catch (e) {
    atRunTime = (e as Error).message;
  }
  expect(atRunTime.split('\n').length).toBeGreaterThan(3);
  const result = spawnSync('node', ['scripts/synth.js', '-o', path.join(work, 'several-bad'), '-f', values], { cwd: root, encoding: 'utf-8' });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain(atRunTime);
});

test('V8\'s code cache is kept beside the bundle, and a damaged one is replaced', () => {
  const copy = copyCheckout(path.join(work, 'copy-code-cache'));
  const run = (out: string) => execFileSync('node', ['scripts/synth.js', '-o', path.join(work, out)], { cwd: copy, stdio: 'ignore' });
  run('code-cache-1');
  const codeCache = `${cachedBundle(copy, 'main.ts')}.v8cache`;
  expect(fs.statSync(codeCache).size).toBeGreaterThan(1000);
  fs.writeFileSync(codeCache, 'not a code cache');
  run('code-cache-2');
  expect(fs.statSync(codeCache).size).toBeGreaterThan(1000);
  expect(tree(path.join(work, 'code-cache-2'))).toEqual(tree(first));
});
