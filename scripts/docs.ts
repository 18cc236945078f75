/**
 * `npm run docs` writes docs/data-model.md from the synthesized chart, so that the description of every Kubernetes
 * object and of every Helm value comes from the code and cannot drift from it (test/docs.test.ts fails when the file
 * differs from what this produces).
 *
 * The chart is synthesized in memory with the default values and once per structural case of the values model, so
 * that every object the chart can create is described, each with the values under which it exists, and every
 * difference a structural value makes is listed. What is not particular to this chart is elsewhere: reading
 * manifests in scripts/manifests.ts, markdown in scripts/markdown.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { CHART_NAME, devValues, SECRET_KEYS, TodoChatbotChart, valuesModel, withValues } from '../lib/todo-chatbot';
import { parseQuantity } from '../lib/validation';
import { leavesOf, structuralVariantsOf, valuesFileOf } from '../lib/values-model';
import { containersOf as podContainers, leafPaths, Manifest, objectId, podReferences, podSpecOf, selectedDeployments } from './manifests';
import { code, table, valuesTable } from './markdown';

/** The generated file, relative to the repository root. */
export const DATA_MODEL_FILE = path.join('docs', 'data-model.md');

/** A set of values the chart is synthesized with for the docs. */
export interface Variant {
  /** The values that make this variant, by dotted path; shown in the docs. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Further values it needs to be valid, not shown (placeholders for the required secret values). */
  readonly hidden?: Readonly<Record<string, string>>;
}

/**
 * The variants the docs are synthesized in: the defaults first, then one per structural case of the values model
 * (structuralVariantsOf), so a new switch of the model is documented with no change here.
 */
export const VARIANTS: readonly Variant[] = structuralVariantsOf(valuesModel).map((v) => ({
  settings: Object.fromEntries(v.settings),
  hidden: v.settings.get('secrets.create') === true
    ? Object.fromEntries(SECRET_KEYS.filter((k) => k.required).map((k) => [`secrets.values.${k.name}`, 'not-a-real-secret'])) : undefined,
}));

/** `a.b.c=1` style label of a variant; a pass-through value shows whole when short, else as its kind (the differences show it all). */
export function variantLabel(variant: Variant): string {
  const show = (v: unknown) => (typeof v !== 'object' ? String(v) : JSON.stringify(v).length <= 40 ? JSON.stringify(v) : Array.isArray(v) ? '[…]' : '{…}');
  const entries = Object.entries(variant.settings);
  return entries.length === 0 ? 'defaults' : entries.map(([k, v]) => `${k}=${show(v)}`).join(', ');
}

