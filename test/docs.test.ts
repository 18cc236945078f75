// The docs stay true to the code: docs/data-model.md is what scripts/docs.ts generates now, and the quickstart's
// commands that need no cluster really run (synth, helm lint/template/package, and every helm install/upgrade
// rendered with helm template), while the objects, values, labels and numbers it names exist in the chart.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHART_NAME, SERVER_API_URL_ENV, valuesModel } from '../lib/todo-chatbot';
import { parseQuantity } from '../lib/validation';
import { leavesOf, structuralSettingsOf } from '../lib/values-model';
import { DATA_MODEL_FILE, renderDataModel, synthVariant, variantLabel, VARIANTS } from '../scripts/docs';
import { helm, kubectlBinary } from './support/helm';

const root = path.resolve(__dirname, '..');
const quickstartFile = path.join(root, 'docs', 'quickstart.md');
const quickstart = fs.readFileSync(quickstartFile, 'utf-8');

/** Every object the chart can create, over all the variants the data model is synthesized in. */
const objects = VARIANTS.flatMap(synthVariant);
const valuePaths = new Set(leavesOf(valuesModel).flatMap(({ path: p }) => p.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))));

// ---------------------------------------------------------------------------------------------------------------
// docs/data-model.md

describe('docs/data-model.md', () => {
  const rendered = renderDataModel();

  test('is what `npm run docs` generates now', () => {
    const committed = fs.readFileSync(path.join(root, DATA_MODEL_FILE), 'utf-8');
    if (committed !== rendered) {
      throw new Error(`${DATA_MODEL_FILE} is out of date: run \`npm run docs\` and commit it.`);
    }
  });

  test('is deterministic', () => {
    expect(renderDataModel()).toBe(rendered);
  });

  test('describes every object the chart can create, and every value', () => {
    for (const o of objects) expect(rendered).toContain(`### ${o.kind} \`${o.metadata.name}\``);
    for (const { path: p } of leavesOf(valuesModel)) expect(rendered).toContain(`| \`${p}\` |`);
    expect(rendered).toContain('```mermaid\nflowchart LR');
  });

  test('every structural case of the values model is a variant, with its differences shown', () => {
    for (const { path: p, cases } of structuralSettingsOf(valuesModel)) {
      for (const c of cases.slice(1)) {
        const covered = VARIANTS.some((v) => p in v.settings && JSON.stringify(v.settings[p]) === JSON.stringify(c));
        expect(`${p}=${JSON.stringify(c)}: ${covered}`).toBe(`${p}=${JSON.stringify(c)}: true`);
      }
    }
    expect(VARIANTS.length).toBeGreaterThan(10);
    for (const v of VARIANTS.slice(1)) expect(rendered).toContain(`### \`${variantLabel(v)}\`\n\nCompared with `);
  });

  test('the diagram declares every node its arrows join', () => {
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(rendered)![1];
    const declared = new Set([...diagram.matchAll(/^ {2}(\w+)[[(]/gm)].map((m) => m[1]));
    const joined = [...diagram.matchAll(/^ {2}(\w+) -(?:-|\.-)>\|"[^"]*"\| (\w+)$/gm)].flatMap((m) => [m[1], m[2]]);
    expect(joined.length).toBeGreaterThan(10);
    expect([...new Set(joined)].filter((id) => !declared.has(id))).toEqual([]);
  });

  test('shows no secret value', () => {
    const hidden = VARIANTS.flatMap((v) => Object.values(v.hidden ?? {})).map(String);
    expect(hidden.length).toBeGreaterThan(0);
    for (const value of hidden) expect(rendered).not.toContain(value);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Reading the quickstart's shell commands

/** A shell command: its words, with `$(minikube ip)` replaced and any other expansion marked. */
interface Command { words: string[]; text: string; unresolved: boolean }

const MINIKUBE_IP = '192.168.49.2';
const UNRESOLVED = '\u0000';

/** The commands of a bit of shell, split at `&&`, `||`, `;`, `|` and newlines; comments dropped. */
function shellCommands(source: string): Command[] {
  const commands: Command[] = [];
  let words: string[] = [];
  let word: string | undefined;
  let start = 0;
  const endWord = () => { if (word !== undefined) words.push(word); word = undefined; };
  const endCommand = (i: number) => {
    endWord();
    if (words.length) commands.push({ words, text: source.slice(start, i).trim(), unresolved: words.some((w) => w.includes(UNRESOLVED)) });
    words = [];
    start = i + 1;
  };
  const substitution = (i: number): [string, number] => {
    // `$(...)` at i: returns its replacement and the index of the closing parenthesis.
    let depth = 0;
    for (let j = i + 1; j < source.length; j++) {
      if (source[j] === '(') depth++;
      if (source[j] === ')' && --depth === 0) {
        return [source.slice(i + 2, j).trim() === 'minikube ip' ? MINIKUBE_IP : UNRESOLVED, j];
      }
    }
    throw new Error(`unclosed $( in ${source}`);
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\' && source[i + 1] === '\n') { i++; continue; }
    if (c === '\n' || c === ';') { endCommand(i); continue; }
    if (c === '&' && source[i + 1] === '&') { endCommand(i); i++; start = i + 1; continue; }
    if (c === '|') { endCommand(i); if (source[i + 1] === '|') { i++; start = i + 1; } continue; }
    if (c === ' ' || c === '\t') { endWord(); continue; }
    if (c === '#' && word === undefined) { while (i + 1 < source.length && source[i + 1] !== '\n') i++; continue; }
    if (c === "'") {
      const end = source.indexOf("'", i + 1);
      word = (word ?? '') + source.slice(i + 1, end);
      i = end;
      continue;
    }
    if (c === '"') {
      word = word ?? '';
      for (i++; source[i] !== '"'; i++) {
        if (source[i] === '$' && source[i + 1] === '(') { const [text, end] = substitution(i); word += text; i = end; } else if (source[i] === '$') word += UNRESOLVED;
        else if (source[i] === '\\') word += source[++i];
        else word += source[i];
      }
      continue;
    }
    if (c === '$' && source[i + 1] === '(') { const [text, end] = substitution(i); word = (word ?? '') + text; i = end; continue; }
    if (c === '$') { word = (word ?? '') + UNRESOLVED; continue; }
    if (c === '\\') { word = (word ?? '') + source[++i]; continue; }
    word = (word ?? '') + c;
  }
  endCommand(source.length);
  return commands;
}

/** The fenced blocks of a markdown text with their info string. */
function fencedBlocks(markdown: string): Array<{ info: string; body: string }> {
  return [...markdown.matchAll(/^ *```(\w*)[^\n]*\n([\s\S]*?)^ *```$/gm)].map((m) => ({ info: m[1], body: m[2] }));
}

const bashCommands = fencedBlocks(quickstart).filter((b) => b.info === 'bash').flatMap((b) => shellCommands(b.body));

/** The other documents with commands for a user: the README and docker/README.md (bash blocks and code spans). */
const otherDocs = ['README.md', 'docker/README.md'].map((file) => ({ file, text: fs.readFileSync(path.join(root, file), 'utf-8') }));
const otherDocsBashCommands = otherDocs.flatMap(({ text }) => fencedBlocks(text).filter((b) => b.info === 'bash').flatMap((b) => shellCommands(b.body)));
/** ... and their commands quoted inline, in prose (some with placeholders, such as `helm template -f V`). */
const otherDocsCommands = [...otherDocsBashCommands, ...otherDocs.flatMap(({ text }) => [...text.matchAll(/`((?:kubectl|helm|minikube)\s[^`]+)`/g)]
  .flatMap((m) => shellCommands(m[1].replace(/\s*\n\s*/g, ' '))))];
/** NOTES.txt as the chart ships it. */
const notesTxt = fs.readFileSync(path.join(root, 'dist', 'helm', CHART_NAME, 'templates', 'NOTES.txt'), 'utf-8');
/** Commands quoted inline (`kubectl ...`, `helm ...`, `minikube ...`), in tables and prose. */
const inlineCommands = [...quickstart.matchAll(/`((?:kubectl|helm|minikube|npm run synth)\s[^`]+)`/g)]
  .flatMap((m) => shellCommands(m[1].replace(/\s*\n\s*/g, ' '))); // a line break in a code span is a space
const allCommands = [...bashCommands, ...inlineCommands];

/** Values files the quickstart shows as ```yaml blocks whose first line is `# file: NAME`. */
const valuesFiles = fencedBlocks(quickstart).filter((b) => b.info === 'yaml')
  .map((b) => ({ name: /^# file: (\S+)\n/.exec(b.body)?.[1], body: b.body }))
  .filter((f): f is { name: string; body: string } => f.name !== undefined);

const startsWith = (words: string[], ...prefix: string[]) => prefix.every((p, i) => words[i] === p);

describe('reading the quickstart', () => {
  test('shell words, quotes, continuations, comments and command separators', () => {
    const cmds = shellCommands('npm run synth && kubectl apply -f dist  # note\n'
      + 'helm upgrade x c --set a="http://$(minikube ip):30000" \\\n  --set b=\'q w\'\n'
      + 'eval "$(minikube docker-env)"; minikube image ls | grep todo-');
    expect(cmds.map((c) => c.words)).toEqual([
      ['npm', 'run', 'synth'], ['kubectl', 'apply', '-f', 'dist'],
      ['helm', 'upgrade', 'x', 'c', '--set', `a=http://${MINIKUBE_IP}:30000`, '--set', 'b=q w'],
      ['eval', UNRESOLVED], ['minikube', 'image', 'ls'], ['grep', 'todo-'],
    ]);
    expect(cmds[3].unresolved).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The quickstart's commands that need no cluster, run for real

describe('the quickstart commands that need no cluster run', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-quickstart-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  fs.cpSync(path.join(root, 'dist'), path.join(work, 'dist'), { recursive: true });
  for (const f of valuesFiles) fs.writeFileSync(path.join(work, f.name), f.body);

  /** helm install/upgrade flags that `helm template` has no use for. */
  const UPGRADE_ONLY = new Set(['--reuse-values', '--reset-values', '--reset-then-reuse-values', '--install']);
  const ran: Record<string, number> = {};
  const count = (kind: string) => { ran[kind] = (ran[kind] ?? 0) + 1; };

  test('the values files of the `# file:` blocks exist', () => {
    expect(valuesFiles.map((f) => f.name)).toEqual(expect.arrayContaining(['my-values.yaml', 'persistence-values.yaml', 'hostpath-values.yaml']));
  });

  // One test per command, in the order of the guide (code blocks, then commands quoted inline), all in the same
  // scratch folder: later commands use what earlier ones wrote, such as the packaged chart. A command named in
  // prose without arguments (`helm install`) is not one to run.
  const runnable = [...bashCommands, ...inlineCommands, ...otherDocsBashCommands].filter((c) => c.words.length > 2
    && ['synth', 'template', 'lint', 'package', 'install', 'upgrade'].some((k) => startsWith(c.words, 'npm', 'run', k) || startsWith(c.words, 'helm', k)));
  test.each(runnable.map((c) => [c.text, c]))('%s', (_text, command) => {
    const { words } = command as Command;
    expect(command.unresolved).toBe(false);
    if (startsWith(words, 'npm', 'run')) {
      expect(words[2]).toBe('synth');
      const dash = words.indexOf('--');
      const args = dash < 0 ? words.slice(3) : words.slice(dash + 1);
      expect(dash < 0 ? words.length : dash).toBe(3);
      // `npm run synth` is `node scripts/synth.js`; run from the scratch folder, its default output (dist) and
      // any -o folder land there, never in the repository.
      execFileSync('node', [path.join(root, 'scripts', 'synth.js'), ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
      const outdir = args.includes('-o') ? args[args.indexOf('-o') + 1] : 'dist';
      expect(fs.existsSync(path.join(work, outdir, `${CHART_NAME}.k8s.yaml`))).toBe(true);
      count('synth');
      return;
    }
    const sub = words[1];
    if (sub === 'install' || sub === 'upgrade') {
      // The release is named after the chart, but for the README's second release (test/second-release.test.ts).
      expect([CHART_NAME, 'staging']).toContain(words[2]);
      const out = helm(['template', ...words.slice(2).filter((w) => !UPGRADE_ONLY.has(w))], { cwd: work });
      expect(out).toMatch(/^kind: Deployment$/m);
      count(sub);
      return;
    }
    const out = helm(words.slice(1), { cwd: work });
    if (sub === 'lint') expect(out).toMatch(/0 chart\(s\) failed/);
    if (sub === 'template') expect(out).toMatch(/^kind: Deployment$/m);
    if (sub === 'package') expect(out).toMatch(/Successfully packaged chart/);
    count(sub);
  });

  test('each kind of command was found and run', () => {
    for (const kind of ['synth', 'lint', 'template', 'package', 'install', 'upgrade']) {
      expect(`${kind}: ${ran[kind] ?? 0}`).toMatch(new RegExp(`^${kind}: [1-9]`));
    }
    expect(bashCommands.some((c) => c.text === 'npm run synth && kubectl apply -f dist' || startsWith(c.words, 'npm', 'run', 'synth'))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Names, labels, values and numbers the quickstart mentions

const KINDS: Record<string, string> = {
  deploy: 'Deployment', deployment: 'Deployment', deployments: 'Deployment',
  svc: 'Service', service: 'Service', services: 'Service', endpoints: 'Service', ep: 'Service',
  pvc: 'PersistentVolumeClaim', persistentvolumeclaim: 'PersistentVolumeClaim', persistentvolumeclaims: 'PersistentVolumeClaim',
  cm: 'ConfigMap', configmap: 'ConfigMap', configmaps: 'ConfigMap',
  secret: 'Secret', secrets: 'Secret',
};
const FLAGS_WITH_VALUE = new Set(['-n', '--namespace', '-l', '--selector', '-o', '--output', '-f', '--filename', '-c', '--container',
  '--tail', '--sort-by', '--for', '--timeout', '--replicas', '--since', '-p', '--profile']);

const exists = (kind: string, name: string) => objects.some((o) => o.kind === kind && o.metadata?.name === name);

/** Every `kind/name` and `kubectl <verb> kind name...` reference of a command, with the container of `set image`. */
function references(command: Command): Array<{ kind: string; name: string; container?: string }> {
  const [tool, ...rest] = command.words;
  const refs: Array<{ kind: string; name: string; container?: string }> = [];
  if (tool === 'minikube' && rest[0] === 'service' && rest[1] && !rest[1].startsWith('-')) refs.push({ kind: 'Service', name: rest[1] });
  if (tool !== 'kubectl') return refs;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--') break;
    if (rest[i].startsWith('-')) { if (FLAGS_WITH_VALUE.has(rest[i])) i++; continue; }
    positional.push(rest[i]);
  }
  for (const p of positional) {
    const m = /^([a-z]+)\/([a-z0-9][a-z0-9.-]*)$/.exec(p);
    if (m && KINDS[m[1]]) refs.push({ kind: KINDS[m[1]], name: m[2] });
  }
  const [verb, kindWord, ...names] = positional;
  if (['get', 'describe', 'delete', 'edit', 'scale', 'label', 'annotate', 'patch'].includes(verb) && KINDS[kindWord]) {
    for (const name of names) refs.push({ kind: KINDS[kindWord], name });
  }
  if (verb === 'create' && kindWord === 'secret' && names[1] !== undefined) refs.push({ kind: 'Secret', name: names[1] });
  if (verb === 'set' && kindWord === 'image') {
    const target = /^([a-z]+)\/(.+)$/.exec(names[0]);
    for (const assignment of names.slice(1)) {
      refs.push({ kind: KINDS[target![1]], name: target![2], container: assignment.split('=')[0] });
    }
  }
  return refs;
}

describe('what the quickstart names exists in the chart', () => {
  test('every object a kubectl or minikube command names', () => {
    // Upper-case words (`NAME`) are placeholders in prose: object names are lower-case DNS names.
    const refs = allCommands.flatMap(references).filter((r) => /^[a-z0-9][a-z0-9.-]*$/.test(r.name));
    expect(refs.length).toBeGreaterThan(20);
    const missing = refs.filter((r) => !exists(r.kind, r.name)).map((r) => `${r.kind}/${r.name}`);
    expect(missing).toEqual([]);
    for (const r of refs.filter((x) => x.container)) {
      const d = objects.find((o) => o.kind === r.kind && o.metadata.name === r.name)!;
      expect(`${r.name}: ${d.spec.template.spec.containers.map((c: any) => c.name).join(',')}`).toContain(r.container);
    }
  });

  test('every `kind/name` anywhere in the text', () => {
    const mentioned = [...quickstart.matchAll(/\b([a-z]+)\/([a-z0-9][a-z0-9.-]*[a-z0-9])\b/g)]
      .filter((m) => KINDS[m[1]]).map((m) => ({ kind: KINDS[m[1]], name: m[2] }));
    expect(mentioned.length).toBeGreaterThan(10);
    expect(mentioned.filter((r) => !exists(r.kind, r.name)).map((r) => `${r.kind}/${r.name}`)).toEqual([]);
  });

  test('every label selector (-l) selects pods of the chart', () => {
    const selectorsOf = (kinds: (k: string) => boolean) => allCommands.filter((c) => c.words[0] === 'kubectl' && kinds(c.words[2] ?? ''))
      .flatMap((c) => c.words.flatMap((w, i) => (['-l', '--selector'].includes(w) ? [c.words[i + 1]] : [])));
    // An EndpointSlice's selector names its Service.
    const sliceSelectors = selectorsOf((k) => k.startsWith('endpointslice'));
    expect(sliceSelectors.length).toBeGreaterThan(1);
    for (const selector of sliceSelectors) {
      const service = /^kubernetes\.io\/service-name=([a-z0-9-]+)$/.exec(selector)?.[1];
      expect(`${selector}: ${service !== undefined && exists('Service', service)}`).toBe(`${selector}: true`);
    }
    const selectors = selectorsOf((k) => !k.startsWith('endpointslice'));
    expect(selectors.length).toBeGreaterThan(3);
    const podLabels = objects.filter((o) => o.kind === 'Deployment').map((d) => d.spec.template.metadata.labels as Record<string, string>);
    for (const selector of new Set(selectors)) {
      const pairs = selector.split(',').map((p) => p.split('='));
      expect(`${selector}: ${podLabels.some((labels) => pairs.every(([k, v]) => labels[k] === v))}`).toBe(`${selector}: true`);
    }
  });

  test('every helm release name, --set value and value path in code spans', () => {
    // (`helm install` alone, in prose, names the command rather than running it.)
    for (const c of allCommands.filter((x) => x.words[0] === 'helm' && x.words.length > 2)) {
      if (['install', 'upgrade', 'uninstall', 'rollback', 'history', 'status'].includes(c.words[1])) expect(c.words[2]).toBe(CHART_NAME);
      if (c.words[1] === 'get') expect(c.words[3]).toBe(CHART_NAME);
    }
    // The guide's one deliberate typo must stay one.
    const DELIBERATE_TYPOS = ['frontend.replicas'];
    for (const typo of DELIBERATE_TYPOS) expect(valuePaths.has(typo)).toBe(false);
    const setPaths = [...quickstart.matchAll(/--set ([^\s`]+)/g)]
      .flatMap((m) => m[1].split(/,(?=[A-Za-z])/).map((a) => a.split('=')[0]));
    const spans = [...quickstart.matchAll(/`([a-z][A-Za-z]*(?:\.[A-Za-z][A-Za-z0-9_]*)+)(?:=[^`]*)?`/g)].map((m) => m[1])
      .filter((p) => Object.keys(valuesModel.fields).includes(p.split('.')[0]) && !/\.(ya?ml|json|example|md|ts|js)$/.test(p));
    const unknown = [...setPaths, ...spans].filter((p) => !valuePaths.has(p) && !DELIBERATE_TYPOS.includes(p));
    expect(setPaths.length).toBeGreaterThan(5);
    expect(unknown).toEqual([]);
  });

  test('the node port and the startup allowances are the chart\'s', () => {
    const defaults = synthVariant(VARIANTS[0]);
    const frontendService = defaults.find((o) => o.kind === 'Service' && o.spec.type === 'NodePort')!;
    const nodePort = frontendService.spec.ports[0].nodePort;
    const ports = [...quickstart.matchAll(/\b(3[0-2]\d{3})\b/g)].map((m) => Number(m[1])).filter((p) => p >= 30000 && p <= 32767);
    expect(ports.length).toBeGreaterThan(5);
    expect([...new Set(ports)]).toEqual([nodePort]);

    const startupOf = (component: string) => {
      const d = defaults.find((o) => o.kind === 'Deployment' && o.metadata.labels['app.kubernetes.io/component'] === component)!;
      return d.spec.template.spec.containers[0].startupProbe;
    };
    for (const component of ['backend', 'frontend']) {
      const probe = startupOf(component);
      const stated = new RegExp(`the ${component} has \\*\\*(\\d+) s\\*\\* to start`).exec(quickstart.replace(/\n\s*/g, ' '));
      expect(`${component}: ${stated?.[1]} s`).toBe(`${component}: ${probe.initialDelaySeconds + probe.periodSeconds * probe.failureThreshold} s`);
    }
    const backend = startupOf('backend');
    expect(/\((\d+) tries, (\d+) s apart\)/.exec(quickstart)?.slice(1).map(Number)).toEqual([backend.failureThreshold, backend.periodSeconds]);
    const allowances = [...quickstart.matchAll(/(\d+) s startup allowance/g)].map((m) => Number(m[1]));
    expect(allowances.length).toBeGreaterThan(0);
    for (const a of allowances) expect(a).toBe(backend.initialDelaySeconds + backend.periodSeconds * backend.failureThreshold);
  });

  test('the resource requests stated are the chart\'s', () => {
    const text = quickstart.replace(/\n\s*/g, ' ');
    const containers = synthVariant(VARIANTS[0]).filter((o) => o.kind === 'Deployment')
      .map((d) => ({ component: d.metadata.labels['app.kubernetes.io/component'], replicas: d.spec.replicas, requests: d.spec.template.spec.containers[0].resources.requests }));
    const millis = (q: string) => Math.round(parseQuantity(q)! * 1000);
    const mebis = (q: string) => parseQuantity(q)! / 2 ** 20;
    const total = /requests at (\S+) CPU and (\S+) of memory/.exec(text);
    expect(total?.slice(1)).toEqual([
      `${containers.reduce((sum, c) => sum + millis(c.requests.cpu) * c.replicas, 0)}m`,
      `${containers.reduce((sum, c) => sum + mebis(c.requests.memory) * c.replicas, 0)}Mi`,
    ]);
    const each = [...text.matchAll(/Each (frontend|backend) pod requests (\S+) CPU and (\w+)/g)];
    expect(each.length).toBeGreaterThan(0);
    for (const [, component, cpu, memory] of each) {
      const c = containers.find((x) => x.component === component)!;
      expect(`${component}: ${cpu} ${memory}`).toBe(`${component}: ${c.requests.cpu} ${c.requests.memory}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The facts a first deploy depends on, which need a cluster to run (issue 15): pinned here.

describe('what a first deploy on minikube depends on', () => {
  const userDocs = [{ file: 'docs/quickstart.md', text: quickstart }, ...otherDocs, { file: 'NOTES.txt', text: notesTxt }];
  const commandsOf = (text: string) => [
    ...fencedBlocks(text).filter((b) => b.info === 'bash').flatMap((b) => shellCommands(b.body)),
    ...[...text.matchAll(/`((?:kubectl|helm|minikube)\s[^`]+)`/g)].flatMap((m) => shellCommands(m[1].replace(/\s*\n\s*/g, ' '))),
  ];

  test('helm upgrade keeps the user\'s values with --reset-then-reuse-values, never --reuse-values, and the Helm it needs is stated', () => {
    // (Prose may explain what --reuse-values does wrong; no command uses it.)
    for (const { file, text } of userDocs) {
      expect(`${file}: ${commandsOf(text).filter((c) => c.words.includes('--reuse-values')).map((c) => c.text)}`).toBe(`${file}: `);
    }
    expect(notesTxt).not.toContain('--reuse-values');
    const upgrades = [...allCommands, ...otherDocsCommands].filter((c) => startsWith(c.words, 'helm', 'upgrade') && c.words.length > 2);
    expect(upgrades.length).toBeGreaterThan(5);
    for (const c of upgrades) expect(c.words).toContain('--reset-then-reuse-values');
    expect(notesTxt).toMatch(/--reset-then-reuse-values .*# Helm 3\.14\+/);
    expect(quickstart).toMatch(/\| Helm \| \*\*3\.14 or later\*\*/);
    // The flag exists in the Helm the tests use (3.16.4), the first version with it being 3.14.
    expect(helm(['upgrade', '--help'])).toContain('--reset-then-reuse-values');
  });

  test('no kubectl exec runs before the rollout it depends on has finished', () => {
    // Commands that replace pods; after one of them, a `kubectl exec deploy/...` could reach an old pod.
    const replacesPods = (w: string[]) => (startsWith(w, 'helm', 'upgrade') && !w.includes('--wait')) || startsWith(w, 'helm', 'install')
      || startsWith(w, 'kubectl', 'apply') || startsWith(w, 'kubectl', 'delete', 'pod') || startsWith(w, 'kubectl', 'set', 'image')
      || startsWith(w, 'kubectl', 'rollout', 'restart') || startsWith(w, 'kubectl', 'scale');
    let pending: string | undefined;
    const execs: string[] = [];
    for (const c of bashCommands) {
      if (replacesPods(c.words)) pending = c.text;
      if (startsWith(c.words, 'kubectl', 'rollout', 'status')) pending = undefined;
      if (startsWith(c.words, 'kubectl', 'exec')) {
        execs.push(c.text);
        expect(`${c.text} after: ${pending ?? 'a finished rollout'}`).toBe(`${c.text} after: a finished rollout`);
      }
    }
    expect(execs.length).toBeGreaterThan(1);
    // Turning persistence on with Helm waits for its rollout.
    const persistenceOn = bashCommands.filter((c) => startsWith(c.words, 'helm', 'upgrade') && c.words.some((w) => w.startsWith('persistence.enabled=true')));
    expect(persistenceOn.length).toBeGreaterThan(1);
    for (const c of persistenceOn) expect(c.words).toContain('--wait');
  });

  test('the frontend\'s server code reads the backend URL under the server-only name the pod gets', () => {
    const frontend = synthVariant(VARIANTS[0]).find((o) => o.kind === 'Deployment' && o.metadata.labels['app.kubernetes.io/component'] === 'frontend')!;
    const env = Object.fromEntries(frontend.spec.template.spec.containers[0].env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
    expect(env[SERVER_API_URL_ENV]).toBe('http://backend-service:8000');
    const dockerReadme = otherDocs.find((d) => d.file === 'docker/README.md')!.text;
    // The forwarding route, in docker/README.md, reads API_URL, and no TypeScript sketch reads a NEXT_PUBLIC_ variable.
    const sketches = [quickstart, dockerReadme].flatMap((t) => fencedBlocks(t).filter((b) => b.info === 'typescript').map((b) => b.body));
    const route = sketches.filter((b) => /export \{ forward as GET/.test(b));
    expect(route).toHaveLength(1);
    expect([...route[0].matchAll(/process\.env\.(\w+)/g)].map((m) => m[1])).toEqual([SERVER_API_URL_ENV]);
    for (const b of sketches) for (const [, name] of b.matchAll(/process\.env\.(\w+)/g)) expect(Object.keys(env)).toContain(name);
    for (const b of sketches) expect(b).not.toMatch(/process\.env\.NEXT_PUBLIC_/);
    // The docs name the variable and its value as the pod has them, and the quickstart says so before its first step.
    for (const text of [quickstart, dockerReadme]) expect(text).toContain(`${SERVER_API_URL_ENV}=${env[SERVER_API_URL_ENV]}`);
    expect(quickstart.indexOf(`**\`${SERVER_API_URL_ENV}\`**`)).toBeLessThan(quickstart.indexOf('## 1. What you need'));
    expect(quickstart.indexOf(`**\`${SERVER_API_URL_ENV}\`**`)).toBeGreaterThan(0);
  });

  test('secret values go to Helm with --set-string or --set-file, and database URLs are quoted', () => {
    for (const { file, text } of userDocs) {
      expect(`${file}: ${text.match(/--set(?:=| )secrets\.values\.[^\s`]*/g) ?? []}`).toBe(`${file}: `);
    }
    const setString = [...allCommands, ...otherDocsCommands].filter((c) => c.text.includes('secrets.values.'));
    expect(setString.length).toBeGreaterThan(0);
    // A URL's `&` must be inside quotes: an unquoted `&` would end the command there.
    for (const { file, text } of userDocs) {
      for (const m of text.matchAll(/DATABASE_URL=(\S+)/g)) expect(`${file}: ${m[1]}`).toMatch(/^[^:]+: (['"]|\.\.\.|<)/);
    }
    expect(quickstart).toMatch(/DATABASE_URL='postgresql:\/\/[^']*&channel_binding=require'/);
  });

  test('the quickstart\'s `kubectl create secret` passes the whole database URL, because it is quoted (run with kubectl --dry-run=client)', () => {
    const block = fencedBlocks(quickstart).find((b) => b.info === 'bash' && b.body.startsWith('kubectl create secret generic'))!.body;
    const run = (script: string) => {
      const out = execFileSync('bash', ['-c', `kubectl() { "$KUBECTL" "$@" --dry-run=client -o json; }\n${script}\nwait`], {
        encoding: 'utf-8', env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), KUBECONFIG: path.join(os.tmpdir(), 'no-kubeconfig'), KUBECTL: kubectlBinary() },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const data = JSON.parse(out.slice(out.indexOf('{'))).data as Record<string, string>;
      return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf-8')]));
    };
    const url = /DATABASE_URL='([^']+)'/.exec(block)![1];
    expect(url).toContain('&channel_binding=require');
    const secret = run(block);
    expect(secret.DATABASE_URL).toBe(url);
    expect(secret.JWT_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(secret).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'OPENAI_API_KEY']);
    // Without the quotes, `&` sends kubectl to the background with the URL cut short, and the rest is lost.
    const unquoted = run(block.replace(`'${url}'`, url));
    expect(unquoted.DATABASE_URL).toBe(url.slice(0, url.indexOf('&')));
    expect(unquoted.JWT_SECRET).toBeUndefined();
  });

  test('commas in --set-string values must be escaped, and --set would make a numeric JWT_SECRET a number the schema rejects', () => {
    const chart = path.join(root, 'dist', 'helm', CHART_NAME);
    const create = ['template', CHART_NAME, chart, '--set', 'secrets.create=true', '--set-string', 'secrets.values.DATABASE_URL=x'];
    expect(() => helm([...create, '--set-string', 'secrets.values.JWT_SECRET=a,b'])).toThrow(/key "b" has no value/);
    expect(helm([...create, '--set-string', 'secrets.values.JWT_SECRET=a\\,b'])).toContain('JWT_SECRET: "a,b"');
    expect(() => helm([...create, '--set', 'secrets.values.JWT_SECRET=12345'])).toThrow(/JWT_SECRET: Invalid type. Expected: string, given: integer/);
    expect(helm([...create, '--set-string', 'secrets.values.JWT_SECRET=12345'])).toContain('JWT_SECRET: "12345"');
    expect(quickstart).toContain('write a comma in a value as `\\,`');
  });

  test('EndpointSlices, not the deprecated Endpoints, and no docker-env eval that hides a failure', () => {
    for (const { file, text } of userDocs) {
      expect(`${file}: ${/kubectl get (endpoints|ep)\b/.test(text.replace(/\(`kubectl get endpoints` still works[^)]*\)/, ''))}`).toBe(`${file}: false`);
    }
    const evals = [...bashCommands, ...otherDocsCommands].filter((c) => /^eval "\$\(minikube docker-env(?! --unset)/.test(c.text));
    expect(evals.map((c) => c.text)).toEqual([]);
  });

  test('the README\'s deploy block starts with npm ci, which the build script and npm run synth need', () => {
    const readme = otherDocs.find((d) => d.file === 'README.md')!.text;
    const deploy = readme.slice(readme.indexOf('## Deploy to minikube'));
    const first = shellCommands(fencedBlocks(deploy).find((b) => b.info === 'bash')!.body);
    expect(first[0].words).toEqual(['npm', 'ci']);
    expect(first.findIndex((c) => startsWith(c.words, 'node', 'scripts/build-images.js'))).toBeGreaterThan(0);
  });

  test('the qemu driver on macOS is pointed at kubectl port-forward, and CPU/memory advice names the drivers', () => {
    expect(quickstart).toMatch(/\| \*\*qemu driver on macOS with its default `builtin` network\*\* \| no \| \*\*no\*\*[^|]*\| \*\*the only way\*\* \|/);
    expect(quickstart).toMatch(/`docker` \(the default where Docker runs\), `podman` \| Only cgroup limits/);
    expect(quickstart).toMatch(/\| Pod `Pending`[^|]*\(VM drivers\) \|/);
    expect(quickstart).toMatch(/\| Pods slow to start[^|]*`OOMKilled`[^|]*\(docker driver\) \|/);
    expect(notesTxt).toMatch(/qemu driver's builtin network \(macOS\) neither works[\s\S]*kubectl port-forward -n \{\{ \.Release\.Namespace \}\} svc\//);
  });
});
