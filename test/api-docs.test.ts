// The API reference (docs/api.md, docs/todo-chatbot-k8s/) is what typedoc generates now (typedoc.json); the
// public API is documented field by field (scripts/api-docs-check.ts, over typedoc's JSON model); the
// generic constructs stay free of the todo-chatbot app.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { apiDocProblems, Reflection } from '../scripts/api-docs-check';
import { localModuleGraph, packageSourceFiles } from './support/module-graph';

const ROOT = path.resolve(__dirname, '..');
const DOCS = path.join(ROOT, 'docs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-api-docs-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The markdown files typedoc writes (relative to its output folder): the entry page and one per further module. */
const generatedFiles = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf-8' })
  .filter((f) => f.endsWith('.md')).map((f) => f.split(path.sep).join('/')).sort();

let project: Reflection;
let fresh: string[];
beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', path.join(work, 'md'), '--json', path.join(work, 'api.json')], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  project = JSON.parse(fs.readFileSync(path.join(work, 'api.json'), 'utf-8'));
  fresh = generatedFiles(path.join(work, 'md'));
});

const moduleNamed = (name: string) => {
  const found = project.children?.find((m) => m.name === name);
  if (!found) throw new Error(`typedoc found no module ${name}: ${project.children?.map((m) => m.name).join(', ')}`);
  return found;
};

test('docs/api.md and docs/todo-chatbot-k8s/ are what `npm run docs:api` generates now', () => {
  expect(fresh).toEqual(['api.md', 'todo-chatbot-k8s/plus.md', 'todo-chatbot-k8s/todo-chatbot.md']);
  for (const file of fresh) {
    const committed = path.join(DOCS, file);
    const actual = fs.existsSync(committed) ? fs.readFileSync(committed, 'utf-8') : '';
    const expected = fs.readFileSync(path.join(work, 'md', file), 'utf-8');
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const line = e.findIndex((l, i) => l !== a[i]);
      throw new Error(`docs/${file} is out of date: run \`npm run docs:api\` and commit the result.\n`
        + `First difference at line ${line + 1}:\n  in the file: ${JSON.stringify(a[line])}\n  generated:   ${JSON.stringify(e[line])}`);
    }
  }
});

test('every public declaration and member has a description, every optional field a @default, every type it mentions is exported', () => {
  const problems = apiDocProblems(project);
  if (problems.length) throw new Error(`TSDoc problems in the public API:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
});

test('the check notices a missing description, a missing or empty @default and an unexported type', () => {
  const copy = JSON.parse(JSON.stringify(project)) as { children: Array<{ name: string; children: any[] }> };
  const props = copy.children[0].children.find((i) => i.name === 'WebAppProps')!;
  const field = (name: string) => props.children.find((m: { name: string }) => m.name === name);
  field('serviceType').comment.blockTags = [];
  field('nodePort').comment.summary = [];
  field('apiUrlEnv').comment.blockTags[0].content = [];
  field('apiUrl').type = { type: 'reference', target: { packageName: 'todo-chatbot-k8s', packagePath: 'lib/web-app.ts', qualifiedName: 'Hidden' }, name: 'Hidden' };
  expect(apiDocProblems(copy as unknown as Reflection)).toEqual([
    'todo-chatbot-k8s: WebAppProps.apiUrlEnv has an empty @default tag',
    'todo-chatbot-k8s: WebAppProps.nodePort has no TSDoc description',
    'todo-chatbot-k8s: WebAppProps.serviceType is optional but has no @default tag',
    'the public API mentions Hidden (lib/web-app.ts), which no entry point exports',
  ]);
});

test('the four constructs and their props are exported from the package root, documented', () => {
  const root = moduleNamed('todo-chatbot-k8s');
  const docs = fs.readFileSync(path.join(DOCS, 'api.md'), 'utf-8');
  for (const name of ['WebApp', 'ApiService', 'HealthProbes', 'AppSecrets']) {
    const construct = root.children?.find((i) => i.name === name);
    const ctor = construct?.children?.find((m) => m.name === 'constructor')?.signatures?.[0] as { parameters?: Array<{ name: string; type: { name: string } }> } | undefined;
    expect(ctor?.parameters?.map((p) => `${p.name}: ${p.type.name}`)).toEqual(['scope: Construct', 'id: string', `props: ${name}Props`]);
    expect(root.children?.find((i) => i.name === `${name}Props`)?.children?.length).toBeGreaterThan(0);
    expect(docs).toContain(`\n### ${name}Props\n`);
  }
  // One row per field, with its default: spot checks.
  expect(docs).toMatch(/\| (<a id="[^"]+"><\/a> )?`serviceType\?` \| \[`WebServiceType`\]\(#webservicetype\) \| .* \*\*Default\*\* `'ClusterIP'` \|/);
  expect(docs).toMatch(/\| (<a id="[^"]+"><\/a> )?`keys` \| readonly \[`SecretKey`\]\(#secretkey\)\[\] \| /);
});

test('the todo-chatbot app is its own entry point, and the generic constructs do not depend on it', () => {
  expect(moduleNamed('todo-chatbot-k8s/todo-chatbot').children?.map((i) => i.name)).toEqual(
    expect.arrayContaining(['TodoChatbotChart', 'TodoChatbotChartProps', 'withValues', 'defaultValues', 'loadValuesFiles']));

  const generic = localModuleGraph('lib/index.ts');
  expect(generic).toContain('lib/web-app.ts');
  expect(generic.filter((f) => f.startsWith('lib/todo-chatbot/') || f.startsWith('lib/helm/') || f === 'lib/values-model.ts')).toEqual([]);

  // Nothing app-specific in what the generic entry point documents.
  const text = JSON.stringify(moduleNamed('todo-chatbot-k8s').children, (key, value) => (['package', 'packageName'].includes(key) ? undefined : value));
  expect(text.match(/todo|chatbot/gi) ?? []).toEqual([]);
});

test('only todo-chatbot-k8s/plus loads cdk8s-plus-28, an optional peer dependency', () => {
  const imports = (file: string) => ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf-8'), true, true).importedFiles.map((i) => i.fileName);
  for (const main of ['lib/index.ts', 'lib/todo-chatbot/index.ts']) {
    const graph = localModuleGraph(main);
    expect(graph).not.toContain('lib/plus.ts');
    expect(graph.filter((file) => imports(file).some((name) => name.startsWith('cdk8s-plus-28')))).toEqual([]);
  }
  expect(imports('lib/plus.ts')).toContain('cdk8s-plus-28');
  expect(moduleNamed('todo-chatbot-k8s/plus').children?.map((i) => i.name)).toEqual(expect.arrayContaining(['WorkloadPods', 'envValuesOf', 'probesOf']));
});

test('the package compiles exactly the modules its entry points reach, and typedoc documents each entry point', () => {
  const entryPoints = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf-8').replace(/^\s*\/\/.*$/gm, '')).files as string[];
  expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'typedoc.json'), 'utf-8')).entryPoints).toEqual(entryPoints);
  const fromEntries = [...new Set(entryPoints.flatMap((entry) => localModuleGraph(entry)))].sort();
  expect(packageSourceFiles()).toEqual(fromEntries);
  // The CLI and the Helm derivation stay out of the package.
  expect(fromEntries.filter((f) => /^lib\/(helm\/|todo-chatbot\/(helm|outputs|synth-options)\.ts)/.test(f))).toEqual([]);
});