/** The objects of the plain synthesis (release `todo-chatbot`) with a variant's values. */
export function synthVariant(variant: Variant): Manifest[] {
  return new TodoChatbotChart(new App(), CHART_NAME, { values: withValues(valuesFileOf({ ...variant.settings, ...variant.hidden })) }).toJson();
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the objects

/** Every object the variants create, and which variants create it. */
interface Catalog {
  /** The objects of each variant. */
  readonly byVariant: Manifest[][];
  /** Every object any variant creates, by id, in order of first appearance (defaults first). */
  readonly objects: Map<string, Manifest>;
  /** For each object id, the indexes of the variants that create it. */
  readonly presence: Map<string, number[]>;
}

function catalog(): Catalog {
  const byVariant = VARIANTS.map(synthVariant);
  const objects = new Map<string, Manifest>();
  const presence = new Map<string, number[]>();
  byVariant.forEach((objs, i) => objs.forEach((o) => {
    if (!objects.has(objectId(o))) objects.set(objectId(o), o);
    presence.set(objectId(o), [...(presence.get(objectId(o)) ?? []), i]);
  }));
  return { byVariant, objects, presence };
}

const containersOf = (o: Manifest) => podContainers(podSpecOf(o));
const deploymentsOf = (objs: readonly Manifest[]) => objs.filter((o) => o.kind === 'Deployment');
/** The variants at `indexes`, as code spans joined by `separator`. */
const variantList = (indexes: readonly number[], separator = ' or ') => indexes.map((i) => code(variantLabel(VARIANTS[i]))).join(separator);
/** `Kind [`name`](#anchor)`, the anchor GitHub gives the heading `### Kind `name``. */
const link = (o: Manifest) => `${o.kind} [${code(o.metadata.name)}](#${`${o.kind}-${o.metadata.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '')})`;
const labelList = (labels: Record<string, string> | undefined) => Object.entries(labels ?? {}).map(([k, v]) => code(`${k}=${v}`)).join(', ') || '(none)';
/** A JSON value on one line, as its leaves (`a.b: 1, c[0]: "x"`). */
const compactJson = (value: unknown) => [...leafPaths(value)].map(([k, v]) => (k ? `${k}: ${v}` : v)).join(', ') || '{}';

/** A Service's port target as a container port number, resolving a port name against the selected pods. */
function resolveTarget(targetPort: unknown, deployments: readonly Manifest[]): string {
  const port = deployments.flatMap(containersOf).flatMap((c) => c.ports ?? []).find((p: Manifest) => p.name === targetPort);
  return typeof targetPort !== 'number' && port ? `${targetPort} (${port.containerPort})` : String(targetPort);
}

/** An object a Deployment's pods read, with how; a Secret's or ConfigMap's keys when read key by key. */
interface Reference { kind: string; name: string; how: string; keys?: { key: string; optional: boolean }[] }

/** What a Deployment's pods read (pull secrets aside): one entry per object and way of reading it. */
function referencesOf(d: Manifest): Reference[] {
  const refs: Reference[] = [];
  for (const r of podReferences(podSpecOf(d) ?? {}).filter((x) => x.how !== 'imagePullSecrets')) {
    const mounts = containersOf(d).flatMap((c) => c.volumeMounts ?? []).filter((m: Manifest) => m.name === r.volume).map((m: Manifest) => m.mountPath);
    const how = r.how !== 'volume' ? r.how : `volume ${r.volume}${mounts.length ? ` → ${mounts.join(', ')}` : ''}`;
    const keys = r.key === undefined ? undefined : [{ key: r.key, optional: r.optional }];
    const existing = refs.find((x) => x.kind === r.kind && x.name === r.name && x.how === how);
    if (!existing) refs.push({ kind: r.kind, name: r.name, how, keys });
    else if (keys) existing.keys = [...(existing.keys ?? []), ...keys];
  }
  return refs;
}

/** The Deployments among `all` that read the object `kind`/`name`. */
const readersOf = (kind: string, name: string, all: readonly Manifest[]) =>
  deploymentsOf(all).filter((d) => referencesOf(d).some((r) => r.kind === kind && r.name === name));

/** The Service a plain env value is a URL of (`http://name[:port]/...`), if any. */
const serviceOfUrl = (value: unknown, all: readonly Manifest[]) => (typeof value !== 'string' ? undefined
  : all.find((o) => o.kind === 'Service' && new RegExp(`^https?://${o.metadata.name}(:|/|$)`).test(value)));

// ---------------------------------------------------------------------------------------------------------------
// The diagram

