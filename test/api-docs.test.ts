// The API reference (docs/api.md) is generated from the TSDoc in lib/ and must match a fresh generation;
// the public API is documented field by field; the generic constructs stay free of the todo-chatbot app.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import {
  ACCEPTED_UNEXPORTED, API_DOCS_FILE, apiDocProblems, ApiModel, localModuleGraph, readApiModel, renderApiDocs,
} from '../scripts/api-docs';

const ROOT = path.resolve(__dirname, '..');

let model: ApiModel;
beforeAll(() => {
  model = readApiModel();
});

const entry = (specifier: string) => {
  const found = model.entryPoints.find((e) => e.specifier === specifier);
  if (!found) throw new Error(`no entry point ${specifier}`);
  return found;
};

test('docs/api.md is what `npm run docs:api` generates now', () => {
  const expected = renderApiDocs(model);
  const actual = fs.existsSync(API_DOCS_FILE) ? fs.readFileSync(API_DOCS_FILE, 'utf-8') : '';
  if (actual !== expected) {
    const a = actual.split('\n');
    const e = expected.split('\n');
    const line = e.findIndex((l, i) => l !== a[i]);
    throw new Error(`docs/api.md is out of date: run \`npm run docs:api\` and commit the result.\n`
      + `First difference at line ${line + 1}:\n  in the file: ${JSON.stringify(a[line])}\n  generated:   ${JSON.stringify(e[line])}`);
  }
});

test('every public field has a TSDoc description, every optional one a @default, every type it mentions is exported', () => {
  const problems = apiDocProblems(model);
  if (problems.length) throw new Error(`TSDoc problems in the public API:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
});

test('the types accepted as unexported are still mentioned (drop an entry once it is exported or gone)', () => {
  const mentioned = model.referencedTypes.filter((t) => !t.exported).map((t) => t.name);
  expect([...ACCEPTED_UNEXPORTED].sort()).toEqual([...new Set(mentioned)].sort());
});

test('the four constructs and their props are exported from the package root, documented', () => {
  const root = entry('todo-chatbot-k8s');
  for (const name of ['WebApp', 'ApiService', 'HealthProbes', 'AppSecrets']) {
    const construct = root.items.find((i) => i.name === name);
    expect(construct?.kind).toBe('construct');
    expect(construct?.signature).toBe(`new ${name}(scope: Construct, id: string, props: ${name}Props)`);
    const props = root.items.find((i) => i.name === `${name}Props`);
    expect(props?.kind).toBe('interface');
    expect(props!.members.length).toBeGreaterThan(0);
  }
  const docs = fs.readFileSync(API_DOCS_FILE, 'utf-8');
  for (const heading of ['#### WebAppProps', '#### ApiServiceProps', '#### HealthProbesProps', '#### AppSecretsProps', '#### HttpWorkloadProps']) {
    expect(docs).toContain(`\n${heading}\n`);
  }
  // One row per field, with its default: spot checks.
  expect(docs).toContain("| `serviceType` | `WebServiceType` | `'ClusterIP'` |");
  expect(docs).toContain("| `path` | `string` | `'/api/health'` |");
  expect(docs).toContain('| `keys` | `readonly SecretKey[]` | *required* |');
});

test('the todo-chatbot app is its own entry point, and the generic constructs do not depend on it', () => {
  expect(entry('todo-chatbot-k8s/todo-chatbot').items.map((i) => i.name)).toEqual(
    expect.arrayContaining(['TodoChatbotChart', 'TodoChatbotChartProps', 'withValues', 'defaultValues', 'loadValuesFiles']));

  const generic = localModuleGraph('lib/index.ts');
  expect(generic).toContain('lib/web-app.ts');
  expect(generic.filter((f) => f.startsWith('lib/todo-chatbot/') || f.startsWith('lib/helm/') || f === 'lib/values-model.ts')).toEqual([]);

  // Nothing app-specific in what the generic entry point documents.
  const text = JSON.stringify(entry('todo-chatbot-k8s').items);
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
  expect(entry('todo-chatbot-k8s/plus').items.map((i) => i.name)).toEqual(expect.arrayContaining(['WorkloadPods', 'envValuesOf', 'probesOf']));
});

test('the package compiles exactly the modules its entry points reach', () => {
  const fromEntries = [...new Set(['lib/index.ts', 'lib/todo-chatbot/index.ts', 'lib/plus.ts'].flatMap((entry) => localModuleGraph(entry)))].sort();
  expect(model.reachableFiles).toEqual(fromEntries);
  // The CLI and the Helm derivation stay out of the package.
  expect(fromEntries.filter((f) => /^lib\/(helm\/|todo-chatbot\/(helm|outputs|synth-options)\.ts)/.test(f))).toEqual([]);
  expect(fs.existsSync(path.join(ROOT, 'tsconfig.build.json'))).toBe(true);
});
