// The todo-chatbot Helm chart written to a scratch directory, rendered by real helm, and compared with the plain
// synthesis: what tests of single options need besides the property tests of helm-chart.test.ts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { HELM_YAML, writeHelmChart } from '../../lib/helm/helm-chart';
import { todoChatbotHelmChartFiles } from '../../lib/todo-chatbot/helm';
import { helm, runHelm } from './helm';
import { Manifest } from './synth';

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
  return {
    chartDir,
    valuesFile,
    /** `helm template todo-chatbot` with the values files, as objects. */
    template: (...values: unknown[]): Manifest[] => parseAllDocuments(helm(['template', 'todo-chatbot', chartDir, ...values.flatMap((v) => ['-f', valuesFile(v)])]))
      .map((d) => d.toJS()).filter((o) => o !== null),
    /** A file of the chart, by its path in the chart directory. */
    file: (name: string) => fs.readFileSync(path.join(chartDir, name), 'utf-8'),
    /** `helm lint --strict` with the values: its output, throwing when it fails. */
    lint: (values: unknown) => helm(['lint', '--strict', chartDir, '-f', valuesFile(values)]),
    /** helm's result for the values, without throwing. */
    run: (args: string[], values: unknown) => runHelm([...args, chartDir, '-f', valuesFile(values)]),
    dispose: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}

