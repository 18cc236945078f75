// `npm run scan`: the security and best-practice scanners users run on Kubernetes manifests, on dist/ and on the
// Helm chart's renders (defaults, values-dev.yaml and the structural cases). Fails on any finding that is not waived
// with its reason in .checkov.yaml (checkov) or .kube-score.yaml (kube-score).
//
// Both are pinned and installed on first use outside the checkout (fresh clones reuse them): checkov from PyPI into a
// virtualenv, kube-score with `go install` through the Go module proxy.
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { HELM_YAML } from '../lib/helm/helm-chart';
import { helm } from '../test/support/helm';

const REPO_ROOT = path.join(__dirname, '..');
export const CHECKOV_VERSION = '3.3.30';
export const KUBE_SCORE_VERSION = 'v1.20.0';
const CHART = path.join(REPO_ROOT, 'dist', 'helm', 'todo-chatbot');

/**
 * The renders scanned besides dist/. The hostPath case is left out on purpose: it is an opt-in that Pod Security
 * "baseline" and "restricted" forbid (values.yaml says so), and every scanner rightly flags it.
 */
const RENDERS: Array<[string, Record<string, unknown> | string]> = [
  ['helm-defaults', {}],
  ['helm-values-dev', path.join(CHART, 'values-dev.yaml')],
  ['helm-persistence-pvc', { persistence: { enabled: true, type: 'pvc', storageClass: 'standard' } }],
  ['helm-secret-created', { secrets: { create: true, values: { DATABASE_URL: 'postgresql://u:p@h/db', JWT_SECRET: 'not-a-real-secret' } } }],
  ['helm-clusterip', { frontend: { service: { type: 'ClusterIP' } } }],
];

function toolsRoot(): string {
  return process.env.TODO_CHATBOT_CACHE
    ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'todo-chatbot-k8s');
}

