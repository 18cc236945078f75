import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { InvalidInputError } from '../validation';
import { TodoChatbotChart } from './chart';
import { todoChatbotHelmChartFiles } from './helm';
import { ANNOTATIONS_MAX_BYTES } from './value-rules';
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
  /** The objects too big for `kubectl apply -f` without `--server-side` (see `clientSideApplyBytes`). */
  readonly tooBigForClientSideApply: ReadonlyArray<{ readonly object: string; readonly bytes: number }>;
}

/**
 * Everything a synthesis of `chart` writes, as text. `objects` are the objects `manifestsYaml` holds, when the
 * caller kept them from the same synthesis (resolving the chart again costs about 20 ms of a 0.3 s run).
 */
export function synthesisOutputs(chart: TodoChatbotChart, manifestsYaml: string, objects: readonly any[] = chart.toJson()): SynthesisOutputs {
  return {
    manifests: { file: `${chart.node.id}.k8s.yaml`, content: manifestsYaml },
    secretsExample: chart.secrets.exampleManifest(),
    helmChart: todoChatbotHelmChartFiles(),
    tooBigForClientSideApply: objects
      .map((object) => ({ object: `${object.kind} ${object.metadata?.name}`, bytes: clientSideApplyBytes(object) }))
      .filter(({ bytes }) => bytes > ANNOTATIONS_MAX_BYTES),
  };
}

/** Where `kubectl apply` (client-side) keeps the object as it was applied, to compute the next apply's patch. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The longest namespace name: the plain manifests name none, so kubectl adds the one they are applied to. */
const LONGEST_NAMESPACE = 'n'.repeat(63);

/**
 * The bytes `object`'s annotations would hold after `kubectl apply -f` without `--server-side`: its own, plus
 * LAST_APPLIED_ANNOTATION holding the object itself as Go's encoding/json writes it (`<`, `>` and `&` escaped as
 * `\u003c`, a newline at the end; `annotations: {}` when there are no others) with the namespace kubectl adds (the
 * longest unless `namespace` is given). The API server refuses more than ANNOTATIONS_MAX_BYTES, so such an object
 * can only be applied with `--server-side` (Helm stores no such copy).
 */
export function clientSideApplyBytes(object: any, namespace: string = object.metadata?.namespace ?? LONGEST_NAMESPACE): number {
  const annotations: Record<string, string> = { ...object.metadata?.annotations };
  delete annotations[LAST_APPLIED_ANNOTATION];
  const applied = { ...object, metadata: { ...object.metadata, namespace, annotations } };
  const json = JSON.stringify(applied);
  const goJsonBytes = Buffer.byteLength(json) + 5 * (json.match(/[<>&]/g)?.length ?? 0) + 3 * (json.match(/[\u2028\u2029]/g)?.length ?? 0) + 1;
  const own = Object.entries(annotations).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  return own + LAST_APPLIED_ANNOTATION.length + goJsonBytes;
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
  const serverSide = outputs.tooBigForClientSideApply.length > 0;
  for (const { object, bytes } of outputs.tooBigForClientSideApply) {
    lines.push(`WARNING: ${object} is too big for \`kubectl apply -f\`: it would keep a copy of the object in the annotation ${LAST_APPLIED_ANNOTATION}, `
      + `${bytes} bytes of annotations, and Kubernetes allows ${ANNOTATIONS_MAX_BYTES} (256 KiB); apply with \`kubectl apply --server-side -f\`, which keeps no copy.`);
  }
  if (chart.secrets.secret) {
    lines.push(`WARNING: secrets.create is true, so ${manifests} holds the Secret '${chart.secrets.secretName}' with its values: do not commit it.`);
  } else {
    lines.push(
      `No Secret is synthesized: the pods read '${chart.secrets.secretName}', which you create once:`,
      `  cp ${example} secrets.yaml   # fill in the values; secrets.yaml is git-ignored`,
      '  kubectl apply -f secrets.yaml',
      'or',
      `  ${chart.secrets.createCommand().replace(/\n/g, '\n  ')}`,
      `Then: kubectl apply ${serverSide ? '--server-side ' : ''}-f ${outdir}`,
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
