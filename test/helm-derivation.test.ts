// The derivation of Helm templates, on synthetic charts: one synthesis per case (linear in the settings),
// conditions nested as the model declares, undeclared interactions refused, and `helm template -f V` equal
// to the plain synthesis with V.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import * as k8s from '../imports/k8s';
import { synthesisCount } from '../lib/helm/derivation';
import { HELM_YAML, helmChartFiles, HelmChartSpec, writeHelmChart } from '../lib/helm/helm-chart';
import { bool, defaultsOf, group, mergeValues, structuralSettingsOf, valuesFileOf } from '../lib/values-model';
import { syntheticSpec } from '../scripts/bench-derivation';
import { helm } from './support/helm';
import { byId, objectsOf } from './support/synth';
import { pairwiseCases } from './support/values-gen';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-derivation-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The spec with its synthesize counted. */
function counted(spec: HelmChartSpec): { spec: HelmChartSpec; calls: () => number } {
  let calls = 0;
  return {
    spec: { ...spec, synthesize: (values, app) => { calls++; return spec.synthesize(values, app); } },
    calls: () => calls,
  };
}

test.each([1, 3, 8, 16])('%i settings: one synthesis for the defaults and one per other case, no more', (n) => {
  const { spec, calls } = counted(syntheticSpec(n));
  helmChartFiles(spec);
  const settings = structuralSettingsOf(spec.model);
  expect(settings).toHaveLength(n + Math.ceil(n / 2));
  // Each boolean has one other case, each dependent choice one: 1 + n + ceil(n/2).
  expect(calls()).toBe(1 + n + Math.ceil(n / 2));
  expect(synthesisCount(settings)).toBe(calls());
});

test('a dependent setting\'s condition is nested inside the case it depends on', () => {
  const files = helmChartFiles(syntheticSpec(1));
  expect(files.get('templates/feature0.yaml')).toBe([
    '{{- if .Values.feature0.enabled }}',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: feature0',
    'data:',
    '  label: {{ .Values.feature0.label | quote }}',
    '  {{- if eq .Values.feature0.mode "safe" }}',
    '  safe: "true"',
    '  {{- end }}',
    '{{- end }}',
    '',
  ].join('\n'));
});

describe('helm template equals the plain synthesis of a synthetic chart', () => {
  const spec = syntheticSpec(5);
  const chartDir = path.join(work, 'synthetic');
  writeHelmChart(chartDir, helmChartFiles(spec));
  const rows = pairwiseCases(structuralSettingsOf(spec.model));

  test.each(rows.map((row, i) => [i, row] as const))('pairwise row #%i', (i, row) => {
    const valuesFile = path.join(work, `values-${i}.yaml`);
    const file = { ...valuesFileOf(row), feature1: { ...valuesFileOf(row).feature1, label: 'x "y" {{ z }}', size: 7 } };
    fs.writeFileSync(valuesFile, stringify(file, HELM_YAML));
    const rendered = objectsOf(helm(['template', 'r', chartDir, '-f', valuesFile]));
    const plain = Testing.synth(spec.synthesize(mergeValues(defaultsOf(spec.model), file), Testing.app()) as Chart);
    expect(byId(rendered)).toEqual(byId(plain));
  });

  test('a list whose every item is switched renders as [] when none is present, as the plain synthesis does', () => {
    const rendered = objectsOf(helm(['template', 'r', chartDir]));
    expect(rendered.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].env).toEqual([]);
  });
});

test('two settings that change the same field without a declared dependency are refused, naming both', () => {
  const model = group('m', { a: bool('a', false), b: bool('b', false) });
  const spec: HelmChartSpec = {
    chartYaml: { apiVersion: 'v2', name: 'clash', version: '0.1.0' },
    model,
    valuesHeader: '',
    helpers: '',
    labelsHelpers: [],
    notes: '',
    synthesize: (values, app) => {
      const v = values as { a: boolean; b: boolean };
      const chart = new Chart(app, 'clash');
      new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'cm' }, data: { mode: v.a ? 'a' : v.b ? 'b' : 'none' } });
      return chart;
    },
  };
  expect(() => helmChartFiles(spec)).toThrow(/the structural settings (a and b|b and a) both change data\.mode of cm; declare which one depends on the other/);
});

test('a dependency on no case of a structural setting is refused', () => {
  const model = group('m', { a: bool('a', false), b: bool('b', false, { dependsOn: { path: 'a', value: 'yes' } }) });
  expect(() => structuralSettingsOf(model)).toThrow('values model: b depends on a="yes", which is no case of a structural setting');
});

test('placeholders only exist in the Helm synthesis: the plain one is untouched by the derivation', () => {
  const spec = syntheticSpec(2);
  const plain = new App();
  spec.synthesize(defaultsOf(spec.model), plain);
  expect(JSON.stringify(Testing.synth(plain.node.children[0] as Chart))).not.toMatch(/\u27e6/);
});
