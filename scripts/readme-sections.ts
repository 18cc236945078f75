// `npm run docs:readme` rewrites the generated sections of README.md (between `<!-- name:start -->` and
// `<!-- name:end -->`) from the code, so the README cannot drift from it; test/readme.test.ts checks them.
import * as fs from 'fs';
import * as path from 'path';
import { VALUE_PROPS, valuesModel } from '../lib/todo-chatbot';
import { code, table, valuesTable } from './markdown';

/** The generated sections of README.md, by marker name. */
export function readmeSections(): Record<string, string> {
  return { 'values-table': valuesTable(valuesModel), 'value-props': valuePropsTable(), consumer: consumerReadmeSection() };
}

/** The values whose construct prop has another name (VALUE_PROPS in lib/todo-chatbot/chart.ts), and why. */
function valuePropsTable(): string {
  return table(['Value', 'Prop', 'Why the names differ'], VALUE_PROPS.map((r) => [code(r.value), `${code(r.prop)}${r.same ? '' : ' (computed)'}`, r.why]));
}

/** `text` with each `<!-- name:start -->...<!-- name:end -->` section replaced; throws for a missing marker. */
export function replaceSections(text: string, sections: Record<string, string>): string {
  let result = text;
  for (const [name, body] of Object.entries(sections)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(result)) throw new Error(`README.md has no <!-- ${name}:start --> ... <!-- ${name}:end --> markers`);
    result = result.replace(pattern, (_match, start: string, end: string) => `${start}${body.endsWith('\n') ? body : `${body}\n`}${end}`);
  }
  return result;
}

const ROOT = path.resolve(__dirname, '..');

/**
 * The body of README.md's "Use the constructs in your project" section (between `<!-- consumer:start -->`
 * and `<!-- consumer:end -->`): install, peer dependencies, examples/consumer/main.ts verbatim, and a link
 * to the API reference. Versions and names come from package.json, so the section cannot drift from it.
 */
export function consumerReadmeSection(root = ROOT): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')) as {
    name: string; version: string; peerDependencies: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>; dependencies?: Record<string, string>;
  };
  const example = fs.readFileSync(path.join(root, 'examples', 'consumer', 'main.ts'), 'utf-8');
  const peers = Object.entries(pkg.peerDependencies);
  const required = peers.filter(([name]) => !pkg.peerDependenciesMeta?.[name]?.optional);
  const optional = peers.filter(([name]) => pkg.peerDependenciesMeta?.[name]?.optional);
  const list = (entries: Array<[string, string]>) => entries.map(([name, range]) => `${name} (\`${range}\`)`).join(' and ');
  const tarball = `${pkg.name}-${pkg.version}.tgz`;
  return [
    `\`WebApp\`, \`ApiService\`, \`HealthProbes\` and \`AppSecrets\` are an npm package, \`${pkg.name}\`, compiled from`,
    '`lib/` with type declarations (`npm run build`; `npm pack` builds it first). It is not published to a',
    'registry (`"private": true` keeps it from being published by accident): pack it here and install the',
    'tarball in your cdk8s project.',
    '',
    '```bash',
    `npm ci && npm pack                  # in this repository: writes ${tarball}`,
    `npm install /path/to/${tarball} ${peers.map(([name]) => name).join(' ')}   # in your project`,
    '```',
    '',
    `${list(required)} are peer dependencies: the constructs join your app's construct tree instead of`,
    `bringing a copy of their own.${optional.length ? ` ${list(optional)} is an optional peer dependency: only \`${pkg.name}/plus\` loads it,` : ''}`,
    ...(optional.length ? [
      'which makes the constructs fit cdk8s-plus: `WorkloadPods.of(workload)` is a pod selector and a network-policy',
      'peer, `envValuesOf(secrets)` gives `EnvValue`s, `probesOf(probes)` gives `Probe`s (the example below uses all three).',
    ] : []),
    `The package brings ${Object.keys(pkg.dependencies ?? {}).map((d) => `\`${d}\``).join(' and ')} and the Kubernetes 1.28 API objects it is built on.`,
    '',
    'This is [examples/consumer/main.ts](examples/consumer/main.ts). A test packs the project, installs the',
    'tarball into a fresh project outside the repository with only cdk8s, cdk8s-plus-28, constructs and',
    'TypeScript, compiles this file with that project\'s `tsc` under `strict`, synthesizes it and checks the',
    'manifests:',
    '',
    '```ts',
    example.trimEnd(),
    '```',
    '',
    'Bad props fail synthesis with the same messages as in this project, naming the construct, the field and',
    'the value, e.g. `WebApp \'my-chart/web\': nodePort must be an integer from 30000 to 32767, got 80`; so do',
    'conflicts, naming both sides: two objects of one kind and name in a chart, a label that would change a',
    'selector label, a variable set by two props, an image tagged `latest` or not at all',
    '([examples/consumer/invalid-props.ts](examples/consumer/invalid-props.ts)). The whole todo-chatbot app',
    `is exported too, for your own values: \`import { TodoChatbotChart, withValues } from '${pkg.name}/todo-chatbot'\``,
    '([examples/consumer/todo-chatbot-app.ts](examples/consumer/todo-chatbot-app.ts)).',
    '',
    'Every construct, its props with each field\'s type and default, and the helper types:',
    '[API reference](docs/api.md), with [`/todo-chatbot`](docs/todo-chatbot-k8s/todo-chatbot.md) and',
    '[`/plus`](docs/todo-chatbot-k8s/plus.md) (generated by typedoc from the TSDoc: `npm run docs:api`). Changes to',
    'the API, breaking ones with the version bump they need: [CHANGELOG.md](CHANGELOG.md) (in the package too).',
    '',
  ].join('\n');
}

if (require.main === module) {
  const readme = path.join(ROOT, 'README.md');
  fs.writeFileSync(readme, replaceSections(fs.readFileSync(readme, 'utf-8'), readmeSections()));
}
