/**
 * Writes docs/data-model.md from the synthesized chart, so that the description of every Kubernetes object
 * and of every Helm value comes from the code and cannot drift from it.
 *
 *   npm run docs            # (re)write docs/data-model.md
 *   npm run docs -- --check # exit 1 when docs/data-model.md is out of date (what test/docs.test.ts checks)
 *
 * The chart is synthesized in memory with the default values and once per structural value (persistence on a
 * claim or a host path, a StorageClass, a ClusterIP frontend, a chart-created Secret), so that every object the
 * chart can create is described, each with the values under which it exists, and every difference a structural
 * value makes is listed. `renderDataModel()` throws when a structural value of the model has a case that no
 * variant synthesizes, so a new switch cannot go undocumented.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import {
  CHART_NAME, devValues, TodoChatbotChart, valuesModel, withValues,
} from '../lib/todo-chatbot';
import { parseQuantity } from '../lib/validation';
import { leavesOf, structuralSettingsOf, structuralVariantsOf, valuesFileOf, valuesTableOf } from '../lib/values-model';
import { containersOf as podContainers, Manifest, objectId as idOf, podReferences, podSpecOf, selectedDeployments } from './manifests';

type Obj = Manifest;

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..');
/** The generated file, relative to the repository root. */
export const DATA_MODEL_FILE = path.join('docs', 'data-model.md');

/** A set of values the chart is synthesized with for the docs. */
export interface Variant {
  /** The values that make this variant, by dotted path; shown in the docs. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Further values it needs to be valid, not shown (placeholders for required secret values). */
  readonly hidden?: Readonly<Record<string, string | number | boolean>>;
}

/** The variants the docs are synthesized in: the defaults first, then one per structural case (from the values model). */
export const VARIANTS: readonly Variant[] = structuralVariantsOf(valuesModel).map((v) => ({
  settings: Object.fromEntries(v.settings),
  hidden: v.settings.get('secrets.create') === true
    ? { 'secrets.values.DATABASE_URL': 'not-a-real-secret', 'secrets.values.JWT_SECRET': 'not-a-real-secret' } : undefined,
}));

/** `a.b.c=1` style label of a variant. */
export function variantLabel(variant: Variant): string {
  const entries = Object.entries(variant.settings);
  // A pass-through value shows whole when short, else as its kind (the differences below show it all).
  const show = (v: unknown) => (typeof v !== 'object' ? String(v) : JSON.stringify(v).length <= 40 ? JSON.stringify(v) : Array.isArray(v) ? '[…]' : '{…}');
  return entries.length === 0 ? 'defaults' : entries.map(([k, v]) => `${k}=${show(v)}`).join(', ');
}

/** The objects of the plain synthesis (release `todo-chatbot`) with a variant's values. */
export function synthVariant(variant: Variant): Obj[] {
  const values = withValues(valuesFileOf({ ...variant.settings, ...variant.hidden }));
  return new TodoChatbotChart(new App(), CHART_NAME, { values }).toJson();
}

/**
 * The structural cases of the values model that no variant synthesizes (each switch's non-default cases, and a
 * non-empty value for each optional string); empty when the docs cover every object the chart can create.
 */
export function uncoveredSwitchCases(variants: readonly Variant[] = VARIANTS): string[] {
  const missing: string[] = [];
  for (const { path: p, structure, cases } of structuralSettingsOf(valuesModel)) {
    if (structure.kind === 'optional') {
      if (!variants.some((v) => p in v.settings && JSON.stringify(v.settings[p]) !== JSON.stringify(cases[0]))) missing.push(`${p}=<non-empty>`);
      continue;
    }
    for (const c of cases.slice(1)) {
      if (!variants.some((v) => v.settings[p] === c)) missing.push(`${p}=${String(c)}`);
    }
  }
  return missing;
}

// ---------------------------------------------------------------------------------------------------------------
// Small formatting helpers

