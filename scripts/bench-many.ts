// A chart of N ApiService + WebApp pairs, synthesized in memory: shows how synthesis cost grows.
import { App, Chart } from 'cdk8s';
import { ApiService, AppSecrets, WebApp } from '../lib';

const pairs = Number(process.argv[2] ?? 50);
const started = process.hrtime.bigint();
const app = new App({ outdir: process.argv[3] ?? '.cache/bench-out' });
const chart = new Chart(app, 'many', { disableResourceNameHashes: true });
for (let i = 0; i < pairs; i++) {
  const secrets = new AppSecrets(chart, `secrets-${i}`, { keys: [{ name: 'DATABASE_URL' }, { name: 'API_KEY', required: false }] });
  const api = new ApiService(chart, `api-${i}`, { image: `api:1.0.${i}`, config: { INDEX: String(i) }, secrets });
  new WebApp(chart, `web-${i}`, { image: `web:1.0.${i}`, serviceType: 'NodePort', nodePort: 30000 + i, apiUrl: api.url });
}
app.synth();
process.stdout.write(`${Number(process.hrtime.bigint() - started) / 1e6}\n`);
