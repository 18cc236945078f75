// dist/ is committed: it must be exactly what synthesis produces now, and synthesis must be reproducible.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

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
  expect(() => synth(out, '-f', values)).toThrow(/frontend\.service\.nodePort: must be >= 30000/);
  expect(fs.existsSync(out)).toBe(false);
});