const code = (s: unknown) => `\`${String(s).replace(/`/g, "'")}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** The anchor GitHub gives the heading `### Kind `name``. */
const anchorOf = (o: Obj) => `${o.kind}-${o.metadata?.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '');

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function labelList(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? '(none)' : entries.map(([k, v]) => code(`${k}=${v}`)).join(', ');
}

/** Leaves of a JSON value as `a.b[name].c` paths; arrays of named items are keyed by name. */
function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, '[]');
    const named = value.every((item) => item && typeof item === 'object' && typeof item.name === 'string');
    value.forEach((item, i) => flatten(item, `${prefix}[${named ? item.name : i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Obj);
    if (entries.length === 0) out.set(prefix, '{}');
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

function compactJson(value: unknown): string {
  return flatten(value).size === 0 ? '{}' : [...flatten(value)].map(([k, v]) => (k ? `${k}: ${v}` : v)).join(', ');
}

// ---------------------------------------------------------------------------------------------------------------
// Quantities (for the capacity table)

/** A CPU quantity in millicores, a memory quantity in MiB (Kubernetes quantities, read as the constructs validate them). */
const cpuMillis = (q: string | undefined) => { const cores = q === undefined ? undefined : parseQuantity(q); return cores === undefined ? undefined : Math.round(cores * 1000); };
const memoryMi = (q: string | undefined) => { const bytes = q === undefined ? undefined : parseQuantity(q); return bytes === undefined ? undefined : bytes / 1048576; };

const showCpu = (millis: number) => (millis % 1000 === 0 ? `${millis / 1000} CPU (${millis}m)` : `${millis}m`);
const showMemory = (mi: number) => (mi >= 1024 && mi % 1024 === 0 ? `${mi / 1024}Gi` : `${Math.round(mi * 100) / 100}Mi`);

// ---------------------------------------------------------------------------------------------------------------
// The objects and their relations

interface Catalog {
  /** Every object any variant creates, by id, in order of first appearance (defaults first). */
  readonly objects: Map<string, Obj>;
  /** For each object id, the indexes of the variants that create it. */
  readonly presence: Map<string, number[]>;
  /** The objects of each variant. */
  readonly byVariant: Obj[][];
}

function catalog(): Catalog {
  const byVariant = VARIANTS.map(synthVariant);
  const objects = new Map<string, Obj>();
  const presence = new Map<string, number[]>();
  byVariant.forEach((objs, i) => {
    for (const o of objs) {
      const id = idOf(o);
      if (!objects.has(id)) objects.set(id, o);
      presence.set(id, [...(presence.get(id) ?? []), i]);
    }
  });
  return { objects, presence, byVariant };
}

const containersOf = (o: Obj): Obj[] => podContainers(podSpecOf(o));
/** The Deployments a Service sends traffic to. */
const selectedBy = selectedDeployments;

/** A Service's port target as a container port number, resolving a port name against the selected pods. */
function resolveTarget(targetPort: unknown, deployments: Obj[]): string {
  if (typeof targetPort === 'number') return String(targetPort);
  for (const d of deployments) {
    for (const c of containersOf(d)) {
      const p = (c.ports ?? []).find((x: Obj) => x.name === targetPort);
      if (p) return `${targetPort} (${p.containerPort})`;
    }
  }
  return String(targetPort);
}

/** What a Deployment's pods read: ConfigMaps, Secrets and claims, with how. */
interface Reference { kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim'; name: string; how: string; keys?: { key: string; optional: boolean }[] }

function referencesOf(d: Obj): Reference[] {
  const refs: Reference[] = [];
  for (const r of podReferences(podSpecOf(d) ?? {})) {
    if (r.how === 'imagePullSecrets') continue;
    const mounts = containersOf(d).flatMap((c) => c.volumeMounts ?? []).filter((m: Obj) => m.name === r.volume).map((m: Obj) => m.mountPath);
    const how = r.how !== 'volume' ? r.how : `volume ${r.volume}${mounts.length ? ` → ${mounts.join(', ')}` : ''}`;
    const keys = r.key === undefined ? undefined : [{ key: r.key, optional: r.optional }];
    const existing = refs.find((x) => x.kind === r.kind && x.name === r.name && x.how === how);
    if (!existing) refs.push({ kind: r.kind, name: r.name, how, keys });
    else if (keys) existing.keys = [...(existing.keys ?? []), ...keys];
  }
  return refs;
}

/** Plain env values that are URLs of a Service in the same objects: `{ env, url, service }`. */
function serviceUrlsOf(d: Obj, all: Obj[]): Array<{ env: string; url: string; service: Obj }> {
  const found: Array<{ env: string; url: string; service: Obj }> = [];
  for (const c of containersOf(d)) {
    for (const e of c.env ?? []) {
      if (typeof e.value !== 'string') continue;
      const m = /^https?:\/\/([a-z0-9-]+)(?::(\d+))?(?:\/|$)/.exec(e.value);
      const service = m && all.find((o) => o.kind === 'Service' && o.metadata?.name === m[1]);
      if (service) found.push({ env: e.name, url: e.value, service });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

function whenText(cat: Catalog, id: string): string {
  const present = cat.presence.get(id) ?? [];
  if (present.length === VARIANTS.length) return 'always';
  const labels = present.map((i) => code(variantLabel(VARIANTS[i])));
  const absent = VARIANTS.map((_, i) => i).filter((i) => !present.includes(i)).map((i) => code(variantLabel(VARIANTS[i])));
  return `only with ${labels.join(' or ')} (not with ${absent.join(', ')})`;
}

function diagram(cat: Catalog): string {
  const all = [...cat.objects.values()];
  const defaults = cat.byVariant[0];
  const ids = new Map<string, string>();
  const nodeId = (kind: string, name: string) => {
    const key = `${kind}/${name}`;
    if (!ids.has(key)) ids.set(key, `${kind.replace(/[^A-Za-z]/g, '').toLowerCase()}_${name.replace(/[^A-Za-z0-9]/g, '_')}`);
    return ids.get(key)!;
  };
  const lines = ['```mermaid', 'flowchart LR'];
  const optional: string[] = [];
  const external: string[] = [];

  lines.push('  browser(["Browser on your machine"])');
  for (const o of all) {
    const id = nodeId(o.kind, o.metadata.name);
    let detail = '';
    if (o.kind === 'Service') detail = `<br/>${o.spec.type} ${(o.spec.ports ?? []).map((p: Obj) => p.port).join(', ')}`;
    if (o.kind === 'Deployment') detail = `<br/>${containersOf(o).map((c) => c.image).join(', ')}`;
    if (o.kind === 'PersistentVolumeClaim') detail = `<br/>${o.spec?.resources?.requests?.storage ?? ''} ${(o.spec?.accessModes ?? []).join(',')}`;
    const shape = o.kind === 'Deployment' ? ['[', ']'] : o.kind === 'Service' ? ['([', '])'] : ['[(', ')]'];
    lines.push(`  ${id}${shape[0]}"${o.kind}<br/>${o.metadata.name}${detail}"${shape[1]}`);
    if (!(cat.presence.get(idOf(o)) ?? []).includes(0)) optional.push(id);
  }
  // Objects the pods reference that the defaults do not create (the Secret the user creates).
  const referenced = new Map<string, Reference>();
  for (const d of all.filter((o) => o.kind === 'Deployment')) for (const r of referencesOf(d)) referenced.set(`${r.kind}/${r.name}`, r);
  for (const [key, r] of referenced) {
    if (defaults.some((o) => idOf(o) === key)) continue;
    const id = nodeId(r.kind, r.name);
    if (cat.objects.has(key)) {
      if (r.kind === 'Secret') {
        // Redefine the node: by default the user creates it; a variant lets the chart create it.
        const idx = lines.findIndex((l) => l.startsWith(`  ${id}[`));
        const by = (cat.presence.get(key) ?? []).map((i) => variantLabel(VARIANTS[i])).join(' or ');
        lines[idx] = `  ${id}[("${r.kind}<br/>${r.name}<br/>created by you (or by the chart with ${by})")]`;
        external.push(id);
        optional.splice(optional.indexOf(id), 1);
      }
    } else {
      lines.push(`  ${id}[("${r.kind}<br/>${r.name}<br/>created by you")]`);
      external.push(id);
    }
  }
  // Host paths (a node directory, not an object).
  const hostPaths = new Map<string, { dep: Obj; volume: Obj; mount: string; variants: number[] }>();
  cat.byVariant.forEach((objs, i) => {
    for (const d of objs.filter((o) => o.kind === 'Deployment')) {
      for (const v of podSpecOf(d)?.volumes ?? []) {
        if (!v.hostPath) continue;
        const mount = containersOf(d).flatMap((c) => c.volumeMounts ?? []).find((m: Obj) => m.name === v.name)?.mountPath ?? '';
        const key = `${d.metadata.name}:${v.hostPath.path}`;
        const entry = hostPaths.get(key) ?? { dep: d, volume: v, mount, variants: [] as number[] };
        entry.variants.push(i);
        hostPaths.set(key, entry);
      }
    }
  });
  let n = 0;
  for (const { dep, volume, mount, variants } of hostPaths.values()) {
    const id = `hostpath_${n++}`;
    lines.push(`  ${id}[("node directory<br/>${volume.hostPath.path}<br/>${variants.map((i) => variantLabel(VARIANTS[i])).join(' or ')}")]`);
    optional.push(id);
    lines.push(`  ${id} -.->|"hostPath volume ${volume.name} → ${mount}"| ${nodeId('Deployment', dep.metadata.name)}`);
  }

  // Edges, from every variant (a claim is mounted only where it exists), each once, in order of first appearance.
  const edges = new Set<string>();
  for (const objs of cat.byVariant) {
    for (const s of objs.filter((o) => o.kind === 'Service')) {
      const targets = selectedBy(s, objs);
      for (const p of s.spec.ports ?? []) {
        if (p.nodePort !== undefined) edges.add(`  browser -->|"node port ${p.nodePort}"| ${nodeId('Service', s.metadata.name)}`);
        for (const d of targets) {
          edges.add(`  ${nodeId('Service', s.metadata.name)} -->|"${p.port} → ${resolveTarget(p.targetPort, [d])}"| ${nodeId('Deployment', d.metadata.name)}`);
        }
      }
    }
    for (const d of objs.filter((o) => o.kind === 'Deployment')) {
      for (const { env, url, service } of serviceUrlsOf(d, objs)) {
        edges.add(`  ${nodeId('Deployment', d.metadata.name)} -->|"${env}=${url}<br/>(server-side code)"| ${nodeId('Service', service.metadata.name)}`);
      }
      for (const r of referencesOf(d)) {
        const what = r.keys ? `${r.how}: ${r.keys.filter((k) => !k.optional).length} required, ${r.keys.filter((k) => k.optional).length} optional keys` : r.how;
        edges.add(`  ${nodeId(r.kind, r.name)} -.->|"${what}"| ${nodeId('Deployment', d.metadata.name)}`);
      }
    }
  }
  lines.push(...edges);
  lines.push('  classDef optional stroke-dasharray: 5 5;');
  lines.push('  classDef external fill:#fff5e6,stroke:#d08000;');
  if (optional.length > 0) lines.push(`  class ${optional.join(',')} optional;`);
  if (external.length > 0) lines.push(`  class ${external.join(',')} external;`);
  lines.push('```');
  return lines.join('\n');
}

function presenceMatrix(cat: Catalog): string {
  const header = ['Object', ...VARIANTS.map((v) => code(variantLabel(v)))];
  const rows = [...cat.objects.values()].map((o) => {
    const present = cat.presence.get(idOf(o)) ?? [];
    return [`[${o.kind} ${code(o.metadata.name)}](#${anchorOf(o)})`, ...VARIANTS.map((_, i) => (present.includes(i) ? 'yes' : '-'))];
  });
  return table(header, rows);
}

function probeRows(c: Obj): string[][] {
  const kinds: Array<[string, string, string]> = [
    ['startupProbe', 'startup', 'the container is restarted; liveness and readiness wait until it succeeds once'],
    ['livenessProbe', 'liveness', 'the container is restarted'],
    ['readinessProbe', 'readiness', 'the pod is taken out of its Service until it answers again'],
  ];
  return kinds.filter(([key]) => c[key]).map(([key, name, effect]) => {
    const p = c[key];
    const target = p.httpGet ? `GET ${p.httpGet.path} on port ${p.httpGet.port}` : compactJson(p);
    const budget = (p.periodSeconds ?? 10) * (p.failureThreshold ?? 3);
    const after = name === 'startup' ? `${(p.initialDelaySeconds ?? 0) + budget} s after start` : `${budget} s of failures`;
    return [name, code(target), String(p.initialDelaySeconds ?? 0), String(p.periodSeconds ?? 10), String(p.timeoutSeconds ?? 1),
      String(p.failureThreshold ?? 3), `${after}: ${effect}`];
  });
}

function volumeSource(v: Obj | undefined): string {
  if (!v) return '(missing volume)';
  if (v.emptyDir) return `emptyDir (lost with the pod)${Object.keys(v.emptyDir).length ? ` ${compactJson(v.emptyDir)}` : ''}`;
  if (v.persistentVolumeClaim) return `PersistentVolumeClaim ${code(v.persistentVolumeClaim.claimName)}`;
  if (v.hostPath) return `hostPath ${code(v.hostPath.path)} (${v.hostPath.type ?? 'no type check'}) on the node`;
  if (v.configMap) return `ConfigMap ${code(v.configMap.name)}`;
  if (v.secret) return `Secret ${code(v.secret.secretName)}`;
  const { name: _name, ...rest } = v;
  return compactJson(rest);
}

function envRows(c: Obj, all: Obj[]): string[][] {
  const rows: string[][] = [];
  for (const e of c.env ?? []) {
    if (e.value !== undefined) {
      const svc = all.find((o) => o.kind === 'Service' && new RegExp(`^https?://${o.metadata.name}(:|/|$)`).test(e.value));
      rows.push([code(e.name), 'value', `${code(e.value)}${svc ? ` (Service [${code(svc.metadata.name)}](#${anchorOf(svc)}), resolvable inside the cluster only)` : ''}`]);
    } else if (e.valueFrom?.secretKeyRef) {
      const r = e.valueFrom.secretKeyRef;
      rows.push([code(e.name), `Secret ${code(r.name)}, key ${code(r.key)}`, r.optional ? 'optional: unset when the key is missing' : 'required: the container does not start without it (CreateContainerConfigError)']);
    } else if (e.valueFrom?.configMapKeyRef) {
      const r = e.valueFrom.configMapKeyRef;
      rows.push([code(e.name), `ConfigMap ${code(r.name)}, key ${code(r.key)}`, r.optional ? 'optional' : 'required']);
    } else {
      rows.push([code(e.name), 'valueFrom', code(compactJson(e.valueFrom))]);
    }
  }
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const source = all.find((o) => o.kind === kind && o.metadata.name === ref?.name);
    const keys = Object.keys(source?.data ?? source?.stringData ?? {});
    if (keys.length === 0) rows.push([`(every key)`, `${kind} ${code(ref?.name)} (envFrom)`, '']);
    for (const key of keys) {
      rows.push([code(`${from.prefix ?? ''}${key}`), `${kind} ${code(ref.name)} (envFrom)`, kind === 'ConfigMap' ? code(source!.data[key]) : '(secret)']);
    }
  }
  return rows;
}

function describeDeployment(d: Obj, all: Obj[]): string[] {
  const out: string[] = [];
  const spec = d.spec;
  const pod = podSpecOf(d)!;
  const services = all.filter((o) => o.kind === 'Service' && selectedBy(o, [d]).length > 0);
  out.push(`- Replicas: ${spec.replicas ?? 1}`);
  out.push(`- Selector (matchLabels): ${labelList(spec.selector?.matchLabels)}`);
  const ru = spec.strategy?.rollingUpdate;
  out.push(`- Strategy: ${spec.strategy?.type ?? 'RollingUpdate'}${ru ? `, maxSurge ${ru.maxSurge}, maxUnavailable ${ru.maxUnavailable}` : ''}`
    + (ru && ru.maxUnavailable === 0 ? ' (an old pod stops only after its replacement is ready: no downtime)' : ''));
  out.push(`- Behind: ${services.length ? services.map((s) => `Service [${code(s.metadata.name)}](#${anchorOf(s)})`).join(', ') : '(no Service)'}`);
  const annotations = Object.entries(spec.template?.metadata?.annotations ?? {});
  if (annotations.length > 0) {
    out.push(`- Pod annotations: ${annotations.map(([k]) => code(k) + (k === 'checksum/config' ? ' (sha256 of the ConfigMap data: changing the config rolls the pods)' : '')).join(', ')}`);
  }
  out.push(`- Pod security context: ${code(compactJson(pod.securityContext ?? {}))}`);
  out.push(`- automountServiceAccountToken: ${pod.automountServiceAccountToken ?? 'true (default)'}`);
  for (const c of containersOf(d)) {
    out.push('', `#### Container ${code(c.name)}`, '');
    out.push(`- Image: ${code(c.image)}, pull policy ${code(c.imagePullPolicy ?? 'IfNotPresent')}`);
    out.push(`- Ports: ${(c.ports ?? []).map((p: Obj) => `${code(p.name ?? '')} ${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ') || '(none)'}`);
    out.push(`- Security context: ${code(compactJson(c.securityContext ?? {}))}`);
    out.push('', '**Resources**', '');
    out.push(table(['', 'CPU', 'Memory'], [
      ['requests (reserved by the scheduler)', code(c.resources?.requests?.cpu ?? '-'), code(c.resources?.requests?.memory ?? '-')],
      ['limits (CPU throttled, memory: container killed above it)', code(c.resources?.limits?.cpu ?? '-'), code(c.resources?.limits?.memory ?? '-')],
    ]));
    out.push('', '**Probes**', '');
    out.push(table(['Probe', 'Check', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'Gives up'], probeRows(c)));
    out.push('', '**Volumes**', '');
    out.push(table(['Mount path', 'Volume', 'Source'], (c.volumeMounts ?? []).map((m: Obj) => [
      code(m.mountPath) + (m.readOnly ? ' (read-only)' : ''), code(m.name), volumeSource((pod.volumes ?? []).find((v: Obj) => v.name === m.name)),
    ])));
    if (c.securityContext?.readOnlyRootFilesystem) out.push('', 'The root filesystem is read-only: these mounts are the only writable paths.');
    out.push('', '**Environment**', '');
    out.push(table(['Variable', 'From', 'Value / meaning'], envRows(c, all)));
  }
  return out;
}

function describeService(s: Obj, all: Obj[]): string[] {
  const targets = selectedBy(s, all);
  const out = [
    `- Type: ${s.spec.type ?? 'ClusterIP'}${s.spec.type === 'NodePort' ? ' (also opens the node port on every node)' : s.spec.type === 'ClusterIP' || !s.spec.type ? ' (reachable only inside the cluster)' : ''}`,
    `- Selector: ${labelList(s.spec.selector)}`,
    `- Sends traffic to: ${targets.length ? targets.map((d) => `Deployment [${code(d.metadata.name)}](#${anchorOf(d)}) (its ready pods)`).join(', ') : '(no Deployment matches)'}`,
    '',
    table(['Port name', 'Port', 'Target port', 'Node port', 'Protocol', 'Address'], (s.spec.ports ?? []).map((p: Obj) => [
      code(p.name ?? ''), String(p.port), resolveTarget(p.targetPort ?? p.port, targets), p.nodePort === undefined ? '-' : String(p.nodePort), p.protocol ?? 'TCP',
      [`${code(`http://${s.metadata.name}:${p.port}`)} from pods in the namespace`, ...(p.nodePort === undefined ? [] : [`${code(`http://<node IP>:${p.nodePort}`)} from outside`])].join('; '),
    ])),
  ];
  return out;
}

function describeConfigMap(cm: Obj, all: Obj[]): string[] {
  const users = all.filter((o) => o.kind === 'Deployment' && referencesOf(o).some((r) => r.kind === 'ConfigMap' && r.name === cm.metadata.name));
  return [
    `- Read by: ${users.map((d) => `Deployment [${code(d.metadata.name)}](#${anchorOf(d)}) (${referencesOf(d).filter((r) => r.kind === 'ConfigMap' && r.name === cm.metadata.name).map((r) => r.how).join(', ')})`).join(', ') || '(nothing)'}`,
    '',
    table(['Key', 'Value (defaults)'], Object.entries(cm.data ?? {}).map(([k, v]) => [code(k), code(v)])),
  ];
}

function describeSecret(name: string, secret: Obj | undefined, cat: Catalog, all: Obj[]): string[] {
  const users = all.filter((o) => o.kind === 'Deployment' && referencesOf(o).some((r) => r.kind === 'Secret' && r.name === name));
  const keys = new Map<string, { optional: boolean; users: string[] }>();
  for (const d of users) {
    for (const r of referencesOf(d).filter((x) => x.kind === 'Secret' && x.name === name)) {
      for (const k of r.keys ?? []) {
        const entry = keys.get(k.key) ?? { optional: k.optional, users: [] };
        entry.optional = entry.optional && k.optional;
        entry.users.push(d.metadata.name);
        keys.set(k.key, entry);
      }
    }
  }
  const createdIn = secret ? (cat.presence.get(idOf(secret)) ?? []) : [];
  const out = [
    `- Created by: ${createdIn.includes(0) ? 'the chart' : `**you**, before the pods can start (see the quickstart)${createdIn.length ? `; or by the chart with ${createdIn.map((i) => code(variantLabel(VARIANTS[i]))).join(' or ')}, from ${code('secrets.values.*')}` : ''}`}`,
    `- Type: ${secret?.type ?? 'Opaque'}`,
    `- Read by: ${users.map((d) => `Deployment [${code(d.metadata.name)}](#${anchorOf(d)})`).join(', ') || '(nothing)'}`,
    '',
    table(['Key', 'Needed', 'Read by'], [...keys].map(([k, v]) => [code(k), v.optional ? 'optional' : 'required', v.users.map(code).join(', ')])),
  ];
  if (secret) {
    const synthesized = Object.keys(secret.stringData ?? secret.data ?? {});
    const extra = synthesized.filter((k) => !keys.has(k));
    if (extra.length) out.push('', `The chart-created Secret also holds ${extra.map(code).join(', ')}, which no pod reads.`);
  }
  return out;
}

function describeClaim(pvc: Obj, all: Obj[]): string[] {
  const users = all.filter((o) => o.kind === 'Deployment' && referencesOf(o).some((r) => r.kind === 'PersistentVolumeClaim' && r.name === pvc.metadata.name));
  return [
    `- Access modes: ${(pvc.spec.accessModes ?? []).map(code).join(', ')}`,
    `- Storage requested: ${code(pvc.spec.resources?.requests?.storage)}`,
    `- StorageClass: ${pvc.spec.storageClassName ? code(pvc.spec.storageClassName) : 'the cluster default (minikube: `standard`, its storage-provisioner creates a host-path volume)'}`,
    `- Mounted by: ${users.map((d) => `Deployment [${code(d.metadata.name)}](#${anchorOf(d)})`).join(', ') || '(nothing)'}`,
    '- Deleting the release or the manifests deletes the claim, and with the default reclaim policy (Delete) the data.',
  ];
}

function describeObject(o: Obj, cat: Catalog, all: Obj[]): string {
  const out = [
    `### ${o.kind} ${code(o.metadata.name)}`,
    '',
    `- API version: ${code(o.apiVersion)}`,
    `- Exists: ${whenText(cat, idOf(o))}`,
    `- Labels: ${labelList(o.metadata.labels)}`,
  ];
  switch (o.kind) {
    case 'Deployment': out.push(...describeDeployment(o, all)); break;
    case 'Service': out.push(...describeService(o, all)); break;
    case 'ConfigMap': out.push(...describeConfigMap(o, all)); break;
    case 'Secret': out.push(...describeSecret(o.metadata.name, o, cat, all)); break;
    case 'PersistentVolumeClaim': out.push(...describeClaim(o, all)); break;
    default: out.push('', '```json', JSON.stringify(o, null, 2), '```');
  }
  return out.join('\n');
}

/** Secrets the pods read that the defaults do not create. */
function externalSecrets(cat: Catalog, all: Obj[]): string[] {
  const names = new Set<string>();
  for (const d of cat.byVariant[0].filter((o) => o.kind === 'Deployment')) {
    for (const r of referencesOf(d)) if (r.kind === 'Secret') names.add(r.name);
  }
  return [...names].filter((n) => !cat.byVariant[0].some((o) => o.kind === 'Secret' && o.metadata.name === n))
    .map((n) => {
      const created = all.find((o) => o.kind === 'Secret' && o.metadata.name === n);
      return [
        `### Secret ${code(n)}`,
        '',
        '- API version: `v1`',
        `- Exists: created by you with the default values; ${created ? `synthesized only with ${(cat.presence.get(idOf(created)) ?? []).map((i) => code(variantLabel(VARIANTS[i]))).join(' or ')}` : 'never synthesized'}`,
        `- Labels: ${created ? labelList(created.metadata.labels) : '(yours)'}`,
        ...describeSecret(n, created, cat, all),
      ].join('\n');
    });
}

/** The variant a variant is best compared with: the one with the most of its settings and no other. */
function baseOf(index: number): number {
  const settings = VARIANTS[index].settings;
  let best = 0;
  VARIANTS.forEach((candidate, i) => {
    if (i === index) return;
    const entries = Object.entries(candidate.settings);
    const subset = entries.length < Object.keys(settings).length && entries.every(([k, v]) => settings[k] === v);
    if (subset && entries.length > Object.keys(VARIANTS[best].settings).length) best = i;
  });
  return best;
}

function diffs(cat: Catalog): string {
  const out: string[] = [];
  VARIANTS.forEach((variant, i) => {
    if (i === 0) return;
    const baseIndex = baseOf(i);
    const base = new Map(cat.byVariant[baseIndex].map((o) => [idOf(o), o]));
    const objs = new Map(cat.byVariant[i].map((o) => [idOf(o), o]));
    const lines: string[] = [];
    for (const [id, o] of objs) {
      if (!base.has(id)) { lines.push(`- adds ${o.kind} [${code(o.metadata.name)}](#${anchorOf(o)})`); continue; }
      const before = flatten(base.get(id));
      const after = flatten(o);
      const changes: string[] = [];
      for (const key of new Set([...before.keys(), ...after.keys()])) {
        const a = before.get(key);
        const b = after.get(key);
        if (a === b) continue;
        if (a === undefined) changes.push(`${code(key)}: added ${code(b)}`);
        else if (b === undefined) changes.push(`${code(key)}: removed (was ${code(a)})`);
        else changes.push(`${code(key)}: ${code(a)} → ${code(b)}`);
      }
      if (changes.length) lines.push(`- changes ${o.kind} ${code(o.metadata.name)}:`, ...changes.map((c) => `  - ${c}`));
    }
    for (const [id, o] of base) if (!objs.has(id)) lines.push(`- removes ${o.kind} ${code(o.metadata.name)}`);
    const hidden = Object.keys(variant.hidden ?? {});
    out.push(`### ${code(variantLabel(variant))}`, '', `Compared with ${baseIndex === 0 ? 'the defaults' : code(variantLabel(VARIANTS[baseIndex]))}:`, '');
    if (hidden.length) out.push(`(Synthesized with placeholder values for ${hidden.map(code).join(', ')}; the values themselves never appear here.)`, '');
    out.push(...(lines.length ? lines : ['- no difference']), '');
  });
  return out.join('\n').trimEnd();
}

function capacity(cat: Catalog): string {
  const rows: string[][] = [];
  let cpu = 0; let mem = 0; let peakCpu = 0; let peakMem = 0; let ok = true;
  for (const d of cat.byVariant[0].filter((o) => o.kind === 'Deployment')) {
    const replicas = d.spec.replicas ?? 1;
    const surge = typeof d.spec.strategy?.rollingUpdate?.maxSurge === 'number' ? d.spec.strategy.rollingUpdate.maxSurge : 0;
    for (const c of containersOf(d)) {
      const rc = cpuMillis(c.resources?.requests?.cpu);
      const rm = memoryMi(c.resources?.requests?.memory);
      if (rc === undefined || rm === undefined) { ok = false; continue; }
      cpu += rc * replicas; mem += rm * replicas;
      peakCpu = Math.max(peakCpu, rc * surge); peakMem = Math.max(peakMem, rm * surge);
      rows.push([`${code(d.metadata.name)} / ${code(c.name)}`, String(replicas), code(c.resources.requests.cpu), code(c.resources.requests.memory), String(surge)]);
    }
  }
  if (!ok) return table(['Deployment / container', 'Replicas', 'CPU request', 'Memory request', 'maxSurge'], rows);
  return [
    table(['Deployment / container', 'Replicas', 'CPU request', 'Memory request', 'maxSurge'], rows),
    '',
    `Requested by the app with the defaults: **${showCpu(cpu)}, ${showMemory(mem)}**. A rolling update of one Deployment at a time adds its surge pods: at most **${showCpu(cpu + peakCpu)}, ${showMemory(mem + peakMem)}** while it runs. `
      + 'The scheduler counts requests against what the node advertises, not use: a pod whose request does not fit what is left stays '
      + '`Pending` (`Insufficient cpu`), and with `maxUnavailable: 0` a rollout then waits. On a VM driver the node advertises '
      + '`minikube start --cpus/--memory`; on the docker (and podman) driver those are only limits on the node\'s container, and the node '
      + 'advertises the host\'s CPUs and memory (Docker Desktop\'s VM on macOS and Windows), so pods are scheduled anyway and are throttled or OOM-killed instead of `Pending` '
      + '(see the quickstart, step 2). minikube\'s own control-plane pods request some CPU too; '
      + '`kubectl describe node minikube` shows what is allocated.',
  ].join('\n');
}

function devOverrides(): string {
  const flat = [...flatten(devValues)];
  const defaults = new Map(leavesOf(valuesModel).map(({ path: p, leaf }) => [p, JSON.stringify(leaf.default)]));
  return table(['Value', 'values.yaml', 'values-dev.yaml'], flat.map(([p, v]) => [code(p), code(defaults.get(p) ?? '(not a value)'), code(v)]));
}

/** The whole of docs/data-model.md. */
export function renderDataModel(): string {
  const missing = uncoveredSwitchCases();
  if (missing.length > 0) {
    throw new Error(`scripts/docs.ts: no variant synthesizes ${missing.join(', ')}; add one to VARIANTS so the docs describe what it creates`);
  }
  const cat = catalog();
  const all = [...cat.objects.values()];
  // Each object is described among the objects of the first variant that creates it, so that its relations
  // (who mounts a claim, say) are those of a synthesis where it exists.
  const objectSections = all.map((o) => describeObject(o, cat, cat.byVariant[(cat.presence.get(idOf(o)) ?? [0])[0]]));
  const order = ['Deployment', 'Service', 'ConfigMap', 'Secret', 'PersistentVolumeClaim'];
  const sorted = all.map((o, i) => ({ o, i, text: objectSections[i] }))
    .sort((a, b) => (order.indexOf(a.o.kind) + 1 || 99) - (order.indexOf(b.o.kind) + 1 || 99) || a.i - b.i);
  const external = externalSecrets(cat, all);
  // A chart-created Secret the user normally creates is described once, as the external Secret.
  const externalNames = new Set(external.map((t) => /^### Secret `([^`]+)`/.exec(t)?.[1]));
  const bodies = sorted.filter(({ o }) => !(o.kind === 'Secret' && externalNames.has(o.metadata.name))).map(({ text }) => text);
  const secretIndex = sorted.filter(({ o }) => !(o.kind === 'Secret' && externalNames.has(o.metadata.name))).findIndex(({ o }) => order.indexOf(o.kind) > order.indexOf('Secret'));
  bodies.splice(secretIndex < 0 ? bodies.length : secretIndex, 0, ...external);

  return `${[
    '# Data model: the Kubernetes objects of todo-chatbot',
    '',
    '<!-- Generated by `npm run docs` (scripts/docs.ts) from the synthesized chart. Do not edit: test/docs.test.ts fails when this file differs from what the code produces. -->',
    '',
    'Every object below is described from the objects the chart synthesizes (`TodoChatbotChart` in `lib/todo-chatbot/chart.ts`), not written by hand. '
      + 'Names are those of the plain manifests in `dist/` and of a Helm release named `todo-chatbot` (`helm install todo-chatbot ...`): '
      + `a release with another name, say \`demo\`, prefixes the object names with \`demo-${CHART_NAME}\` instead; `
      + 'the backend Service (`backend.service.name`) and the Secret (`secrets.existingSecret`) keep the names their values give them. '
      + `The chart was synthesized with the default values and in ${VARIANTS.length - 1} variants, one per structural value, so every object it can create is here.`,
    '',
    'For the steps that deploy and operate these objects, see [the quickstart](quickstart.md).',
    '',
    '## How the objects connect',
    '',
    'Solid arrows carry requests; dotted arrows are what a pod reads or mounts. Dashed boxes exist only with some values; the orange box is the Secret you create.',
    '',
    diagram(cat),
    '',
    '## Which objects exist with which values',
    '',
    presenceMatrix(cat),
    '',
    '## Objects',
    '',
    bodies.join('\n\n'),
    '',
    '## What each structural value changes',
    '',
    'Each variant compared field by field with the defaults, or with the variant it adds one value to.',
    '',
    diffs(cat),
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
    valuesTableOf(valuesModel).trimEnd(),
    '',
    '### values-dev.yaml',
    '',
    'The local (minikube) overrides of `dist/helm/todo-chatbot/values-dev.yaml`, from `devValues`:',
    '',
    devOverrides(),
  ].join('\n')}\n`;
}

/** `npm run docs [-- --check]`; returns the exit code. */
export function main(argv: readonly string[]): number {
  const file = path.join(REPO_ROOT, DATA_MODEL_FILE);
  const text = renderDataModel();
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf-8') : undefined;
  if (argv.includes('--check')) {
    if (current === text) return 0;
    process.stderr.write(`${DATA_MODEL_FILE} is out of date: run npm run docs and commit it\n`);
    return 1;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (current !== text) fs.writeFileSync(file, text);
  process.stderr.write(`${current === text ? 'Unchanged' : 'Wrote'} ${DATA_MODEL_FILE}\n`);
  return 0;
}
