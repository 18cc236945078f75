// Cross-object wiring checks over plain manifests: the mistakes a schema cannot see because each object is valid on
// its own (a Service selecting nothing, a probe on an undeclared port, a reference to a ConfigMap that is not there).
import { containersOf, Manifest, objectId as id, podReferences, podSpecOf, selectedDeployments, selects } from '../../scripts/manifests';

type Obj = Manifest;

export interface WiringOptions {
  /** Secrets the user creates outside these manifests (e.g. `kubectl apply -f secrets.yaml`); references are fine. */
  declaredSecrets?: string[];
}

const namespaceOf = (o: Obj): string => o.metadata?.namespace ?? '';
const showLabels = (labels: Record<string, string> = {}) =>
  Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';

/** Whether `port` (a number, or a port name) is declared by one of `containers`. */
function declaresPort(containers: Obj[], port: number | string): boolean {
  return containers.some((c) => (c.ports ?? []).some((p: Obj) => (typeof port === 'number' ? p.containerPort === port : p.name === port)));
}

/** Every wiring problem, one message each; empty when the objects fit together. */
export function wiringProblems(objs: object[], opts: WiringOptions = {}): string[] {
  const all = objs as Obj[];
  const problems: string[] = [];
  const named = (kind: string, name: string, ns: string) =>
    all.find((o) => o.kind === kind && o.metadata?.name === name && namespaceOf(o) === ns);
  const deployments = all.filter((o) => o.kind === 'Deployment');

  for (const d of deployments) {
    const matchLabels = d.spec?.selector?.matchLabels;
    const templateLabels = d.spec?.template?.metadata?.labels;
    if (!matchLabels || Object.keys(matchLabels).length === 0) {
      problems.push(`${id(d)} has no spec.selector.matchLabels`);
    } else if (!selects(matchLabels, templateLabels)) {
      problems.push(`${id(d)} selector ${showLabels(matchLabels)} does not match its pod template labels ${showLabels(templateLabels)}`);
    }
  }

  for (const s of all.filter((o) => o.kind === 'Service' && o.spec?.type !== 'ExternalName')) {
    const selector = s.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) {
      problems.push(`${id(s)} has no selector`);
      continue;
    }
    const selected = selectedDeployments(s, deployments);
    if (selected.length !== 1) {
      const which = selected.length ? `: ${selected.map(id).join(', ')}` : '';
      problems.push(`${id(s)} selects ${selected.length} Deployments (selector ${showLabels(selector)})${which}`);
      continue;
    }
    const containers = podSpecOf(selected[0])?.containers ?? [];
    for (const p of s.spec?.ports ?? []) {
      const target = p.targetPort ?? p.port; // Kubernetes defaults targetPort to port
      if (!declaresPort(containers, target)) {
        problems.push(`${id(s)} port ${p.name ?? p.port} targets ${JSON.stringify(target)}, which no container of ${id(selected[0])} declares`);
      }
    }
  }

  for (const w of all) {
    const pod = podSpecOf(w);
    if (!pod) continue;
    const ns = namespaceOf(w);
    for (const ref of podReferences(pod)) {
      const target = named(ref.kind, ref.name, ns);
      // Kubernetes starts the pod without an optional source; the user may create a Secret outside the manifests.
      if (!target && !ref.optional && !(ref.kind === 'Secret' && opts.declaredSecrets?.includes(ref.name))) {
        problems.push(`${id(w)} ${ref.via} names missing ${ref.kind}/${ref.name}`);
      }
      const keys = { ...target?.data, ...target?.binaryData, ...target?.stringData };
      if (target && ref.key !== undefined && !ref.optional && !(ref.key in keys)) {
        problems.push(`${id(w)} ${ref.via} names key ${JSON.stringify(ref.key)} missing from ${ref.kind}/${ref.name}`);
      }
    }

    const volumeNames = new Set((pod.volumes ?? []).map((v: Obj) => v.name));
    for (const c of containersOf(pod)) {
      const where = `container ${c.name}`;
      for (const m of c.volumeMounts ?? []) {
        if (!volumeNames.has(m.name)) problems.push(`${id(w)} ${where} mounts ${JSON.stringify(m.name)}, which is not a volume of the pod`);
      }
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port ?? c[probe]?.grpc?.port;
        if (port !== undefined && !declaresPort([c], port)) {
          problems.push(`${id(w)} ${where} ${probe} port ${JSON.stringify(port)} is not a declared port of the container`);
        }
      }
    }
  }
  return problems;
}
