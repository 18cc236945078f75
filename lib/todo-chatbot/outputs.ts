import * as fs from 'fs';
import * as path from 'path';
import { writeHelmChart } from '../helm/helm-chart';
import { TodoChatbotChart } from './chart';
import { todoChatbotHelmChartFiles } from './helm';
import { CHART_NAME } from './values';

/** The file a user copies to secrets.yaml. */
export const SECRETS_EXAMPLE_FILE = 'secrets.yaml.example';

/**
 * Removes what an earlier synthesis wrote (and only that), so a renamed chart leaves no stale file
 * behind for `kubectl apply -f dist` to pick up.
 */
export function clearOutputs(outdir: string): void {
  if (!fs.existsSync(outdir)) return;
  for (const entry of fs.readdirSync(outdir)) {
    if (entry.endsWith('.k8s.yaml') || entry === SECRETS_EXAMPLE_FILE || entry === 'helm') {
      fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
    }
  }
}

/** Writes what goes beside the manifests, and tells the user how to create the Secret. */
export function writeCompanionFiles(chart: TodoChatbotChart, outdir: string): void {
  const example = path.join(outdir, SECRETS_EXAMPLE_FILE);
  fs.writeFileSync(example, chart.secrets.exampleManifest());
  writeHelmChart(path.join(outdir, 'helm', CHART_NAME), todoChatbotHelmChartFiles());
  const manifests = path.join(outdir, `${chart.node.id}.k8s.yaml`);
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
