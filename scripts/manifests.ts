// Reading synthesized manifests: a workload's pods, the objects its pods reference (ConfigMaps, Secrets,
// claims) and the Deployments a Service selects. One reading for the data model (scripts/docs.ts) and for the
// wiring checks (test/support/wiring.ts), so the docs describe exactly the references the tests check.

/** A Kubernetes object as synthesized (plain JSON). */
export type Manifest = Record<string, any>;

/** `Kind/name`. */
export const objectId = (o: Manifest) => `${o.kind}/${o.metadata?.name}`;

/**
 * The leaves of a JSON value by path (`a.b[name].c`), each as JSON; an array of named items (containers, volumes,
 * env, ports) is keyed by name, so inserting one item changes one path, not the index of every item after it.
 * An empty object or array is a leaf (`{}`, `[]`). The docs' differences and the tests' "what a value changes" read it.
 */
export function leafPaths(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value === null || typeof value !== 'object') return out.set(prefix, JSON.stringify(value));
  const entries = Object.entries(value);
  if (entries.length === 0) out.set(prefix, Array.isArray(value) ? '[]' : '{}');
  const named = Array.isArray(value) && value.every((item) => typeof item?.name === 'string');
  for (const [k, v] of entries) leafPaths(v, Array.isArray(value) ? `${prefix}[${named ? v.name : k}]` : prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/** Whether every label of `selector` is in `labels` (an empty selector selects nothing). */
export const selects = (selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>> | undefined) =>
  Object.keys(selector ?? {}).length > 0 && Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

/** The pod template spec of a workload, or undefined for objects that run no pods. */
export function podSpecOf(o: Manifest): Manifest | undefined {
  switch (o.kind) {
    case 'Pod': return o.spec;
    case 'CronJob': return o.spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job': return o.spec?.template?.spec;
    default: return undefined;
  }
}

/** The containers of a pod spec, init containers first. */
export const containersOf = (pod: Manifest | undefined): Manifest[] => [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];

/** The Deployments (among `objects`, in the Service's namespace) a Service sends traffic to. */
export const selectedDeployments = (service: Manifest, objects: readonly Manifest[]) => objects.filter((o) => o.kind === 'Deployment'
  && (o.metadata?.namespace ?? '') === (service.metadata?.namespace ?? '') && selects(service.spec?.selector, o.spec?.template?.metadata?.labels));

/** One object a pod reads. */
export interface PodReference {
  readonly kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim';
  readonly name: string;
  /** Where the pod names it: `imagePullSecrets`, `volume NAME`, `container C envFrom`, `container C env VAR`. */
  readonly via: string;
  /** How: `imagePullSecrets`, `volume`, `envFrom`, `configMapKeyRef` or `secretKeyRef`. */
  readonly how: 'imagePullSecrets' | 'volume' | 'envFrom' | 'configMapKeyRef' | 'secretKeyRef';
  /** The pod starts without it. */
  readonly optional: boolean;
  /** The key an environment variable reads (key references). */
  readonly key?: string;
  /** The volume's name (volumes). */
  readonly volume?: string;
}

/** Every object a pod spec references, in the order the pod spec names them: pull secrets, volumes, then each container's envFrom and env. */
export function podReferences(pod: Manifest): PodReference[] {
  const refs: PodReference[] = [];
  for (const s of pod.imagePullSecrets ?? []) refs.push({ kind: 'Secret', name: s.name, via: 'imagePullSecrets', how: 'imagePullSecrets', optional: false });
  for (const v of pod.volumes ?? []) {
    const volume = { via: `volume ${v.name}`, how: 'volume' as const, volume: v.name };
    if (v.configMap) refs.push({ kind: 'ConfigMap', name: v.configMap.name, optional: !!v.configMap.optional, ...volume });
    if (v.secret) refs.push({ kind: 'Secret', name: v.secret.secretName, optional: !!v.secret.optional, ...volume });
    if (v.persistentVolumeClaim) refs.push({ kind: 'PersistentVolumeClaim', name: v.persistentVolumeClaim.claimName, optional: false, ...volume });
    for (const source of v.projected?.sources ?? []) {
      if (source.configMap) refs.push({ kind: 'ConfigMap', name: source.configMap.name, optional: !!source.configMap.optional, ...volume });
      if (source.secret) refs.push({ kind: 'Secret', name: source.secret.name, optional: !!source.secret.optional, ...volume });
    }
  }
  for (const c of containersOf(pod)) {
    for (const from of c.envFrom ?? []) {
      const via = `container ${c.name} envFrom`;
      if (from.configMapRef) refs.push({ kind: 'ConfigMap', name: from.configMapRef.name, via, how: 'envFrom', optional: !!from.configMapRef.optional });
      if (from.secretRef) refs.push({ kind: 'Secret', name: from.secretRef.name, via, how: 'envFrom', optional: !!from.secretRef.optional });
    }
    for (const e of c.env ?? []) {
      const via = `container ${c.name} env ${e.name}`;
      const cm = e.valueFrom?.configMapKeyRef;
      const secret = e.valueFrom?.secretKeyRef;
      if (cm) refs.push({ kind: 'ConfigMap', name: cm.name, via, how: 'configMapKeyRef', optional: !!cm.optional, key: cm.key });
      if (secret) refs.push({ kind: 'Secret', name: secret.name, via, how: 'secretKeyRef', optional: !!secret.optional, key: secret.key });
    }
  }
  return refs;
}