function diagram(cat: Catalog, external: ReadonlySet<string>): string {
  const nodeId = (kind: string, name: string) => `${kind.replace(/[^A-Za-z]/g, '').toLowerCase()}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
  const lines = ['  browser(["Browser on your machine"])'];
  const optional: string[] = [];
  const externalIds: string[] = [];
  for (const [id, o] of cat.objects) {
    const node = nodeId(o.kind, o.metadata.name);
    const present = cat.presence.get(id)!;
    if (external.has(id)) {
      // By default the user creates it; a variant may let the chart create it.
      const chart = present.length ? ` (or by the chart with ${present.map((i) => variantLabel(VARIANTS[i])).join(' or ')})` : '';
      lines.push(`  ${node}[("${o.kind}<br/>${o.metadata.name}<br/>created by you${chart}")]`);
      externalIds.push(node);
      continue;
    }
    const detail = o.kind === 'Service' ? `<br/>${o.spec.type} ${(o.spec.ports ?? []).map((p: Manifest) => p.port).join(', ')}`
      : o.kind === 'Deployment' ? `<br/>${containersOf(o).map((c) => c.image).join(', ')}`
        : o.kind === 'PersistentVolumeClaim' ? `<br/>${o.spec?.resources?.requests?.storage ?? ''} ${(o.spec?.accessModes ?? []).join(',')}` : '';
    const [open, close] = o.kind === 'Deployment' ? ['[', ']'] : o.kind === 'Service' ? ['([', '])'] : ['[(', ')]'];
    lines.push(`  ${node}${open}"${o.kind}<br/>${o.metadata.name}${detail}"${close}`);
    if (!present.includes(0)) optional.push(node);
  }
  // Host paths: a node directory, not an object.
  const hostPaths = new Map<string, { deployment: string; volume: string; path: string; mount: string; variants: number[] }>();
  cat.byVariant.forEach((objs, i) => deploymentsOf(objs).forEach((d) => (podSpecOf(d)?.volumes ?? []).filter((v: Manifest) => v.hostPath).forEach((v: Manifest) => {
    const key = `${d.metadata.name}:${v.hostPath.path}`;
    const mount = containersOf(d).flatMap((c) => c.volumeMounts ?? []).find((m: Manifest) => m.name === v.name)?.mountPath ?? '';
    if (!hostPaths.has(key)) hostPaths.set(key, { deployment: d.metadata.name, volume: v.name, path: v.hostPath.path, mount, variants: [] });
    hostPaths.get(key)!.variants.push(i);
  })));
  [...hostPaths.values()].forEach((h, n) => {
    lines.push(`  hostpath_${n}[("node directory<br/>${h.path}<br/>${h.variants.map((i) => variantLabel(VARIANTS[i])).join(' or ')}")]`,
      `  hostpath_${n} -.->|"hostPath volume ${h.volume} → ${h.mount}"| ${nodeId('Deployment', h.deployment)}`);
    optional.push(`hostpath_${n}`);
  });
  // Edges, from every variant (a claim is mounted only where it exists), each once, in order of first appearance.
  const edges = new Set<string>();
  const yours = new Map<string, number[]>();
  cat.byVariant.forEach((objs, i) => {
    for (const s of objs.filter((o) => o.kind === 'Service')) {
      for (const p of s.spec.ports ?? []) {
        if (p.nodePort !== undefined) edges.add(`  browser -->|"node port ${p.nodePort}"| ${nodeId('Service', s.metadata.name)}`);
        for (const d of selectedDeployments(s, objs)) {
          edges.add(`  ${nodeId('Service', s.metadata.name)} -->|"${p.port} → ${resolveTarget(p.targetPort, [d])}"| ${nodeId('Deployment', d.metadata.name)}`);
        }
      }
    }
    for (const d of deploymentsOf(objs)) {
      for (const e of containersOf(d).flatMap((c) => c.env ?? [])) {
        const service = serviceOfUrl(e.value, objs);
        if (!service) continue;
        edges.add(`  ${nodeId('Deployment', d.metadata.name)} -->|"${e.name}=${e.value}<br/>(server-side code)"| ${nodeId('Service', service.metadata.name)}`);
      }
      for (const r of referencesOf(d)) {
        const what = r.keys ? `${r.how}: ${r.keys.filter((k) => !k.optional).length} required, ${r.keys.filter((k) => k.optional).length} optional keys` : r.how;
        edges.add(`  ${nodeId(r.kind, r.name)} -.->|"${what}"| ${nodeId('Deployment', d.metadata.name)}`);
        const id = `${r.kind}/${r.name}`;
        if (!cat.objects.has(id)) yours.set(id, [...new Set([...(yours.get(id) ?? []), i])]);
      }
    }
  });
  // What some variant's pods read but no variant creates (an existing claim): yours, with those values.
  for (const [id, variants] of yours) {
    const [kind, name] = id.split('/');
    lines.push(`  ${nodeId(kind, name)}[("${kind}<br/>${name}<br/>yours, with ${variants.map((i) => variantLabel(VARIANTS[i])).join(' or ')}")]`);
    optional.push(nodeId(kind, name));
  }
  return ['```mermaid', 'flowchart LR', ...lines, ...edges,
    '  classDef optional stroke-dasharray: 5 5;', '  classDef external fill:#fff5e6,stroke:#d08000;',
    ...(optional.length ? [`  class ${optional.join(',')} optional;`] : []), ...(externalIds.length ? [`  class ${externalIds.join(',')} external;`] : []),
    '```'].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// The objects

