import * as fs from 'fs';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { loadValuesFiles, TodoChatbotChart } from './lib/todo-chatbot';
import { checkReplaceable, checkSecretsStayOutOfGit, reportOutputs, synthesisOutputs, writeOutputs } from './lib/todo-chatbot/outputs';
import { checkOutputFolder, parseSynthOptions, USAGE } from './lib/todo-chatbot/synth-options';
import { InvalidInputError } from './lib/validation';

// Everything is read, checked and synthesized in memory first; only then are the synthesis's own files replaced.
// A bad flag, values file or prop therefore leaves the output folder exactly as it was.
try {
  const options = parseSynthOptions(process.argv.slice(2), process.env);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
  } else {
    checkOutputFolder(options.outdir);
    const values = loadValuesFiles(options.valuesFiles);
    const app = new App({ outdir: options.outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    const chart = new TodoChatbotChart(app, 'todo-chatbot', { values });
    // app.synthYaml() resolves the chart through its toJson(): keep those objects for the checks on what is written.
    let synthesized: any[] | undefined;
    const toJson = chart.toJson.bind(chart);
    chart.toJson = () => (synthesized = toJson());
    const manifestsYaml = app.synthYaml();
    const outputs = synthesisOutputs(chart, manifestsYaml, synthesized);
    checkSecretsStayOutOfGit(options.outdir, outputs, chart, options.valuesFiles.join(', '));
    checkReplaceable(options.outdir, outputs);
    writeOutputs(options.outdir, outputs);
    if (options.cdk8sStagingDir) {
      // The cdk8s CLI lists (and may validate) what is in its own output folder.
      fs.mkdirSync(options.cdk8sStagingDir, { recursive: true });
      fs.writeFileSync(path.join(options.cdk8sStagingDir, outputs.manifests.file), outputs.manifests.content);
    }
    reportOutputs(chart, options.outdir, outputs);
  }
} catch (error) {
  // Bad input gets its message alone; DEBUG=1 adds the stack trace, as it does for anything unexpected.
  const err = error instanceof Error ? error : new Error(String(error));
  const expected = err instanceof InvalidInputError;
  process.stderr.write(`${process.env.DEBUG ? err.stack : expected ? err.message : `${err.message}\n(an unexpected error: run with DEBUG=1 for its stack trace)`}\n`);
  process.exitCode = 1;
}
