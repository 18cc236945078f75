// The objects a values file names but the chart does not create (lib/todo-chatbot/prerequisites.ts), made the way
// the chart README tells users to: before the install, in the release's namespace (PriorityClasses cluster-wide).
import { stringify } from 'yaml';
import { Prerequisite, PREREQUISITES, TodoChatbotValues } from '../../../lib/todo-chatbot';
import { kubectl, runKubectl } from './cluster';

/** An object to create: its kind, name, and namespace (undefined: cluster-wide). */
export interface MadeObject { kind: string; name: string; namespace?: string }

/** PriorityClasses made so far (cluster-wide, so they outlive the namespaces): for `deletePriorityClasses`. */
const priorityClasses = new Set<string>();

function exists(object: MadeObject): boolean {
  return runKubectl(['get', object.kind.toLowerCase(), object.name, ...(object.namespace ? ['-n', object.namespace] : [])]).status === 0;
}

function make(p: Prerequisite, object: MadeObject): void {
  const ns = ['-n', object.namespace!];
  if (p.kind === 'Secret' && p.secretType === 'kubernetes.io/dockerconfigjson') {
    kubectl(['create', 'secret', 'docker-registry', object.name, ...ns, '--docker-server=registry.example.com:5000',
      '--docker-username=test', '--docker-password=test-only']);
  } else if (p.kind === 'Secret' && p.secretType === 'kubernetes.io/tls') {
    // The API server checks that both keys are there, not what they hold; the controller that reads them is absent.
    const data = { 'tls.crt': Buffer.from('test-only certificate').toString('base64'), 'tls.key': Buffer.from('test-only key').toString('base64') };
    kubectl(['create', ...ns, '-f', '-'], stringify({ apiVersion: 'v1', kind: 'Secret', type: p.secretType, metadata: { name: object.name }, data }));
  } else if (p.kind === 'Secret') {
    kubectl(['create', 'secret', 'generic', object.name, ...ns,
      '--from-literal=DATABASE_URL=postgresql://u:p@db:5432/todo', '--from-literal=JWT_SECRET=test-only']);
  } else if (p.kind === 'ServiceAccount') {
    kubectl(['create', 'serviceaccount', object.name, ...ns]);
  } else if (p.kind === 'PriorityClass') {
    kubectl(['create', 'priorityclass', object.name, '--value=1000', '--description=cluster suite']);
    priorityClasses.add(object.name);
  } else if (p.kind === 'PersistentVolumeClaim') {
    kubectl(['create', ...ns, '-f', '-'], stringify({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: object.name },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }));
  } else {
    const unknown: never = p.kind;
    throw new Error(`no way to make a prerequisite of kind ${unknown}`);
  }
}

/**
 * Creates every object the values name that the chart does not create, for a release of that name (those that
 * exist already are left).
 */
export function createPrerequisites(namespace: string, values: TodoChatbotValues, releaseName?: string): MadeObject[] {
  const made: MadeObject[] = [];
  for (const p of PREREQUISITES) {
    for (const name of p.names(values, releaseName)) {
      const object = { kind: p.kind, name, namespace: p.clusterScoped ? undefined : namespace };
      if (!exists(object)) make(p, object);
      made.push(object);
    }
  }
  return made;
}

/** The objects still exist (the chart's uninstall must not take them). */
export function stillThere(objects: MadeObject[]): MadeObject[] {
  return objects.filter(exists);
}

/** Deletes the PriorityClasses the suite made. */
export function deletePriorityClasses(): void {
  if (priorityClasses.size > 0) runKubectl(['delete', 'priorityclass', ...priorityClasses, '--ignore-not-found', '--wait=false']);
}
