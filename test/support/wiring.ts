// Cross-object wiring checks over plain manifests: the mistakes a schema cannot see because each object is valid on
// its own (a Service selecting nothing, a probe on an undeclared port, a reference to a ConfigMap that is not there).
type Obj = Record<string, any>;

export interface WiringOptions {
  /** Secrets the user creates outside these manifests (e.g. `kubectl apply -f secrets.yaml`); references are fine. */
  declaredSecrets?: string[];
}

const id = (o: Obj) => `${o.kind}/${o.metadata?.name}`;
const namespaceOf = (o: Obj): string => o.metadata?.namespace ?? '';
const showLabels = (labels: Record<string, string> = {}) =>
  Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
const isSubset = (sub: Record<string, string> | undefined, of: Record<string, string> | undefined) =>
  Object.entries(sub ?? {}).every(([k, v]) => of?.[k] === v);

/** The pod template spec of a workload, or undefined for objects that run no pods. */
function podSpecOf(o: Obj): Obj | undefined {
  switch (o.kind) {
    case 'Pod': return o.spec;
    case 'CronJob': return o.spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job': return o.spec?.template?.spec;
    default: return undefined;
  }
}

function containersOf(pod: Obj): Obj[] {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

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
    } else if (!isSubset(matchLabels, templateLabels)) {
      problems.push(`${id(d)} selector ${showLabels(matchLabels)} does not match its pod template labels ${showLabels(templateLabels)}`);
    }
  }

  for (const s of all.filter((o) => o.kind === 'Service' && o.spec?.type !== 'ExternalName')) {
    const selector = s.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) {
      problems.push(`${id(s)} has no selector`);
      continue;
    }
    const selected = deployments.filter((d) => namespaceOf(d) === namespaceOf(s) && isSubset(selector, d.spec?.template?.metadata?.labels));
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
    const requireObject = (kind: string, name: string, what: string, optional?: boolean) => {
      if (optional) return; // Kubernetes starts the pod without an optional source
      if (named(kind, name, ns)) return;
      if (kind === 'Secret' && opts.declaredSecrets?.includes(name)) return;
      problems.push(`${id(w)} ${what} names missing ${kind}/${name}`);
    };
    const requireKey = (kind: string, ref: Obj, what: string) => {
      const target = named(kind, ref.name, ns);
      const keys = { ...target?.data, ...target?.binaryData, ...target?.stringData };
      if (target && !ref.optional && !(ref.key in keys)) problems.push(`${id(w)} ${what} names key ${JSON.stringify(ref.key)} missing from ${kind}/${ref.name}`);
    };

    for (const s of pod.imagePullSecrets ?? []) requireObject('Secret', s.name, 'imagePullSecrets');

    const volumeNames = new Set<string>();
    for (const v of pod.volumes ?? []) {
      volumeNames.add(v.name);
      const what = `volume ${v.name}`;
      if (v.configMap) requireObject('ConfigMap', v.configMap.name, what, v.configMap.optional);
      if (v.secret) requireObject('Secret', v.secret.secretName, what, v.secret.optional);
      if (v.persistentVolumeClaim) requireObject('PersistentVolumeClaim', v.persistentVolumeClaim.claimName, what);
      for (const source of v.projected?.sources ?? []) {
        if (source.configMap) requireObject('ConfigMap', source.configMap.name, what, source.configMap.optional);
        if (source.secret) requireObject('Secret', source.secret.name, what, source.secret.optional);
      }
    }

    for (const c of containersOf(pod)) {
      const where = `container ${c.name}`;
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef) requireObject('ConfigMap', from.configMapRef.name, `${where} envFrom`, from.configMapRef.optional);
        if (from.secretRef) requireObject('Secret', from.secretRef.name, `${where} envFrom`, from.secretRef.optional);
      }
      for (const e of c.env ?? []) {
        const cm = e.valueFrom?.configMapKeyRef;
        const secret = e.valueFrom?.secretKeyRef;
        if (cm) {
          requireObject('ConfigMap', cm.name, `${where} env ${e.name}`, cm.optional);
          requireKey('ConfigMap', cm, `${where} env ${e.name}`);
        }
        if (secret) {
          requireObject('Secret', secret.name, `${where} env ${e.name}`, secret.optional);
          requireKey('Secret', secret, `${where} env ${e.name}`);
        }
      }
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
