import { Testing } from 'cdk8s';
import { TodoChatbotChart, TodoChatbotValues, withValues } from '../../lib/todo-chatbot';
import { Manifest, objectId } from '../../scripts/manifests';

export type { Manifest };

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
  return copy
    .filter((o) => o.metadata?.annotations?.['helm.sh/hook'] !== 'test')
    .sort((a, b) => objectId(a).localeCompare(objectId(b)));
}
