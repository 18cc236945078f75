// Checks of one prop against another (or against another construct), in the PropsValidator style:
// each problem names the field, what it clashes with, and the value; every problem of a construct at once.
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Tokens } from './tokens';
import { PropsValidator } from './validation';

/**
 * An image reference must say which build it runs: a tag (`repo:1.4.2`) or a digest (`repo@sha256:...`).
 * `latest` (or no tag, which means `latest`) moves under a running Deployment, and with
 * `imagePullPolicy: IfNotPresent` nodes keep running whatever `latest` was when they first pulled it.
 */
export function checkImageReference(v: PropsValidator, field: string, image: string, allowLatestTag: boolean): void {
  if (Tokens.isUnresolved(image) || image.trim() === '' || /\s/.test(image)) return;
  if (image.includes('@')) return;
  const lastSlash = image.lastIndexOf('/');
  const lastColon = image.lastIndexOf(':');
  const tag = lastColon > lastSlash ? image.slice(lastColon + 1) : undefined;
  if (tag === undefined) {
    v.check(allowLatestTag, field, image, 'must name a tag or digest (e.g. repo:1.4.2): without one Kubernetes pulls "latest" '
      + '(set allowLatestTag to accept that)');
    return;
  }
  v.check(tag !== '', field, image, 'must not end in ":" (name a tag after it)');
  v.check(allowLatestTag || tag !== 'latest', field, image,
    'must not use the tag "latest", which changes under a running Deployment (pin a version, or set allowLatestTag)');
}

/** A label set must not give a selector label another value: the selector would no longer pick the pods. */
export function checkSelectorKeysKept(
  v: PropsValidator, field: string, labels: Readonly<Record<string, string>> | undefined, selectorLabels: Readonly<Record<string, string>>,
): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!(key in selectorLabels) || value === selectorLabels[key]) continue;
    v.check(false, `${field}.${key}`, value,
      `must not change the selector label ${key} (${JSON.stringify(selectorLabels[key])} in selectorLabels, which pick the pods)`);
  }
}

/** A variable that a source other than `env` sets (`WorkloadExtras.envFromVariables`), so that clashes can name it. */
export interface EnvSource {
  /** The variable's name. */
  readonly name: string;
  /** Where it comes from, as a field of the props (`env.LOG_LEVEL`, `config.LOG_LEVEL`) or a description. */
  readonly origin: string;
  /** Its value, or PropsValidator.HIDDEN when it must not be printed. */
  readonly value: unknown;
}

/**
 * Two sources of one variable: Kubernetes keeps one value (a plain `env` entry beats `envFrom`, a later
 * entry an earlier one), so the other is silently lost. Each clash is reported at the later source.
 */
export function checkEnvShadowing(v: PropsValidator, sources: readonly EnvSource[]): void {
  const first = new Map<string, EnvSource>();
  for (const source of sources) {
    if (Tokens.isUnresolved(source.name)) continue;
    const earlier = first.get(source.name);
    if (!earlier) {
      first.set(source.name, source);
      continue;
    }
    v.check(false, source.origin, source.value,
      `must not set the variable ${source.name}, which ${earlier.origin} sets too (the container would see only one of them)`);
  }
}

const checkedCharts = new WeakSet<Chart>();
const objectFields = new WeakMap<ApiObject, { readonly kind: string; readonly owner: IConstruct; readonly field: string }>();

/**
 * Registers the objects a construct makes, with the prop that names each, and makes sure the chart
 * refuses two objects of one kind, namespace and name at synthesis (a validation hook, so that
 * `cdk8s synth` reports it). An object of these constructs reports the clash with the prop that named
 * it; the other side is named by its construct path, whoever made it (cdk8s-plus, a plain ApiObject).
 */
export function registerObjectNames(owner: IConstruct, constructKind: string, objects: ReadonlyArray<readonly [ApiObject, string]>): void {
  for (const [object, field] of objects) objectFields.set(object, { kind: constructKind, owner, field });
  const chart = Chart.of(owner);
  if (checkedCharts.has(chart)) return;
  checkedCharts.add(chart);
  chart.node.addValidation({ validate: () => duplicateNameProblems(chart) });
}

function duplicateNameProblems(chart: Chart): string[] {
  const objects = chart.node.findAll().filter(ApiObject.isApiObject).filter((o) => Chart.of(o) === chart);
  const byIdentity = new Map<string, ApiObject[]>();
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    const identity = JSON.stringify([group, o.kind, o.metadata.namespace ?? '', o.name]);
    byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), o]);
  }
  // One report per clash, from the last of these constructs' objects in it (the one added last); the
  // clashes of one construct in one message, as its other prop problems.
  const validators = new Map<IConstruct, PropsValidator>();
  for (const same of byIdentity.values()) {
    if (same.length < 2) continue;
    const reporter = [...same].reverse().find((o) => objectFields.has(o)) ?? same[same.length - 1];
    const others = same.filter((o) => o !== reporter).map((o) => `'${o.node.path}'`).join(' and ');
    const scope = `names are unique per kind${reporter.metadata.namespace ? ` in namespace ${reporter.metadata.namespace}` : ' and namespace'}`;
    const expectation = `names a ${reporter.kind} that ${others} defines too (${scope}: rename one of them)`;
    const mine = objectFields.get(reporter);
    const owner = mine?.owner ?? reporter;
    if (!validators.has(owner)) validators.set(owner, new PropsValidator(mine?.kind ?? reporter.constructor.name, owner.node.path));
    validators.get(owner)!.check(false, mine?.field ?? 'metadata.name', reporter.name, expectation);
  }
  return [...validators.values()].map(messageOf);
}

/** The validator's message, for a validation hook that returns its problems instead of throwing. */
function messageOf(v: PropsValidator): string {
  try {
    v.assertValid();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}
