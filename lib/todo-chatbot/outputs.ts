import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { InvalidInputError } from '../validation';
import { TodoChatbotChart } from './chart';
import { todoChatbotHelmChartFiles } from './helm';
import { CHART_NAME } from './values';

/** The file a user copies to secrets.yaml. */
export const SECRETS_EXAMPLE_FILE = 'secrets.yaml.example';
/** The folder of the Helm chart, below the output folder. */
export const HELM_CHART_DIR = path.join('helm', CHART_NAME);

/** What one synthesis writes, by path relative to the output folder; computed in memory before anything is written. */
export interface SynthesisOutputs {
  /** The manifests file (`todo-chatbot.k8s.yaml`) and its content. */
  readonly manifests: { readonly file: string; readonly content: string };
  /** secrets.yaml.example. */
  readonly secretsExample: string;
  /** The Helm chart's files, by path relative to `helm/todo-chatbot`. */
  readonly helmChart: ReadonlyMap<string, string>;
}

/** Everything a synthesis of `chart` writes, as text. */
export function synthesisOutputs(chart: TodoChatbotChart, manifestsYaml: string): SynthesisOutputs {
  return {
    manifests: { file: `${chart.node.id}.k8s.yaml`, content: manifestsYaml },
    secretsExample: chart.secrets.exampleManifest(),
    helmChart: todoChatbotHelmChartFiles(),
  };
}

/**
 * Checks, without changing anything, that writing `outputs` into `outdir` replaces only what an earlier synthesis
 * wrote: each of its three entries must be absent, or recognisably generated (a manifests file of cdk8s objects,
 * a secrets.yaml.example, a Helm chart folder generated from lib/todo-chatbot/values.ts). Anything else there is
 * left alone; a file of the same name that the synthesis did not write is an error.
 */
export function checkReplaceable(outdir: string, outputs: SynthesisOutputs): void {
  const refuse = (entry: string, why: string) => {
    throw new InvalidInputError(`${path.join(outdir, entry)} ${why}, so the synthesis did not write it and will not replace it: `
      + 'move it away or choose another output folder (-o DIR)');
  };
  const regularFile = (entry: string, generated: (text: string) => boolean) => {
    const full = path.join(outdir, entry);
    const stat = lstat(full);
    if (!stat) return;
    if (!stat.isFile()) refuse(entry, 'is not a regular file');
    if (!generated(fs.readFileSync(full, 'utf-8'))) refuse(entry, 'does not look generated');
  };
  regularFile(outputs.manifests.file, (text) => text.trim() === '' || text.includes('app.kubernetes.io/managed-by: cdk8s'));
  regularFile(SECRETS_EXAMPLE_FILE, (text) => text.startsWith("# The Secret '"));
  const helmParent = lstat(path.join(outdir, 'helm'));
  if (helmParent && !helmParent.isDirectory()) refuse('helm', 'is not a folder');
  const chartDir = lstat(path.join(outdir, HELM_CHART_DIR));
  if (chartDir) {
    if (!chartDir.isDirectory()) refuse(HELM_CHART_DIR, 'is not a folder');
    const read = (file: string) => {
      try {
        return fs.readFileSync(path.join(outdir, HELM_CHART_DIR, file), 'utf-8');
      } catch {
        return '';
      }
    };
    const marker = 'Generated from lib/todo-chatbot/values.ts';
    const empty = fs.readdirSync(path.join(outdir, HELM_CHART_DIR)).length === 0;
    if (!empty && !(read('Chart.yaml').includes(`name: ${CHART_NAME}`) && read('values.yaml').includes(marker))) {
      refuse(HELM_CHART_DIR, 'is not a chart generated from lib/todo-chatbot/values.ts');
    }
  }
}

/**
 * Refuses to write a Secret's values where git would track them: with secrets.create the manifests file holds the
 * values, so it may only go to a folder outside any git work tree, or one git ignores (such as out/).
 */
export function checkSecretsStayOutOfGit(outdir: string, outputs: SynthesisOutputs, chart: TodoChatbotChart, source: string): void {
  if (!chart.secrets.secret) return;
  const file = path.resolve(outdir, outputs.manifests.file);
  const tracked = gitWouldTrack(file);
  if (tracked === false) return;
  throw new InvalidInputError(`secrets.create is true in ${source}: the plain synthesis would write the Secret's values into `
    + `${path.join(outdir, outputs.manifests.file)}, ${tracked ? 'which git would track' : 'and git cannot tell whether it would track it'}. `
    + 'Write to a folder git ignores or one outside the repository (npm run synth -- -f VALUES -o out; out/ is git-ignored), '
    + `or leave secrets.create false and create the Secret with kubectl (${SECRETS_EXAMPLE_FILE}).`);
}

/** Whether git would track `file`: false when it is ignored or outside any work tree, undefined when git cannot say. */
function gitWouldTrack(file: string): boolean | undefined {
  let dir = path.dirname(file);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  const result = spawnSync('git', ['check-ignore', '-q', '--no-index', file], { cwd: dir, stdio: 'ignore' });
  if (result.error) return undefined;
  if (result.status === 0) return false;
  if (result.status === 1) return true;
  // 128: not in a work tree (or the file is outside it).
  const inside = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, encoding: 'utf-8' });
  return inside.status === 0 && inside.stdout.trim() === 'true' ? undefined : false;
}

/** Replaces the synthesis's own three entries in `outdir` (call `checkReplaceable` first); nothing else is touched. */
export function writeOutputs(outdir: string, outputs: SynthesisOutputs): void {
  fs.mkdirSync(outdir, { recursive: true });
  const replaceFile = (entry: string, content: string) => {
    const full = path.join(outdir, entry);
    // Removed first, so a link is replaced rather than followed.
    fs.rmSync(full, { force: true });
    fs.writeFileSync(full, content);
  };
  replaceFile(outputs.manifests.file, outputs.manifests.content);
  replaceFile(SECRETS_EXAMPLE_FILE, outputs.secretsExample);
  const chartDir = path.join(outdir, HELM_CHART_DIR);
  fs.rmSync(chartDir, { recursive: true, force: true });
  for (const [file, content] of outputs.helmChart) {
    const target = path.join(chartDir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
}

/** Tells the user what was written and how to create the Secret. */
export function reportOutputs(chart: TodoChatbotChart, outdir: string, outputs: SynthesisOutputs): void {
  const example = path.join(outdir, SECRETS_EXAMPLE_FILE);
  const manifests = path.join(outdir, outputs.manifests.file);
  const lines = [`Synthesized ${manifests}.`];
  if (chart.secrets.secret) {
    lines.push(`WARNING: secrets.create is true, so ${manifests} holds the Secret '${chart.secrets.secretName}' with its values: do not commit it.`);
  } else {
    lines.push(
      `No Secret is synthesized: the pods read '${chart.secrets.secretName}', which you create once:`,
      `  cp ${example} secrets.yaml   # fill in the values; secrets.yaml is git-ignored`,
      '  kubectl apply -f secrets.yaml',
      'or',
      `  ${chart.secrets.createCommand().replace(/\n/g, '\n  ')}`,
      `Then: kubectl apply -f ${outdir}`,
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}

function lstat(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}
