// The Helm derivation of a synthetic chart with N structural settings: how its cost grows with N.
//   node -r ./scripts/register-ts.js scripts/bench-derivation.ts 5 10 20 40
// Each setting `featureI.enabled` adds a ConfigMap and an item to a shared list; every other one has a
// dependent `featureI.mode` (only matters when enabled) that changes a field of that ConfigMap. The objects
// of one synthesis do not grow with N, so the time shows the number of syntheses: 1 + 1.5 N, linear.
import { Chart } from 'cdk8s';
import { HelmChartSpec, helmChartFiles } from '../lib/helm/helm-chart';
import { synthesisCount } from '../lib/helm/derivation';
import { bool, choice, group, Group, int, str, structuralSettingsOf, ValuesOf } from '../lib/values-model';
import * as k8s from '../imports/k8s';
import { todoChatbotHelmChartFiles } from '../lib/todo-chatbot/helm';
import { valuesModel } from '../lib/todo-chatbot/values';

/** A values model with `settings` boolean structural settings (and half as many dependent choices). */
export function syntheticModel(settings: number): Group<any> {
  return group('Synthetic chart.', Object.fromEntries(Array.from({ length: settings }, (_, i) => [`feature${i}`, group(`Feature ${i}.`, {
    enabled: bool(`Turns feature ${i} on.`, false),
    size: int(`Size of feature ${i}.`, i + 1, 0),
    label: str(`Label of feature ${i}.`, `f${i}`),
    ...(i % 2 === 0 ? { mode: choice(`Mode of feature ${i}.`, 'fast', ['fast', 'safe'], { dependsOn: { path: `feature${i}.enabled`, value: true } }) } : {}),
  })])));
}

/** The chart spec of the synthetic model. */
export function syntheticSpec(settings: number): HelmChartSpec {
  const model = syntheticModel(settings);
  return {
    chartYaml: { apiVersion: 'v2', name: 'synthetic', version: '0.1.0' },
    model,
    valuesHeader: 'Synthetic.',
    helpers: '',
    labelsHelpers: [],
    notes: '',
    synthesize: (values, app) => {
      const v = values as ValuesOf<typeof model>;
      const chart = new Chart(app, 'synthetic');
      const features = Object.entries(v as Record<string, { enabled: boolean; size: number; label: string; mode?: string }>);
      new k8s.KubeConfigMap(chart, 'Shared', {
        metadata: { name: 'shared' },
        data: { size: String(features[0][1].size) },
      });
      new k8s.KubeDeployment(chart, 'Workload', {
        metadata: { name: 'workload' },
        spec: {
          selector: { matchLabels: { app: 'w' } },
          template: {
            metadata: { labels: { app: 'w' } },
            spec: {
              containers: [{
                name: 'main',
                image: 'main:1',
                env: features.filter(([, f]) => f.enabled).map(([name, f]) => ({ name: name.toUpperCase(), value: f.label })),
              }],
            },
          },
        },
      });
      for (const [name, f] of features.filter(([, x]) => x.enabled)) {
        new k8s.KubeConfigMap(chart, name, {
          metadata: { name },
          data: { label: f.label, ...(f.mode === 'safe' ? { safe: 'true' } : {}) },
        });
      }
      return chart;
    },
  };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

if (require.main === module) {
  const counts = process.argv.slice(2).map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const time = (derive: () => void) => median(Array.from({ length: runs }, () => {
    const started = process.hrtime.bigint();
    derive();
    return Number(process.hrtime.bigint() - started) / 1e6;
  }));
  for (let i = 0; i < 3; i++) helmChartFiles(syntheticSpec(5)); // warm up
  for (const n of counts.length ? counts : [5, 10, 20, 40]) {
    const spec = syntheticSpec(n);
    const syntheses = synthesisCount(structuralSettingsOf(spec.model));
    const ms = time(() => helmChartFiles(spec));
    process.stdout.write(`${String(n).padStart(4)} settings  ${String(syntheses).padStart(4)} syntheses  ${ms.toFixed(1).padStart(8)} ms  `
      + `(${(ms / syntheses).toFixed(2)} ms each; every combination would be 2^${n} = ${2 ** n} syntheses)\n`);
  }
  const settings = structuralSettingsOf(valuesModel);
  const ms = time(() => todoChatbotHelmChartFiles());
  process.stdout.write(`${String(settings.length).padStart(4)} settings  ${String(synthesisCount(settings)).padStart(4)} syntheses  `
    + `${ms.toFixed(1).padStart(8)} ms  the todo-chatbot chart (${settings.map((s) => s.path).join(', ')})\n`);
}
