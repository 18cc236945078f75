import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { Group, jsonSchemaOf, placeholdersOf, switchesOf, valuesYamlOf } from '../values-model';
import { conditionFor } from './conditions';
import { mergeVariants, VariantValue } from './template-tree';
import { HELM_YAML, LabelsHelper, renderLabels, renderTemplate } from './yaml-template';

export { HELM_YAML };

/** One synthesized Kubernetes object and the construct path it came from (which names its template file). */
export interface SynthesizedObject {
  /** Construct path below the chart, e.g. `backend/Deployment`. */
  readonly path: string;
  /** The object as JSON, placeholders included. */
  readonly manifest: Record<string, unknown>;
}

/** Everything a values-driven Helm chart is derived from. */
export interface HelmChartSpec {
  /** Chart.yaml, as data. */
  readonly chartYaml: Readonly<Record<string, unknown>> & { readonly name: string };
  /** The values model: values.yaml, values.schema.json and the placeholders come from it. */
  readonly model: Group<any>;
  /** Comment at the top of values.yaml. */
  readonly valuesHeader: string;
  /** Synthesizes the chart's objects from a values tree (placeholders and structural cases in it). */
  readonly synthesize: (values: unknown) => SynthesizedObject[];
  /** Named templates (name, fullname, chart, ...) for `_helpers.tpl`, before the label helpers. */
  readonly helpers: string;
  /** Helpers that render label sets; generated into `_helpers.tpl` and included wherever their labels appear. */
  readonly labelsHelpers: readonly LabelsHelper[];
  /** NOTES.txt. */
  readonly notes: string;
  /** Further values files (e.g. values-dev.yaml), as a file name, a header comment and the values. */
  readonly extraValuesFiles?: ReadonlyArray<{ readonly file: string; readonly header: string; readonly values: unknown }>;
}

/**
 * The files of the chart directory, by path relative to it. The templates are derived by synthesizing
 * the chart once per combination of its structural settings, with a placeholder in every other setting,
 * and merging the results: what differs between combinations gets the condition that selects it.
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
  files.set('templates/_helpers.tpl', helpersTpl(spec));
  files.set('templates/NOTES.txt', spec.notes);
  for (const [file, content] of templates(spec)) files.set(`templates/${file}`, content);
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
  const switches = switchesOf(spec.model);
  const assignments = cartesian(switches.map((s) => s.cases.length));
  const variants = assignments.map((assignment) => ({
    assignment,
    objects: spec.synthesize(placeholdersOf(spec.model, new Map(switches.map((s, i) => [s.path, s.cases[assignment[i]].value])))),
  }));

  // Objects are matched across variants by construct path; each becomes one template file.
  const paths: string[] = [];
  for (const v of variants) for (const o of v.objects) if (!paths.includes(o.path)) paths.push(o.path);

  const result = new Map<string, string>();
  for (const objectPath of paths) {
    const present: VariantValue[] = variants.flatMap((v) => v.objects.filter((o) => o.path === objectPath)
      .map((o) => ({ assignment: v.assignment, value: o.manifest })));
    const body = renderTemplate(mergeVariants(switches, present), spec.labelsHelpers);
    const absent = variants.filter((v) => !v.objects.some((o) => o.path === objectPath)).map((v) => v.assignment);
    const condition = conditionFor(switches, present.map((p) => p.assignment), absent);
    result.set(templateFileName(objectPath), condition ? `{{- if ${condition} }}\n${body}{{- end }}\n` : body);
  }
  return result;
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

function cartesian(sizes: readonly number[]): number[][] {
  return sizes.reduce<number[][]>((acc, size) => acc.flatMap((a) => Array.from({ length: size }, (_, i) => [...a, i])), [[]]);
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
