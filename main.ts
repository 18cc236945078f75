import { App, YamlOutputType } from 'cdk8s';
import { loadValuesFiles, TodoChatbotChart } from './lib/todo-chatbot';
import { parseSynthOptions } from './lib/todo-chatbot/synth-options';
import { clearOutputs, writeCompanionFiles } from './lib/todo-chatbot/outputs';

const options = parseSynthOptions(process.argv.slice(2), process.env);
// Values are read before the output folder is cleared, in case a values file lives there.
const values = loadValuesFiles(options.valuesFiles);
clearOutputs(options.outdir);

const app = new App({ outdir: options.outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
const chart = new TodoChatbotChart(app, 'todo-chatbot', { values });
app.synth();
writeCompanionFiles(chart, options.outdir);
