import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, IResolver, ResolutionContext } from 'cdk8s';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { Group, jsonSchemaOf, StructuralSetting, structuralSettingsOf, valuesYamlOf } from '../values-model';
import { deriveTemplates } from './derivation';
import { helmValuesOf, objectPipelineOf } from './placeholders';
import { HELM_YAML, LabelsHelper, renderLabels, renderTemplate } from './yaml-template';

export { HELM_YAML };
export type { StructuralSetting };

/** Everything a values-driven Helm chart is derived from. */
export interface HelmChartSpec {
  /** Chart.yaml, as data. */
  readonly chartYaml: Readonly<Record<string, unknown>> & { readonly name: string };
  /** The values model: values.yaml, values.schema.json and the placeholders come from it. */
  readonly model: Group<any>;
  /** Comment at the top of values.yaml. */
  readonly valuesHeader: string;
  /**
   * Builds the chart in `app` from a values tree (placeholders and structural cases in it); its objects,
   * by construct path below it, become the templates.
   */
  readonly synthesize: (values: unknown, app: App) => Construct;
  /** Named templates (name, fullname, chart, ...) for `_helpers.tpl`, before the label helpers. */
  readonly helpers: string;
  /** Helpers that render label sets; generated into `_helpers.tpl` and included wherever their labels appear. */
  readonly labelsHelpers: readonly LabelsHelper[];
  /**
   * Builds, in the chart `synthesize` builds, the objects only the Helm chart has (the pods `helm test` runs):
   * derived like the others from the returned construct's objects, written under `templates/tests/`.
   * @default - none
   */
  readonly tests?: (values: unknown, app: App) => Construct;
  /**
   * README.md of the chart (what `helm show readme` prints).
   * @default - none
   */
  readonly readme?: string;
  /** NOTES.txt. */
  readonly notes: string;
  /** Further values files (e.g. values-dev.yaml), as a file name, a header comment and the values. */
  readonly extraValuesFiles?: ReadonlyArray<{ readonly file: string; readonly header: string; readonly values: unknown }>;
}

/**
 * The files of the chart directory, by path relative to it. The templates are derived by synthesizing the
 * chart with a placeholder in every setting but the structural ones, once with their defaults and once per
 * other case of each (see `deriveTemplates`): what a case changes gets that case's condition.
 */
export function helmChartFiles(spec: HelmChartSpec): Map<string, string> {
  const files = new Map<string, string>();
  files.set('Chart.yaml', stringify(spec.chartYaml, HELM_YAML));
  files.set('values.yaml', valuesYamlOf(spec.model, spec.valuesHeader));
  files.set('values.schema.json', `${JSON.stringify(jsonSchemaOf(spec.model), null, 2)}\n`);
  for (const extra of spec.extraValuesFiles ?? []) {
    const header = extra.header.split('\n').map((l) => (l ? `# ${l}` : '#')).join('\n');
    files.set(extra.file, `${header}\n${stringify(extra.values, HELM_YAML)}`);
  }
  files.set('.helmignore', HELMIGNORE);
  if (spec.readme !== undefined) files.set('README.md', spec.readme);
  files.set('templates/_helpers.tpl', helpersTpl(spec));
  files.set('templates/NOTES.txt', spec.notes);
  for (const [file, content] of templates(spec)) files.set(`templates/${file}`, content);
  if (spec.tests) for (const [file, content] of templates({ ...spec, synthesize: spec.tests })) files.set(`templates/tests/${file}`, content);
  return files;
}

/** Writes the chart directory, replacing whatever was there. */
export function writeHelmChart(dir: string, files: ReadonlyMap<string, string>): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of files) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
}

function templates(spec: HelmChartSpec): Map<string, string> {
  const trees = deriveTemplates(structuralSettingsOf(spec.model), (cases) => synthesizeForHelm(spec, cases));
  return new Map([...trees].map(([objectPath, tree]) => [templateFileName(objectPath), renderTemplate(tree, spec.labelsHelpers)]));
}

/** The chart's objects as JSON, by construct path, synthesized with placeholders and the given structural cases. */
export function synthesizeForHelm(spec: Pick<HelmChartSpec, 'model' | 'synthesize'>, cases: ReadonlyMap<string, unknown>): Map<string, unknown> {
  const passedThrough = new ObjectPlaceholders();
  const chart = spec.synthesize(helmValuesOf(spec.model, cases), new App({ resolvers: [passedThrough] }));
  const prefix = `${chart.node.path}/`;
  const result = new Map<string, unknown>();
  for (const o of chart.node.findAll().filter(ApiObject.isApiObject)) {
    passedThrough.found.length = 0;
    const json = o.toJson();
    // cdk8s converts objects field by field, which would take a placeholder object apart: it is taken out
    // while cdk8s resolves the object and put back where it was found.
    for (const { key, value } of passedThrough.found) setAt(json, key, value);
    result.set(o.node.path.slice(prefix.length), json);
  }
  return result;
}

/** Finds object placeholders while cdk8s resolves an object, and leaves them out of its output. */
class ObjectPlaceholders implements IResolver {
  public readonly found: Array<{ key: string[]; value: unknown }> = [];

  public resolve(context: ResolutionContext): void {
    if (objectPipelineOf(context.value) === undefined) return;
    this.found.push({ key: context.key, value: context.value });
    context.replaceValue(undefined);
  }
}

function setAt(json: Record<string, any>, key: readonly string[], value: unknown) {
  let node = json;
  for (const segment of key.slice(0, -1)) {
    if (typeof node[segment] !== 'object' || node[segment] === null) {
      throw new Error(`helm: cannot put a passed-through value back at ${key.join('.')}`);
    }
    node = node[segment];
  }
  node[key[key.length - 1]] = value;
}

/** `backend/UploadsClaim` becomes `backend-uploads-claim.yaml`. */
export function templateFileName(constructPath: string): string {
  const kebab = constructPath.split('/').map((segment) => segment
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()).join('-');
  return `${kebab}.yaml`;
}

function helpersTpl(spec: HelmChartSpec): string {
  const labelDefines = spec.labelsHelpers.map((h) => [
    `{{/*\n${h.name.split('.').pop()} of every object (generated from the chart's constructs).\n*/}}`,
    `{{- define ${JSON.stringify(h.name)} -}}`,
    renderLabels(h.labels),
    '{{- end }}',
  ].join('\n'));
  return `${[spec.helpers.trimEnd(), ...labelDefines].join('\n\n')}\n`;
}

const HELMIGNORE = `# Patterns to ignore when building packages.
.DS_Store
.git/
.gitignore
.bzr/
.bzrignore
.hg/
.hgignore
.svn/
*.swp
*.bak
*.tmp
*.orig
*~
.project
.idea/
*.tmproj
.vscode/
# Real secret values never go into a package.
secrets.yaml
`;