function probeRows(c: Manifest): string[][] {
  const kinds: Array<[string, string, string]> = [
    ['startupProbe', 'startup', 'the container is restarted; liveness and readiness wait until it succeeds once'],
    ['livenessProbe', 'liveness', 'the container is restarted'],
    ['readinessProbe', 'readiness', 'the pod is taken out of its Service until it answers again'],
  ];
  return kinds.filter(([key]) => c[key]).map(([key, name, effect]) => {
    // Kubernetes' defaults for what the probe leaves out.
    const { initialDelaySeconds = 0, periodSeconds = 10, timeoutSeconds = 1, failureThreshold = 3, ...check } = c[key];
    const budget = periodSeconds * failureThreshold;
    return [name, code(check.httpGet ? `GET ${check.httpGet.path} on port ${check.httpGet.port}` : compactJson(check)),
      ...[initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold].map(String),
      `${name === 'startup' ? `${initialDelaySeconds + budget} s after start` : `${budget} s of failures`}: ${effect}`];
  });
}

function volumeSource(v: Manifest | undefined): string {
  if (!v) return '(missing volume)';
  if (v.emptyDir) return `emptyDir (lost with the pod)${Object.keys(v.emptyDir).length ? ` ${compactJson(v.emptyDir)}` : ''}`;
  if (v.persistentVolumeClaim) return `PersistentVolumeClaim ${code(v.persistentVolumeClaim.claimName)}`;
  if (v.hostPath) return `hostPath ${code(v.hostPath.path)} (${v.hostPath.type ?? 'no type check'}) on the node`;
  if (v.configMap) return `ConfigMap ${code(v.configMap.name)}`;
  if (v.secret) return `Secret ${code(v.secret.secretName)}`;
  const { name: _name, ...source } = v;
  return compactJson(source);
}

function envRows(c: Manifest, all: readonly Manifest[]): string[][] {
  const rows = (c.env ?? []).map((e: Manifest) => {
    const service = serviceOfUrl(e.value, all);
    const secret = e.valueFrom?.secretKeyRef;
    const configMap = e.valueFrom?.configMapKeyRef;
    if (e.value !== undefined) return [code(e.name), 'value', `${code(e.value)}${service ? ` (${link(service)}, resolvable inside the cluster only)` : ''}`];
    if (secret) {
      return [code(e.name), `Secret ${code(secret.name)}, key ${code(secret.key)}`,
        secret.optional ? 'optional: unset when the key is missing' : 'required: the container does not start without it (CreateContainerConfigError)'];
    }
    if (configMap) return [code(e.name), `ConfigMap ${code(configMap.name)}, key ${code(configMap.key)}`, configMap.optional ? 'optional' : 'required'];
    return [code(e.name), 'valueFrom', code(compactJson(e.valueFrom))];
  });
  for (const from of c.envFrom ?? []) {
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const name = (from.configMapRef ?? from.secretRef)?.name;
    const source = all.find((o) => o.kind === kind && o.metadata.name === name);
    const keys = Object.keys(source?.data ?? source?.stringData ?? {});
    if (keys.length === 0) rows.push(['(every key)', `${kind} ${code(name)} (envFrom)`, '']);
    for (const key of keys) {
      rows.push([code(`${from.prefix ?? ''}${key}`), `${kind} ${code(name)} (envFrom)`, kind === 'ConfigMap' ? code(source!.data[key]) : '(secret)']);
    }
  }
  return rows;
}