function run(command: string, args: string[], options: SpawnSyncOptions = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.error) throw new Error(`scan: could not run ${command}: ${r.error.message}`);
  return { status: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function must(what: string, r: { status: number; stdout: string; stderr: string }): void {
  if (r.status !== 0) throw new Error(`scan: ${what} failed (exit ${r.status}):\n${(r.stderr || r.stdout).trim().split('\n').slice(-30).join('\n')}`);
}

/** checkov in its own virtualenv, `<cache>/checkov-<version>`; a `.complete` marker says the install finished. */
export function ensureCheckov(log: (line: string) => void = console.error): string {
  const venv = path.join(toolsRoot(), `checkov-${CHECKOV_VERSION}`);
  const checkov = path.join(venv, 'bin', 'checkov');
  if (fs.existsSync(path.join(venv, '.complete'))) return checkov;
  log(`scan: installing checkov ${CHECKOV_VERSION} from PyPI into ${venv}`);
  fs.rmSync(venv, { recursive: true, force: true });
  must('python3 -m venv', run('python3', ['-m', 'venv', venv]));
  must(`pip install checkov==${CHECKOV_VERSION}`, run(path.join(venv, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', `checkov==${CHECKOV_VERSION}`]));
  fs.writeFileSync(path.join(venv, '.complete'), `${CHECKOV_VERSION}\n`);
  return checkov;
}

/** kube-score, `go install`ed into `<cache>/kube-score-<version>`. */
export function ensureKubeScore(log: (line: string) => void = console.error): string {
  const bin = path.join(toolsRoot(), `kube-score-${KUBE_SCORE_VERSION}`);
  const kubeScore = path.join(bin, 'kube-score');
  if (fs.existsSync(kubeScore)) return kubeScore;
  log(`scan: go install github.com/zegl/kube-score/cmd/kube-score@${KUBE_SCORE_VERSION} into ${bin}`);
  must('go install kube-score', run('go', ['install', `github.com/zegl/kube-score/cmd/kube-score@${KUBE_SCORE_VERSION}`],
    { env: { ...process.env, GOBIN: bin, GOTOOLCHAIN: 'local', GOWORK: 'off', GOFLAGS: '-mod=mod' } }));
  return kubeScore;
}

/** dist/'s manifests and the chart's renders, one file each, in a new temporary folder. */
export function writeScanTargets(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-scan-'));
  fs.copyFileSync(path.join(REPO_ROOT, 'dist', 'todo-chatbot.k8s.yaml'), path.join(dir, 'dist.yaml'));
  for (const [name, values] of RENDERS) {
    let file = values as string;
    if (typeof values !== 'string') {
      file = path.join(dir, `${name}.values.yml`);
      fs.writeFileSync(file, stringify(values, HELM_YAML));
    }
    fs.writeFileSync(path.join(dir, `${name}.yaml`), helm(['template', 'todo-chatbot', CHART, '-f', file]));
    if (typeof values !== 'string') fs.rmSync(file);
  }
  return dir;
}

export interface Finding { scanner: 'checkov' | 'kube-score'; file: string; object: string; check: string; message: string }

/**
 * Checks waived for one kind of object only (checkov's skip-check is global): the `helm test` Pod runs one request
 * to completion, so it has no long-lived process for a liveness or readiness probe to watch.
 */
const OBJECT_WAIVERS: { check: string; object: RegExp }[] = [
  { check: 'CKV_K8S_8', object: /^Pod\.[^.]+\.[a-z0-9-]*-test-backend-health$/ },
  { check: 'CKV_K8S_9', object: /^Pod\.[^.]+\.[a-z0-9-]*-test-backend-health$/ },
];

/** checkov's failed checks, after the waivers in .checkov.yaml (its `skip-check`) and OBJECT_WAIVERS. */
export function checkovFindings(checkov: string, dir: string): Finding[] {
  const r = run(checkov, ['--config-file', path.join(REPO_ROOT, '.checkov.yaml'), '--directory', dir,
    '--framework', 'kubernetes', '--output', 'json', '--compact', '--quiet', '--skip-download'], { cwd: dir });
  if (r.status !== 0 && r.status !== 1) must('checkov', r);
  const parsed = JSON.parse(r.stdout || '{}');
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  return reports.flatMap((report: any) => (report.results?.failed_checks ?? []).map((c: any) => ({
    scanner: 'checkov' as const,
    file: path.basename(c.file_path ?? c.repo_file_path ?? ''),
    object: String(c.resource ?? ''),
    check: c.check_id,
    message: c.check_name,
  }))).filter((f: Finding) => !OBJECT_WAIVERS.some((w) => w.check === f.check && w.object.test(f.object)));
}

/** The kube-score tests waived in .kube-score.yaml, each with its reason. */
export function kubeScoreWaivers(): Array<{ test: string; reason: string }> {
  const config = parse(fs.readFileSync(path.join(REPO_ROOT, '.kube-score.yaml'), 'utf8'));
  const waivers = config?.ignore ?? [];
  for (const w of waivers) {
    if (!w.test || !w.reason) throw new Error(`.kube-score.yaml: every ignore entry needs a test and a reason, got ${JSON.stringify(w)}`);
  }
  return waivers;
}

/** kube-score's warnings and criticals, with the waived tests ignored. */
export function kubeScoreFindings(kubeScore: string, dir: string): Finding[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const ignores = kubeScoreWaivers().flatMap((w) => ['--ignore-test', w.test]);
  const findings: Finding[] = [];
  for (const file of files) {
    const r = run(kubeScore, ['score', '--output-format', 'json', ...ignores, path.join(dir, file)]);
    if (r.status !== 0 && r.status !== 1) must(`kube-score ${file}`, r);
    for (const object of JSON.parse(r.stdout)) {
      for (const check of object.checks ?? []) {
        if (check.skipped || check.grade >= 10) continue; // 10: all OK; 1: critical; 5: warning
        const comments = (check.comments ?? []).map((c: any) => `${c.path ? `${c.path}: ` : ''}${c.summary}`).join('; ');
        findings.push({
          scanner: 'kube-score',
          file,
          object: `${object.type_meta?.kind}/${object.object_meta?.name}`,
          check: check.check.id,
          message: `${check.check.name}: ${comments}`,
        });
      }
    }
  }
  return findings;
}

function main(): number {
  const checkov = ensureCheckov();
  const kubeScore = ensureKubeScore();
  const dir = writeScanTargets();
  try {
    const findings = [...checkovFindings(checkov, dir), ...kubeScoreFindings(kubeScore, dir)];
    const scanned = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().join(', ');
    if (findings.length === 0) {
      console.log(`scan: checkov ${CHECKOV_VERSION} and kube-score ${KUBE_SCORE_VERSION}: no findings in ${scanned}`);
      return 0;
    }
    for (const f of findings) console.log(`${f.scanner} ${f.check} ${f.file} ${f.object}: ${f.message}`);
    console.log(`scan: ${findings.length} finding(s) in ${scanned}; fix them, or waive each with its reason in .checkov.yaml / .kube-score.yaml`);
    return 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
  }
}
