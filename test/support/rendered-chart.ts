// The todo-chatbot Helm chart written to a scratch directory, rendered by real helm, and compared with the plain
// synthesis: what tests of single options need besides the property tests of helm-chart.test.ts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { HELM_YAML, writeHelmChart } from '../../lib/helm/helm-chart';
import { todoChatbotHelmChartFiles } from '../../lib/todo-chatbot/helm';
import { helm, runHelm } from './helm';
import { expectValidManifests } from './k8s-schema';
import { comparable, Manifest, objectsOf, synthPlainManifests } from './synth';

/** Made-up values for the Secret's required keys, which `secrets.create` needs. */
export const SECRET_VALUES = { DATABASE_URL: 'postgresql://u:p@h/db', JWT_SECRET: 's3cret' };

/** A chart directory of its own (removed by `dispose`), with helpers that render it. */
export function renderedChart() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-options-'));
  const chartDir = path.join(work, 'todo-chatbot');
  writeHelmChart(chartDir, todoChatbotHelmChartFiles());
  let count = 0;
  const valuesFile = (values: unknown) => {
    const file = path.join(work, `values-${count++}.yaml`);
    fs.writeFileSync(file, stringify(values, HELM_YAML));
    return file;
  };
  /** `helm template todo-chatbot` with the values files, as objects. */
  const template = (...values: unknown[]): Manifest[] => objectsOf(helm(['template', 'todo-chatbot', chartDir, ...values.flatMap((v) => ['-f', valuesFile(v)])]));
  /** `helm lint --strict` with the values: its output, throwing when it fails. */
  const lint = (values: unknown) => helm(['lint', '--strict', chartDir, '-f', valuesFile(values)]);
  return {
    chartDir,
    valuesFile,
    template,
    /**
     * The plain synthesis's objects for a values file, after checking that helm renders exactly the same objects,
     * that every one passes strict Kubernetes 1.28 validation and that `helm lint --strict` passes.
     */
    rendered: (values: Record<string, any>): Manifest[] => {
      const plain = synthPlainManifests(values);
      expect(comparable(template(values))).toEqual(comparable(plain));
      expectValidManifests(plain);
      expect(lint(values)).toMatch(/0 chart\(s\) failed/);
      return plain;
    },
    /** A file of the chart, by its path in the chart directory. */
    file: (name: string) => fs.readFileSync(path.join(chartDir, name), 'utf-8'),
    lint,
    /** helm's result for the values, without throwing. */
    run: (args: string[], values: unknown) => runHelm([...args, chartDir, '-f', valuesFile(values)]),
    dispose: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}