function describeDeployment(d: Manifest, all: readonly Manifest[]): string[] {
  const pod = podSpecOf(d)!;
  const services = all.filter((o) => o.kind === 'Service' && selectedDeployments(o, [d]).length > 0);
  const ru = d.spec.strategy?.rollingUpdate;
  const annotations = Object.keys(d.spec.template?.metadata?.annotations ?? {})
    .map((k) => code(k) + (k === 'checksum/config' ? ' (sha256 of the ConfigMap data: changing the config rolls the pods)' : ''));
  const out = [
    `- Replicas: ${d.spec.replicas ?? 1}`,
    `- Selector (matchLabels): ${labelList(d.spec.selector?.matchLabels)}`,
    `- Strategy: ${d.spec.strategy?.type ?? 'RollingUpdate'}${ru ? `, maxSurge ${ru.maxSurge}, maxUnavailable ${ru.maxUnavailable}` : ''}`
      + (ru?.maxUnavailable === 0 ? ' (an old pod stops only after its replacement is ready: no downtime)' : ''),
    `- Behind: ${services.map(link).join(', ') || '(no Service)'}`,
    ...(annotations.length ? [`- Pod annotations: ${annotations.join(', ')}`] : []),
    `- Pod security context: ${code(compactJson(pod.securityContext ?? {}))}`,
    `- automountServiceAccountToken: ${pod.automountServiceAccountToken ?? 'true (default)'}`,
  ];
  for (const c of containersOf(d)) {
    const resources = (which: 'requests' | 'limits') => [code(c.resources?.[which]?.cpu ?? '-'), code(c.resources?.[which]?.memory ?? '-')];
    out.push('', `#### Container ${code(c.name)}`, '',
      `- Image: ${code(c.image)}, pull policy ${code(c.imagePullPolicy ?? 'IfNotPresent')}`,
      `- Ports: ${(c.ports ?? []).map((p: Manifest) => `${code(p.name ?? '')} ${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ') || '(none)'}`,
      `- Security context: ${code(compactJson(c.securityContext ?? {}))}`,
      '', '**Resources**', '',
      table(['', 'CPU', 'Memory'], [['requests (reserved by the scheduler)', ...resources('requests')],
        ['limits (CPU throttled, memory: container killed above it)', ...resources('limits')]]),
      '', '**Probes**', '',
      table(['Probe', 'Check', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'Gives up'], probeRows(c)),
      '', '**Volumes**', '',
      table(['Mount path', 'Volume', 'Source'], (c.volumeMounts ?? []).map((m: Manifest) => [
        code(m.mountPath) + (m.readOnly ? ' (read-only)' : ''), code(m.name), volumeSource((pod.volumes ?? []).find((v: Manifest) => v.name === m.name))])),
      ...(c.securityContext?.readOnlyRootFilesystem ? ['', 'The root filesystem is read-only: these mounts are the only writable paths.'] : []),
      '', '**Environment**', '',
      table(['Variable', 'From', 'Value / meaning'], envRows(c, all)));
  }
  return out;
}

function describeService(s: Manifest, all: readonly Manifest[]): string[] {
  const targets = selectedDeployments(s, all);
  const type = s.spec.type ?? 'ClusterIP';
  return [
    `- Type: ${type}${type === 'NodePort' ? ' (also opens the node port on every node)' : type === 'ClusterIP' ? ' (reachable only inside the cluster)' : ''}`,
    `- Selector: ${labelList(s.spec.selector)}`,
    `- Sends traffic to: ${targets.map((d) => `${link(d)} (its ready pods)`).join(', ') || '(no Deployment matches)'}`,
    '',
    table(['Port name', 'Port', 'Target port', 'Node port', 'Protocol', 'Address'], (s.spec.ports ?? []).map((p: Manifest) => [
      code(p.name ?? ''), String(p.port), resolveTarget(p.targetPort ?? p.port, targets), String(p.nodePort ?? '-'), p.protocol ?? 'TCP',
      `${code(`http://${s.metadata.name}:${p.port}`)} from pods in the namespace${p.nodePort === undefined ? '' : `; ${code(`http://<node IP>:${p.nodePort}`)} from outside`}`,
    ])),
  ];
}

function describeConfigMap(cm: Manifest, all: readonly Manifest[]): string[] {
  const hows = (d: Manifest) => referencesOf(d).filter((r) => r.kind === 'ConfigMap' && r.name === cm.metadata.name).map((r) => r.how).join(', ');
  return [
    `- Read by: ${readersOf('ConfigMap', cm.metadata.name, all).map((d) => `${link(d)} (${hows(d)})`).join(', ') || '(nothing)'}`,
    '',
    table(['Key', 'Value (defaults)'], Object.entries(cm.data ?? {}).map(([k, v]) => [code(k), code(v)])),
  ];
}

function describeSecret(secret: Manifest, created: readonly number[], all: readonly Manifest[]): string[] {
  const readers = readersOf('Secret', secret.metadata.name, all);
  const keys = new Map<string, { optional: boolean; readers: string[] }>();
  for (const d of readers) {
    for (const k of referencesOf(d).filter((r) => r.kind === 'Secret' && r.name === secret.metadata.name).flatMap((r) => r.keys ?? [])) {
      const entry = keys.get(k.key) ?? { optional: k.optional, readers: [] };
      entry.optional &&= k.optional;
      entry.readers.push(d.metadata.name);
      keys.set(k.key, entry);
    }
  }
  const unread = Object.keys(secret.stringData ?? secret.data ?? {}).filter((k) => !keys.has(k));
  return [
    `- Created by: ${created.includes(0) ? 'the chart' : `**you**, before the pods can start (see the quickstart)${created.length ? `; or by the chart with ${variantList(created)}, from ${code('secrets.values.*')}` : ''}`}`,
    `- Type: ${secret.type ?? 'Opaque'}`,
    `- Read by: ${readers.map(link).join(', ') || '(nothing)'}`,
    '',
    table(['Key', 'Needed', 'Read by'], [...keys].map(([k, v]) => [code(k), v.optional ? 'optional' : 'required', v.readers.map(code).join(', ')])),
    ...(unread.length ? ['', `The chart-created Secret also holds ${unread.map(code).join(', ')}, which no pod reads.`] : []),
  ];
}

function describeClaim(pvc: Manifest, all: readonly Manifest[]): string[] {
  return [
    `- Access modes: ${(pvc.spec.accessModes ?? []).map(code).join(', ')}`,
    `- Storage requested: ${code(pvc.spec.resources?.requests?.storage)}`,
    `- StorageClass: ${pvc.spec.storageClassName ? code(pvc.spec.storageClassName) : 'the cluster default (minikube: `standard`, its storage-provisioner creates a host-path volume)'}`,
    `- Mounted by: ${readersOf('PersistentVolumeClaim', pvc.metadata.name, all).map(link).join(', ') || '(nothing)'}`,
    '- Deleting the release or the manifests deletes the claim, and with the default reclaim policy (Delete) the data.',
  ];
}

/**
 * An object's section. It is described among the objects of the first variant that creates it, so that its
 * relations (who mounts a claim, say) are those of a synthesis where it exists; a Secret the user creates by
 * default among the defaults' objects.
 */
function describeObject(id: string, cat: Catalog, external: boolean): string {
  const o = cat.objects.get(id)!;
  const present = cat.presence.get(id)!;
  const all = cat.byVariant[external ? 0 : present[0]];
  const absent = VARIANTS.map((_, i) => i).filter((i) => !present.includes(i));
  const exists = external ? `created by you with the default values; ${present.length ? `synthesized only with ${variantList(present)}` : 'never synthesized'}`
    : absent.length === 0 ? 'always' : `only with ${variantList(present)} (not with ${variantList(absent, ', ')})`;
  const details: Record<string, (() => string[]) | undefined> = {
    Deployment: () => describeDeployment(o, all),
    Service: () => describeService(o, all),
    ConfigMap: () => describeConfigMap(o, all),
    Secret: () => describeSecret(o, present, all),
    PersistentVolumeClaim: () => describeClaim(o, all),
  };
  return [
    `### ${o.kind} ${code(o.metadata.name)}`,
    '',
    `- API version: ${code(o.apiVersion)}`,
    `- Exists: ${exists}`,
    `- Labels: ${o.metadata.labels || !external ? labelList(o.metadata.labels) : '(yours)'}`,
    ...(details[o.kind]?.() ?? ['', '```json', JSON.stringify(o, null, 2), '```']),
  ].join('\n');
}

/** Secrets the defaults' pods read but the defaults do not create (the one the user creates), by id. */
function externalSecrets(cat: Catalog): Set<string> {
  const ids = new Set<string>();
  for (const d of deploymentsOf(cat.byVariant[0])) {
    for (const r of referencesOf(d).filter((x) => x.kind === 'Secret')) {
      const id = `Secret/${r.name}`;
      if (cat.presence.get(id)?.includes(0)) continue;
      ids.add(id);
      // A Secret no variant creates is still described, from what reads it.
      if (!cat.objects.has(id)) { cat.objects.set(id, { apiVersion: 'v1', kind: 'Secret', metadata: { name: r.name } }); cat.presence.set(id, []); }
    }
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------------------------
// Differences, capacity, values

function presenceMatrix(cat: Catalog): string {
  return table(['Object', ...VARIANTS.map((v) => code(variantLabel(v)))],
    [...cat.objects].map(([id, o]) => [link(o), ...VARIANTS.map((_, i) => (cat.presence.get(id)!.includes(i) ? 'yes' : '-'))]));
}

/** The variant a variant is best compared with: the one with the most of its settings and no other. */
function baseOf(index: number): number {
  const settings = Object.entries(VARIANTS[index].settings);
  const subsetSize = (v: Variant) => {
    const entries = Object.entries(v.settings);
    return entries.length < settings.length && entries.every(([k, x]) => VARIANTS[index].settings[k] === x) ? entries.length : -1;
  };
  return VARIANTS.reduce((best, v, i) => (i !== index && subsetSize(v) > subsetSize(VARIANTS[best]) ? i : best), 0);
}

function differences(cat: Catalog): string {
  return VARIANTS.slice(1).map((variant, n) => {
    const i = n + 1;
    const baseIndex = baseOf(i);
    const base = new Map(cat.byVariant[baseIndex].map((o) => [objectId(o), o]));
    const objs = new Map(cat.byVariant[i].map((o) => [objectId(o), o]));
    const lines: string[] = [];
    for (const [id, o] of objs) {
      if (!base.has(id)) { lines.push(`- adds ${link(o)}`); continue; }
      const before = leafPaths(base.get(id));
      const after = leafPaths(o);
      const changes = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).map((k) => {
        const [a, b] = [before.get(k), after.get(k)];
        return `  - ${code(k)}: ${a === undefined ? `added ${code(b)}` : b === undefined ? `removed (was ${code(a)})` : `${code(a)} → ${code(b)}`}`;
      });
      if (changes.length) lines.push(`- changes ${o.kind} ${code(o.metadata.name)}:`, ...changes);
    }
    for (const [id, o] of base) if (!objs.has(id)) lines.push(`- removes ${o.kind} ${code(o.metadata.name)}`);
    const hidden = Object.keys(variant.hidden ?? {});
    return [`### ${code(variantLabel(variant))}`, '', `Compared with ${baseIndex === 0 ? 'the defaults' : code(variantLabel(VARIANTS[baseIndex]))}:`, '',
      ...(hidden.length ? [`(Synthesized with placeholder values for ${hidden.map(code).join(', ')}; the values themselves never appear here.)`, ''] : []),
      ...(lines.length ? lines : ['- no difference'])].join('\n');
  }).join('\n\n');
}

function capacity(cat: Catalog): string {
  const showCpu = (cores: number) => { const millis = Math.round(cores * 1000); return millis % 1000 === 0 ? `${millis / 1000} CPU (${millis}m)` : `${millis}m`; };
  const showMemory = (bytes: number) => { const mi = bytes / 1048576; return mi >= 1024 && mi % 1024 === 0 ? `${mi / 1024}Gi` : `${Math.round(mi * 100) / 100}Mi`; };
  const rows = deploymentsOf(cat.byVariant[0]).flatMap((d) => containersOf(d).map((c) => {
    const surge = d.spec.strategy?.rollingUpdate?.maxSurge;
    return { d, c, replicas: d.spec.replicas ?? 1, surge: typeof surge === 'number' ? surge : 0,
      cpu: parseQuantity(c.resources?.requests?.cpu ?? ''), memory: parseQuantity(c.resources?.requests?.memory ?? '') };
  }));
  const requests = table(['Deployment / container', 'Replicas', 'CPU request', 'Memory request', 'maxSurge'],
    rows.map(({ d, c, replicas, surge }) => [
      `${code(d.metadata.name)} / ${code(c.name)}`, String(replicas), code(c.resources?.requests?.cpu), code(c.resources?.requests?.memory), String(surge)]));
  if (rows.some((r) => r.cpu === undefined || r.memory === undefined)) return requests;
  const sum = (of: (r: typeof rows[number]) => number) => rows.reduce((total, r) => total + of(r), 0);
  const max = (of: (r: typeof rows[number]) => number) => Math.max(0, ...rows.map(of));
  const [cpu, memory] = [sum((r) => r.cpu! * r.replicas), sum((r) => r.memory! * r.replicas)];
  const [surgeCpu, surgeMemory] = [max((r) => r.cpu! * r.surge), max((r) => r.memory! * r.surge)];
  return [
    requests,
    '',
    `Requested by the app with the defaults: **${showCpu(cpu)}, ${showMemory(memory)}**. A rolling update of one Deployment at a time adds its surge pods: at most **${showCpu(cpu + surgeCpu)}, ${showMemory(memory + surgeMemory)}** while it runs. `
      + 'The scheduler counts requests against what the node advertises, not use: a pod whose request does not fit what is left stays '
      + '`Pending` (`Insufficient cpu`), and with `maxUnavailable: 0` a rollout then waits. On a VM driver the node advertises '
      + '`minikube start --cpus/--memory`; on the docker (and podman) driver those are only limits on the node\'s container, and the node '
      + 'advertises the host\'s CPUs and memory (Docker Desktop\'s VM on macOS and Windows), so pods are scheduled anyway and are throttled or OOM-killed instead of `Pending` '
      + '(see the quickstart, step 2). minikube\'s own control-plane pods request some CPU too; '
      + '`kubectl describe node minikube` shows what is allocated.',
  ].join('\n');
}

function devOverrides(): string {
  const defaults = new Map(leavesOf(valuesModel).map(({ path: p, leaf }) => [p, JSON.stringify(leaf.default)]));
  return table(['Value', 'values.yaml', 'values-dev.yaml'], [...leafPaths(devValues)].map(([p, v]) => [code(p), code(defaults.get(p) ?? '(not a value)'), code(v)]));
}

/** The whole of docs/data-model.md. */
export function renderDataModel(): string {
  const cat = catalog();
  const external = externalSecrets(cat);
  const order = ['Deployment', 'Service', 'ConfigMap', 'Secret', 'PersistentVolumeClaim'];
  const rank = (id: string) => order.indexOf(cat.objects.get(id)!.kind) + 1 || order.length + 1;
  // By kind; within a kind, in order of first appearance (the Secret the user creates, added last, among the Secrets).
  const ids = [...cat.objects.keys()].map((id, i) => ({ id, i })).sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i).map(({ id }) => id);

  return `${[
    '# Data model: the Kubernetes objects of todo-chatbot',
    '',
    '<!-- Generated by `npm run docs` (scripts/docs.ts) from the synthesized chart. Do not edit: test/docs.test.ts fails when this file differs from what the code produces. -->',
    '',
    'Every object below is described from the objects the chart synthesizes (`TodoChatbotChart` in `lib/todo-chatbot/chart.ts`), not written by hand. '
      + 'Names are those of the plain manifests in `dist/` and of a Helm release named `todo-chatbot` (`helm install todo-chatbot ...`): '
      + `a release with another name, say \`demo\`, prefixes the object names with \`demo-${CHART_NAME}\` instead; `
      + 'the backend Service (`backend.service.name`) keeps the name its value gives it, and so does the Secret when `secrets.existingSecret` names it. '
      + `The chart was synthesized with the default values and in ${VARIANTS.length - 1} variants, one per structural value, so every object it can create is here.`,
    '',
    'For the steps that deploy and operate these objects, see [the quickstart](quickstart.md).',
    '',
    '## How the objects connect',
    '',
    'Solid arrows carry requests; dotted arrows are what a pod reads or mounts. Dashed boxes exist only with some values; the orange box is the Secret you create.',
    '',
    diagram(cat, external),
    '',
    '## Which objects exist with which values',
    '',
    presenceMatrix(cat),
    '',
    '## Objects',
    '',
    ids.map((id) => describeObject(id, cat, external.has(id))).join('\n\n'),
    '',
    '## What each structural value changes',
    '',
    'Each variant compared field by field with the defaults, or with the variant it adds one value to.',
    '',
    differences(cat),
    '',
    '## Capacity',
    '',
    capacity(cat),
    '',
    '## Helm values contract',
    '',
    'Every value of the chart, from the typed model in `lib/todo-chatbot/values.ts`, the same model `values.yaml` and `values.schema.json` are generated from. '
      + 'Helm checks a values file or `--set` against `values.schema.json` before rendering anything; `npm run synth -- -f FILE` checks the plain manifests\' values against the same schema.',
    '',
    valuesTable(valuesModel),
    '',
    '### values-dev.yaml',
    '',
    'The local (minikube) overrides of `dist/helm/todo-chatbot/values-dev.yaml`, from `devValues`:',
    '',
    devOverrides(),
  ].join('\n')}\n`;
}

if (require.main === module) {
  const file = path.join(__dirname, '..', DATA_MODEL_FILE);
  const text = renderDataModel();
  const unchanged = fs.existsSync(file) && fs.readFileSync(file, 'utf-8') === text;
  if (!unchanged) fs.writeFileSync(file, text);
  process.stderr.write(`${unchanged ? 'Unchanged' : 'Wrote'} ${DATA_MODEL_FILE}\n`);
}
