import { Chart, ChartProps, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { ApiService, ApiServiceProps, WebApp, WebAppProps } from '../../lib';
import { TodoChatbotChart, TodoChatbotValues, withValues } from '../../lib/todo-chatbot';
import { Manifest, objectId } from '../../scripts/manifests';

export type { Manifest };

/** A chart of its own in a new app, `test` unless named otherwise: the constructs' messages name it (`ApiService 'test/api'`). */
export function testChart(id = 'test', props?: ChartProps): Chart {
  return new Chart(Testing.app(), id, props);
}

/** An ApiService `api` of the image api:1.2.3 with `props` over that, in a new test chart unless `scope` is given. */
export function apiService(props: Partial<ApiServiceProps> = {}, scope: IConstruct = testChart()): ApiService {
  return new ApiService(scope, 'api', { image: 'api:1.2.3', ...props });
}

/** A WebApp `web` of the image web:1.2.3 with `props` over that, in a new test chart unless `scope` is given. */
export function webApp(props: Partial<WebAppProps> = {}, scope: IConstruct = testChart()): WebApp {
  return new WebApp(scope, 'web', { image: 'web:1.2.3', ...props });
}

/** The objects of the chart `construct` is in (or is), synthesized in memory, in the order the chart has them. */
export function synthOf(construct: IConstruct): Manifest[] {
  return Testing.synth(Chart.of(construct));
}

/** The objects of a YAML stream (`helm template`'s output, a synthesized file), without its empty documents. */
export function objectsOf(yamlText: string): Manifest[] {
  return parseAllDocuments(yamlText).map((d) => d.toJS()).filter((o) => o !== null);
}

/** The objects ordered by kind and name, so two sets of objects compare equal whatever order each came in. */
export function byId(objects: Manifest[]): Manifest[] {
  return [...objects].sort((a, b) => objectId(a).localeCompare(objectId(b)));
}

/** The todo-chatbot chart, synthesized in memory (nothing is written), with values files merged over the defaults. */
export function synthPlainManifests(...valuesFiles: unknown[]): Manifest[] {
  return synthWithValues(withValues(...valuesFiles));
}

/** The chart synthesized with complete values. */
export function synthWithValues(values: TodoChatbotValues): Manifest[] {
  return Testing.synth(new TodoChatbotChart(Testing.app(), 'todo-chatbot', { values }));
}

/** The one object of `kind` named `name`; throws naming what exists when there is none. */
export function findObject(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}/${name}, found ${found.length} among ${objects.map(objectId).join(', ')}`);
  }
  return found[0];
}

/** The pod spec of the Deployment named `name`; throws naming what exists when there is none. */
export function deploymentPodSpec(objects: Manifest[], name: string): Manifest {
  return findObject(objects, 'Deployment', name).spec.template.spec;
}

/** The Deployment of a component (`backend` or `frontend`), found by its app.kubernetes.io/component label. */
export function deploymentOf(objects: Manifest[], component: string): Manifest {
  const found = objects.filter((o) => o.kind === 'Deployment' && o.metadata?.labels?.['app.kubernetes.io/component'] === component);
  if (found.length !== 1) throw new Error(`expected one Deployment of component ${component}, found ${found.length}`);
  return found[0];
}

/** Drops the labels only Helm adds, and orders objects by kind and name: plain and Helm output compare equal. */
export function comparable(objects: Manifest[]): Manifest[] {
  const strip = (labels?: Record<string, string>) => {
    if (!labels) return;
    delete labels['helm.sh/chart'];
    delete labels['app.kubernetes.io/managed-by'];
  };
  const copy = JSON.parse(JSON.stringify(objects)) as Manifest[];
  for (const o of copy) {
    strip(o.metadata?.labels);
    strip(o.spec?.template?.metadata?.labels);
  }
  // Only the chart has the pods `helm test` runs (test/options.test.ts checks them).
  return byId(copy.filter((o) => o.metadata?.annotations?.['helm.sh/hook'] !== 'test'));
}
