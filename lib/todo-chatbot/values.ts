import * as k8s from '../../imports/k8s';
import { K8S_POD_ITEM_DEFINITIONS } from '../../imports/k8s-pod-items';
import { ApiService } from '../api-service';
import { DEFAULT_PROBE_TIMINGS } from '../health-probes';
import { WORKLOAD_DEFAULTS } from '../http-workload';
import { WebApp } from '../web-app';
import {
  bool, choice, defaultsOf, Fields, Group, group, int, JsonSchema, jsonSchemaOf, Leaf, mergeValues, ModelNode, nullableInt, PartialValues, passThrough, str, Structure,
  ValuesOf,
} from '../values-model';

/** The app's version: the image tags and the chart's appVersion. */
export const APP_VERSION = '1.0.0';
/** The chart's name, also `app.kubernetes.io/name` and `part-of`. */
export const CHART_NAME = 'todo-chatbot';

/** Where users open the app without an Ingress: the NodePort on localhost, as the seed has it. */
export const LOCAL_FRONTEND_URL = 'http://localhost:30000';
/** What an empty config.corsOrigins or config.frontendUrl means (the `frontendAddress` rule of names.ts). */
const FRONTEND_ADDRESS = `empty: the frontend's address, https://<ingress.host> with ingress.tlsSecretName, http://<ingress.host> with the ingress, else ${LOCAL_FRONTEND_URL}`;

/** The keys of the backend's Secret. DATABASE_URL and JWT_SECRET are needed to start; the rest enable features. */
export const SECRET_KEYS = [
  { name: 'DATABASE_URL', required: true, description: 'PostgreSQL connection URL, e.g. postgresql://user:password@host:5432/db?sslmode=require' },
  { name: 'JWT_SECRET', required: true, description: 'key that signs session tokens (e.g. openssl rand -hex 32)' },
  { name: 'OPENAI_API_KEY', required: false, description: 'OpenAI API key for the chatbot' },
  { name: 'GEMINI_API_KEY', required: false, description: 'Google Gemini API key for the chatbot' },
  { name: 'CLOUDINARY_CLOUD_NAME', required: false, description: 'Cloudinary cloud name (image uploads)' },
  { name: 'CLOUDINARY_API_KEY', required: false, description: 'Cloudinary API key' },
  { name: 'CLOUDINARY_API_SECRET', required: false, description: 'Cloudinary API secret' },
  { name: 'GMAIL_EMAIL', required: false, description: 'Gmail address that sends e-mail' },
  { name: 'GMAIL_APP_PASSWORD', required: false, description: 'Gmail app password for that address' },
] as const;

const PROBE_NAMES = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' } as const;
const PROBE_PURPOSE = {
  startup: 'holds back the other probes until the app has started once',
  liveness: 'restarts a hung container',
  readiness: 'sends traffic only to ready pods',
} as const;

/** A DNS-1123 subdomain, as the API server checks object names: dot-separated labels of [a-z0-9-], each starting and ending alphanumerically. */
const DNS_SUBDOMAIN = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
/**
 * A label key's prefix (before "/") has at most 253 characters: a second pattern, since one regular expression
 * without look-ahead cannot bound a DNS subdomain's length (RE2, which Helm's schema check uses, has none).
 */
export const LABEL_KEY_PREFIX_LENGTH = '^([^/]{1,253}/)?[^/]*$';

/**
 * The string formats of the values, each a regular expression (RE2 and ECMAScript alike, so Go templates and the
 * plain synthesis agree) and the words an error message uses for it. A setting names its format with the schema
 * keyword `x-format`; the format is checked by the value rules (lib/todo-chatbot/value-rules.ts) rather than by a
 * JSON Schema `pattern`, so that Helm's message is the plain synthesis's words, not a regular expression.
 */
export const VALUE_FORMATS = {
  quantity: {
    // A Kubernetes quantity above zero (a "+" sign allowed, as the API server allows it): a zero or negative
    // request, limit or claim size is refused.
    pattern: '^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$',
    words: 'a Kubernetes quantity above zero, quoted, such as "250m", "0.5", "512Mi" or "1Gi"',
  },
  imageRepository: {
    // Docker's reference grammar: an optional registry host (with a "." or a port, or localhost), then lower-case path components.
    pattern: '^(((localhost|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+)(:[0-9]+)?'
      + '|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?:[0-9]+)/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*$',
    words: 'an image repository in lower case, without tag or digest, such as "todo-backend" or "registry.local:5000/team/todo-backend" (the tag goes in image.tag)',
  },
  imageDigest: {
    pattern: '^(sha256:[a-f0-9]{64})?$',
    words: 'empty or an image digest: "sha256:" and 64 lower-case hexadecimal digits',
  },
  imageTag: {
    pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
    words: 'an image tag (letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters)',
  },
  nameOverride: {
    pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$',
    words: 'empty or a DNS label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
  },
  serviceName: {
    pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$',
    words: 'a Service name (lower-case letters, digits and "-", starting with a letter, at most 63 characters)',
  },
  dnsName: {
    pattern: `^${DNS_SUBDOMAIN}$`,
    words: 'a DNS subdomain name (lower-case letters, digits, "-" and ".", at most 253 characters)',
  },
  dnsNameOrEmpty: {
    pattern: `^(${DNS_SUBDOMAIN})?$`,
    words: 'empty or a DNS subdomain name (lower-case letters, digits, "-" and ".", at most 253 characters)',
  },
  storageClass: {
    // A StorageClass is named like any object: "a..b", "a.-b" or "-a" are refused by the API server.
    pattern: `^(${DNS_SUBDOMAIN})?$`,
    words: 'empty (the cluster\'s default StorageClass) or a StorageClass name (a DNS subdomain: dot-separated parts of lower-case letters, digits and "-", each starting and ending with a letter or digit, at most 253 characters)',
  },
  labelKey: {
    // A qualified name: an optional DNS-subdomain prefix (at most 253 characters, checked apart) and "/", then a name.
    pattern: `^(${DNS_SUBDOMAIN}/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`,
    words: 'a label key (an optional DNS subdomain of at most 253 characters and "/", then at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit)',
  },
  labelValue: {
    pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$',
    words: 'a label value (empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit)',
  },
  absolutePath: {
    pattern: '^(/([A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.[A-Za-z0-9_-][A-Za-z0-9_.-]*|\\.\\.[A-Za-z0-9_.-]+))+$',
    words: 'an absolute, normalized path such as "/app/uploads" (letters, digits, "_", "." and "-"; no "." or ".." segment, no "//", no trailing "/")',
  },
  imageRegistry: {
    // A registry host (lower case, dot-separated parts as in a DNS name: "a..b" is no host), an optional port and
    // path (components as in a repository); no scheme, no trailing "/".
    pattern: `^(${DNS_SUBDOMAIN}(:[0-9]+)?(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*)?$`,
    words: 'empty or a registry host in lower case, with an optional port and path but no scheme and no trailing "/", such as "registry.example.com:5000"',
  },
  corsOrigins: {
    // A browser's Origin header: scheme, host and port, never a path or a trailing "/" (an entry with one never matches).
    pattern: `^(\\*|https?://([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(:[0-9]{1,5})?(\\s*,\\s*https?://([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(:[0-9]{1,5})?)*)?$`,
    words: 'empty (the frontend\'s address), "*", or comma-separated origins such as "http://localhost:30000,https://todo.example.com": '
      + 'a scheme, a host and an optional port, with no path and no trailing "/" (a browser\'s Origin has none, so such an entry never matches)',
  },
  httpUrl: {
    pattern: `^(https?://([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(:[0-9]{1,5})?(/[^\\s]*)?)?$`,
    words: 'empty (the frontend\'s address) or an http:// or https:// URL such as "https://todo.example.com"',
  },
  urlPath: {
    pattern: '^/[^\\s]*$',
    words: 'a URL path starting with "/", without white space',
  },
} as const;

/** A value format's name. */
export type ValueFormat = keyof typeof VALUE_FORMATS;

const format = (name: ValueFormat, extra: JsonSchema = {}) => ({ 'x-format': name, ...extra });

type HealthDefaults = typeof ApiService.DEFAULT_HEALTH | typeof WebApp.DEFAULT_HEALTH;

function probesGroup(component: string, defaults: HealthDefaults) {
  const probe = (kind: keyof typeof PROBE_NAMES) => group(`${PROBE_NAMES[kind]} probe: ${PROBE_PURPOSE[kind]}.`, {
    initialDelaySeconds: int('Seconds after the container starts before the first probe.', defaults[kind].initialDelaySeconds, 0, 3600),
    periodSeconds: int('Seconds between probes.', defaults[kind].periodSeconds, 1, 3600),
    failureThreshold: int('Consecutive failures before the probe fails.', defaults[kind].failureThreshold, 1, 100),
    timeoutSeconds: int('Seconds before one probe request times out.', DEFAULT_PROBE_TIMINGS[kind].timeoutSeconds, 1, 3600),
  });
  return group(`Health probes of the ${component}: HTTP GET on the container port.`, {
    path: str('Path of the health endpoint.', defaults.path, { schema: format('urlPath') }),
    startup: probe('startup'),
    liveness: probe('liveness'),
    readiness: probe('readiness'),
  });
}

type ResourceDefaults = typeof ApiService.DEFAULT_RESOURCES | typeof WebApp.DEFAULT_RESOURCES;

function resourcesGroup(component: string, defaults: ResourceDefaults) {
  const quantity = (description: string, value: string) => str(description, value, { schema: format('quantity') });
  return group(`CPU and memory of the ${component} container (Kubernetes quantities, quoted: "250m", "512Mi").`, {
    requests: group('What the scheduler reserves.', {
      cpu: quantity('CPU request.', defaults.cpu.request),
      memory: quantity('Memory request.', defaults.memory.request),
    }),
    limits: group('The most the container may use; must not be below the request.', {
      cpu: quantity('CPU limit.', defaults.cpu.limit),
      memory: quantity('Memory limit (the container is killed above it).', defaults.memory.limit),
    }),
  });
}

function imageGroup(component: string, repository: string) {
  return group(`Image of the ${component}.`, {
    repository: str('Image repository (name), without the tag.', repository, { schema: format('imageRepository', { minLength: 1, maxLength: 255 }) }),
    tag: str('Image tag; a fixed version, never latest.', APP_VERSION, { schema: format('imageTag', { minLength: 1 }) }),
    digest: str('Image digest (sha256:...): pulls exactly that build, as <repository>@<digest>; the tag is then ignored (as in Bitnami\'s charts).', '',
      { schema: format('imageDigest') }),
    pullPolicy: choice('IfNotPresent uses an image built into minikube instead of pulling it.', WORKLOAD_DEFAULTS.imagePullPolicy,
      ['IfNotPresent', 'Always', 'Never']),
  });
}

function strategyGroup(component: string) {
  return group(`How a new version replaces the ${component} pods (the Deployment's strategy).`, {
    type: choice('RollingUpdate starts the new pod before stopping the old one (see rollingUpdate); Recreate stops the old pods first, '
      + 'which a claim only one pod may mount (ReadWriteOncePod, or ReadWriteOnce across nodes) needs.', 'RollingUpdate', ['RollingUpdate', 'Recreate'], true),
  });
}

function rollingUpdateGroup(component: string) {
  return group(`Rolling update of the ${component} (strategy.type RollingUpdate): maxUnavailable 0 keeps the old pod until the new one is ready.`, {
    maxSurge: int('Pods above replicaCount during an update.', WORKLOAD_DEFAULTS.rollingUpdate.maxSurge, 0, 100),
    maxUnavailable: int('Pods below replicaCount during an update.', WORKLOAD_DEFAULTS.rollingUpdate.maxUnavailable, 0, 100),
  });
}

/**
 * A toleration's fields and the values the API server takes for its enums (empty: every effect; operator Equal).
 * Closed, so a misspelt field is an error rather than dropped; the rules across fields are value rules.
 */
const TOLERATION_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    key: { type: 'string' },
    operator: { enum: ['Equal', 'Exists', ''] },
    value: { type: 'string' },
    effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute', ''] },
    // Seconds as an int64 on the server; a float64 in Helm holds integers exactly up to 2^53.
    tolerationSeconds: { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
  },
};

/** A closed object: a misspelt field is an error (the plain synthesis's typed objects would drop it, Helm would not). */
const closed = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema =>
  ({ type: 'object', additionalProperties: false, properties, ...(required.length > 0 ? { required } : {}) });
const listOf = (items: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({ type: 'array', items, ...extra });
const strings = listOf({ type: 'string' });
/**
 * A string of a named format inside a pass-through object (a label key, a Secret's name): the format's pattern in
 * the schema, since the value rules check only the model's own settings; the plain synthesis words it by `x-format`.
 */
const patterned = (name: ValueFormat, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', pattern: VALUE_FORMATS[name].pattern, 'x-format': name, ...extra });
const labelFormat = (name: 'labelKey' | 'labelValue'): JsonSchema =>
  (name === 'labelKey' ? patterned(name, { allOf: [{ pattern: LABEL_KEY_PREFIX_LENGTH }] }) : patterned(name));
const whenOperator = (operators: string[], values: JsonSchema): JsonSchema =>
  ({ if: { properties: { operator: { enum: operators } }, required: ['operator'] }, then: { properties: { values }, ...(values.minItems ? { required: ['values'] } : {}) } });
/** A selector's requirement: how many values each operator takes (Gt and Lt: one integer), as the API server checks. */
const requirement = (operators: string[]) => ({
  ...closed({ key: labelFormat('labelKey'), operator: { enum: operators }, values: strings }, ['key', 'operator']),
  allOf: [
    whenOperator(['In', 'NotIn'], { minItems: 1 }),
    whenOperator(['Exists', 'DoesNotExist'], { maxItems: 0 }),
    whenOperator(['Gt', 'Lt'], { minItems: 1, maxItems: 1, items: { type: 'string', pattern: '^[+-]?[0-9]+$' } }),
  ],
});
const nodeSelectorTerm = closed({
  matchExpressions: listOf(requirement(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'])),
  matchFields: listOf(requirement(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'])),
});
const labelSelector = closed({
  matchLabels: { type: 'object', propertyNames: labelFormat('labelKey'), additionalProperties: labelFormat('labelValue') },
  matchExpressions: listOf(requirement(['In', 'NotIn', 'Exists', 'DoesNotExist'])),
});
/**
 * A topologySpreadConstraint's fields (Kubernetes 1.28) with the enums and ranges the API server enforces. Closed, so
 * a misspelt field (`labelSelectr`) is an error on both paths rather than dropped by one and kept by the other.
 */
const TOPOLOGY_SPREAD_SCHEMA: JsonSchema = closed({
  maxSkew: { type: 'integer', minimum: 1, maximum: 2147483647 },
  topologyKey: labelFormat('labelKey'),
  whenUnsatisfiable: { enum: ['DoNotSchedule', 'ScheduleAnyway'] },
  labelSelector,
  minDomains: { type: 'integer', minimum: 1, maximum: 2147483647 },
  nodeAffinityPolicy: { enum: ['Honor', 'Ignore'] },
  nodeTaintsPolicy: { enum: ['Honor', 'Ignore'] },
  matchLabelKeys: listOf(labelFormat('labelKey')),
}, ['maxSkew', 'topologyKey', 'whenUnsatisfiable']);
const podAffinityTerm = closed({
  labelSelector, namespaceSelector: labelSelector, namespaces: strings, topologyKey: labelFormat('labelKey'),
}, ['topologyKey']);
const weight = { type: 'integer', minimum: 1, maximum: 100 };
const podAffinity = closed({
  requiredDuringSchedulingIgnoredDuringExecution: listOf(podAffinityTerm),
  preferredDuringSchedulingIgnoredDuringExecution: listOf(closed({ weight, podAffinityTerm }, ['weight', 'podAffinityTerm'])),
});
/**
 * The fields of a pod's affinity (Kubernetes 1.28), with the enums, required fields and ranges the API server
 * enforces, label keys and values included (but for the length of a key's prefix). Closed at every level.
 */
const AFFINITY_SCHEMA: JsonSchema = closed({
  nodeAffinity: closed({
    requiredDuringSchedulingIgnoredDuringExecution: closed({ nodeSelectorTerms: listOf(nodeSelectorTerm, { minItems: 1 }) }, ['nodeSelectorTerms']),
    preferredDuringSchedulingIgnoredDuringExecution: listOf(closed({ weight, preference: nodeSelectorTerm }, ['weight', 'preference'])),
  }),
  podAffinity,
  podAntiAffinity: podAffinity,
});

/** Where the pods of a component may run; named as `helm create` names them, passed through whole. */
function schedulingFields(component: string) {
  return {
    nodeSelector: passThrough<Record<string, string>>(`Node labels a node must have to run the ${component} pods (the pod's nodeSelector).`, {
      schema: { additionalProperties: { type: 'string' } }, example: { 'kubernetes.io/os': 'linux' },
    }),
    tolerations: passThrough<k8s.Toleration[]>(`Taints the ${component} pods tolerate (the pod's tolerations).`, {
      list: true, schema: { items: TOLERATION_SCHEMA },
      example: [{ key: 'dedicated', operator: 'Equal', value: 'todo', effect: 'NoSchedule' }],
    }),
    affinity: passThrough<k8s.Affinity>(`Node and pod affinity of the ${component} pods (the pod's affinity).`, {
      schema: AFFINITY_SCHEMA,
      example: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }] }] } } },
    }),
    topologySpreadConstraints: passThrough<k8s.TopologySpreadConstraint[]>(`How the ${component} pods spread across zones or nodes (the pod's topologySpreadConstraints; give each a labelSelector).`, {
      list: true, schema: { items: TOPOLOGY_SPREAD_SCHEMA },
      example: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/component': component } } }],
    }),
    priorityClassName: str(`PriorityClass of the ${component} pods (it must exist: Kubernetes refuses pods that name a missing one); empty: the cluster's default priority.`, '',
      { optional: { example: 'high-priority' }, schema: format('dnsNameOrEmpty', { maxLength: 253 }) }),
  };
}

/** Labels and annotations of a component's pods besides the chart's own; named as `helm create` names them. */
function podMetadataFields(component: string) {
  return {
    podAnnotations: passThrough<Record<string, string>>(`Annotations of the ${component} pods, added to the chart's own (its checksum annotations cannot be replaced).`, {
      merge: true, schema: { additionalProperties: { type: 'string' } }, example: { 'prometheus.io/scrape': 'true' },
    }),
    podLabels: passThrough<Record<string, string>>(`Labels of the ${component} pods, added to the chart's own and to commonLabels (a label the chart sets cannot be replaced).`, {
      merge: true, schema: { additionalProperties: { type: 'string' } }, example: { 'example.com/tier': component },
    }),
  };
}

/** A pod-spec item, checked against the Kubernetes 1.28 definition of its kind (values.schema.json's `definitions`). */
const k8sItem = (kind: 'EnvVar' | 'EnvFromSource' | 'Volume' | 'VolumeMount') => ({ items: { $ref: `#/definitions/io.k8s.api.core.v1.${kind}` } });

/**
 * What a component's container gets besides the chart's own: variables, their sources, volumes and mounts, as the
 * pod spec writes them (Bitnami's names; `helm create` has none). Appended after the chart's own items.
 */
function extraPodFields(component: string) {
  return {
    extraEnv: passThrough<k8s.EnvVar[]>(`Further environment variables of the ${component} container (name and value, or valueFrom); `
      + 'one the chart sets (a config or secret key, or the app\'s own) is refused.', {
      list: true, merge: true, schema: k8sItem('EnvVar'), example: [{ name: 'TZ', value: 'Europe/Berlin' }],
    }),
    extraEnvFrom: passThrough<k8s.EnvFromSource[]>(`Further sources of the ${component} container's environment (a whole ConfigMap or Secret, as configMapRef or secretRef).`, {
      list: true, merge: true, schema: k8sItem('EnvFromSource'), example: [{ configMapRef: { name: 'todo-extra-env' } }],
    }),
    extraVolumes: passThrough<k8s.Volume[]>(`Further volumes of the ${component} pods, for extraVolumeMounts (Pod Security "restricted" admits configMap, secret, `
      + 'emptyDir, projected, downwardAPI, persistentVolumeClaim, ephemeral and csi); the chart\'s own volume names are taken.', {
      list: true, merge: true, schema: k8sItem('Volume'), example: [{ name: 'extra-config', configMap: { name: 'todo-extra-config' } }],
    }),
    extraVolumeMounts: passThrough<k8s.VolumeMount[]>(`Further mounts in the ${component} container, of extraVolumes or of the chart's own volumes; `
      + 'a path the container already mounts is refused.', {
      list: true, merge: true, schema: k8sItem('VolumeMount'), example: [{ name: 'tmp', mountPath: '/home/app/.cache', subPath: 'cache' }],
    }),
  };
}

function securityContextGroup(component: string, why: string) {
  return group(`Security context of the ${component} container, beyond what Pod Security "restricted" requires.`, {
    readOnlyRootFilesystem: bool(`Mount the container's root filesystem read-only (writable: the emptyDirs and volumes only). ${why}`, true),
  });
}

function podDisruptionBudgetGroup(component: string) {
  return group(`A PodDisruptionBudget for the ${component} pods, so a node drain takes down at most maxUnavailable of them.`, {
    enabled: bool('Create the PodDisruptionBudget.', false),
    maxUnavailable: int('Pods a voluntary disruption may take down at once (1 lets a single pod move; 0 blocks drains).', 1, 0, 100),
  });
}

function autoscalingGroup(component: string) {
  return group(`A HorizontalPodAutoscaler (autoscaling/v2) for the ${component}; the Deployment then leaves replicas to it (replicaCount is unused).`, {
    enabled: bool('Create the HorizontalPodAutoscaler (the cluster needs metrics-server: minikube addons enable metrics-server).', false),
    minReplicas: int('Fewest pods.', 1, 1, 100),
    maxReplicas: int('Most pods; at least minReplicas.', 3, 1, 100),
    targetCPUUtilizationPercentage: int('Average CPU use, in percent of the CPU request, to keep the pods at.', 80, 1, 1000),
  });
}

const replicaCount = (component: string) => int(`Number of ${component} pods.`, WORKLOAD_DEFAULTS.replicas, 0, 100);
const port = (description: string, value: number) => int(description, value, 1, 65535);

const requiredSecretKeys = SECRET_KEYS.filter((k) => k.required).map((k) => k.name);

/** The todo-chatbot's settings: the one model behind the chart, values.yaml, values.schema.json and the docs. */
export const valuesModel = group('Values of the todo-chatbot chart.', {
  nameOverride: str('Replaces the chart name in object names and in app.kubernetes.io/name.', '',
    { schema: format('nameOverride', { maxLength: 63 }) }),
  fullnameOverride: str('Replaces the "<release>-<chart>" prefix of object names.', '',
    { schema: format('nameOverride', { maxLength: 63 }) }),
  commonLabels: passThrough<Record<string, string>>('Labels added to every object of the release and its pods (a team, a cost center); never to selectors, '
    + 'and a label the chart sets cannot be replaced.', {
    merge: 'everywhere', schema: { additionalProperties: { type: 'string' } }, example: { team: 'todo', 'example.com/cost-center': 'cc-42' },
  }),
  global: group('Settings shared by both components (Helm also passes these to subcharts).', {
    runAsUser: int('Numeric user the containers run as; must equal the images\' USER (1001 in docker/).', WORKLOAD_DEFAULTS.runAs.runAsUser, 1, 2147483647),
    runAsGroup: int('Numeric group the containers run as.', WORKLOAD_DEFAULTS.runAs.runAsGroup, 1, 2147483647),
    fsGroup: int('Group that owns mounted volumes, so the containers can write to them.', WORKLOAD_DEFAULTS.runAs.fsGroup, 1, 2147483647),
    imageRegistry: str('Registry put in front of both image repositories (registry.example.com:5000); empty: as the repositories say.', '',
      { schema: format('imageRegistry') }),
  }, { open: true }),
  imagePullSecrets: passThrough<Array<{ name: string }>>('Secrets (docker-registry type, in the release\'s namespace) the kubelet pulls both images with, as [{name: regcred}].', {
    list: true, schema: { items: { type: 'object', properties: { name: patterned('dnsName', { minLength: 1, maxLength: 253 }) }, required: ['name'], additionalProperties: false } },
    example: [{ name: 'regcred' }],
  }),
  serviceAccount: group('The ServiceAccount the pods run as; its token is never mounted (no pod calls the Kubernetes API).', {
    create: bool('Create a ServiceAccount for the release.', false),
    name: str('Its name: the one created (empty: the fullname), or an existing one to run as (create it first: Kubernetes refuses pods that name a missing one; empty, without create: the namespace\'s default).', '',
      { optional: { example: 'todo-chatbot-runner', dependsOn: { path: 'serviceAccount.create', value: false } }, schema: format('dnsNameOrEmpty', { maxLength: 253 }) }),
  }),
  backend: group('The FastAPI backend: a Deployment and a ClusterIP Service.', {
    replicaCount: replicaCount('backend'),
    image: imageGroup('backend', 'todo-backend'),
    containerPort: port('Port uvicorn listens on in the container.', ApiService.DEFAULT_PORT),
    service: group('The backend Service; the frontend reaches the API at http://<name>:<port>.', {
      name: str('Name of the Service (a DNS label: the host of the frontend\'s API_URL and NEXT_PUBLIC_API_URL).', 'backend-service',
        { schema: format('serviceName', { minLength: 1, maxLength: 63 }) }),
      port: port('Port of the Service.', ApiService.DEFAULT_PORT),
    }),
    resources: resourcesGroup('backend', ApiService.DEFAULT_RESOURCES),
    probes: probesGroup('backend', ApiService.DEFAULT_HEALTH),
    autoscaling: autoscalingGroup('backend'),
    podDisruptionBudget: podDisruptionBudgetGroup('backend'),
    strategy: strategyGroup('backend'),
    rollingUpdate: rollingUpdateGroup('backend'),
    securityContext: securityContextGroup('backend', 'Uploads and spooled request bodies go to the uploads volume and /tmp.'),
    ...podMetadataFields('backend'),
    ...extraPodFields('backend'),
    ...schedulingFields('backend'),
    uploadsPath: str('Directory the backend stores uploads in (see persistence).', '/app/uploads', { schema: format('absolutePath') }),
  }),
  frontend: group('The Next.js frontend: a Deployment and a NodePort (or ClusterIP) Service.', {
    replicaCount: replicaCount('frontend'),
    image: imageGroup('frontend', 'todo-frontend'),
    containerPort: port('Port the Next.js server listens on in the container.', WebApp.DEFAULT_PORT),
    service: group('The frontend Service.', {
      type: choice('NodePort opens nodePort on the node (http://$(minikube ip):30000); ClusterIP keeps it in the cluster.',
        'NodePort', ['NodePort', 'ClusterIP'], true),
      port: port('Port of the Service.', WebApp.DEFAULT_PORT),
      nodePort: nullableInt('Fixed node port when type is NodePort (30000-32767); null: the cluster picks a free one (NOTES print the command that shows it).',
        30000, 30000, 32767, { dependsOn: { path: 'frontend.service.type', value: 'NodePort' } }),
    }),
    resources: resourcesGroup('frontend', WebApp.DEFAULT_RESOURCES),
    probes: probesGroup('frontend', WebApp.DEFAULT_HEALTH),
    autoscaling: autoscalingGroup('frontend'),
    podDisruptionBudget: podDisruptionBudgetGroup('frontend'),
    strategy: strategyGroup('frontend'),
    rollingUpdate: rollingUpdateGroup('frontend'),
    securityContext: securityContextGroup('frontend', 'Next.js ISR writes under .next/server: turn this off for it.'),
    ...podMetadataFields('frontend'),
    ...extraPodFields('frontend'),
    ...schedulingFields('frontend'),
  }),
  config: group('Non-secret backend settings, in the ConfigMap; a change rolls the backend pods.', {
    environment: str('ENVIRONMENT: development or production.', 'production', { schema: { minLength: 1 } }),
    logLevel: choice('LOG_LEVEL of the backend.', 'INFO', ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']),
    corsOrigins: str(`CORS_ORIGINS: comma-separated origins the browser may call the API from; ${FRONTEND_ADDRESS}.`, '',
      { schema: format('corsOrigins') }),
    frontendUrl: str(`FRONTEND_URL: where users open the app (links in e-mails); ${FRONTEND_ADDRESS}.`, '', { schema: format('httpUrl') }),
    mcpServerName: str('MCP_SERVER_NAME of the backend\'s MCP tool server.', 'todo-mcp-server', { schema: { minLength: 1 } }),
    mcpServerPort: port('MCP_SERVER_PORT of the backend\'s MCP tool server.', 8001),
  }),
  ingress: group('An Ingress that routes a host to the frontend Service (the cluster needs an ingress controller: minikube addons enable ingress). '
    + 'config.corsOrigins and config.frontendUrl follow its host unless set.', {
    enabled: bool('Create the Ingress.', false),
    className: str('IngressClass that serves it; empty: the cluster\'s default.', '',
      { optional: { example: 'nginx', dependsOn: { path: 'ingress.enabled', value: true } }, schema: format('dnsNameOrEmpty', { maxLength: 253 }) }),
    annotations: passThrough<Record<string, string>>('Annotations of the Ingress (the controller\'s settings, a certificate issuer).', {
      schema: { additionalProperties: { type: 'string' } }, example: { 'nginx.ingress.kubernetes.io/proxy-body-size': '10m' },
      dependsOn: { path: 'ingress.enabled', value: true },
    }),
    host: str('Host name the Ingress answers for.', 'todo-chatbot.local',
      { schema: { pattern: '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', maxLength: 253 } }),
    path: str('Path routed to the frontend.', '/', { schema: { pattern: '^/' } }),
    pathType: choice('How the path matches.', 'Prefix', ['Prefix', 'Exact', 'ImplementationSpecific']),
    tlsSecretName: str('Secret (type kubernetes.io/tls, in the release\'s namespace) with the host\'s certificate; empty: plain HTTP.', '',
      { optional: { example: 'todo-chatbot-tls', dependsOn: { path: 'ingress.enabled', value: true } }, schema: format('dnsNameOrEmpty', { maxLength: 253 }) }),
  }),
  networkPolicy: group('NetworkPolicies (the cluster\'s network plugin must enforce them: minikube start --cni=calico).', {
    enabled: bool('Admit to the backend pods only the frontend\'s pods, on the backend\'s container port.', false),
    defaultDeny: bool('Deny the release\'s pods every other connection, in and out, but DNS and the backend\'s port: the frontend is then reachable on its port '
      + 'from anywhere and may connect only to the backend; the backend may connect anywhere (its database and APIs are outside the cluster).', false,
    { dependsOn: { path: 'networkPolicy.enabled', value: true } }),
  }),
  persistence: group('Keeps backend uploads across pod restarts. Off: an emptyDir, lost with the pod.', {
    enabled: bool('Keep uploads in a volume that outlives the pod.', false),
    type: choice('pvc: a PersistentVolumeClaim (minikube\'s default StorageClass backs it with a host path); '
      + 'hostPath: a node directory (Pod Security "baseline" and "restricted" forbid it; the directory must be writable by uid 1001).',
    'pvc', ['pvc', 'hostPath'], { dependsOn: { path: 'persistence.enabled', value: true } }),
    size: str('Size of the claim (type pvc).', '5Gi', { schema: format('quantity') }),
    accessMode: choice('Access mode of the claim (type pvc).', 'ReadWriteOnce', ['ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOncePod']),
    existingClaim: str('Name of a PersistentVolumeClaim you created in the release\'s namespace (type pvc): the backend mounts it; the chart creates none and never deletes it.', '',
      { optional: { example: 'todo-uploads', dependsOn: { path: 'persistence.type', value: 'pvc' } }, schema: format('dnsNameOrEmpty', { maxLength: 253 }) }),
    storageClass: str('StorageClass of the claim (type pvc); empty uses the cluster default.', '',
      { optional: { example: 'standard', dependsOn: { path: 'persistence.existingClaim', value: '' } }, schema: format('storageClass', { maxLength: 253 }) }),
    keepOnUninstall: bool('Keep the claim the chart creates (and the uploads in it) when the release is uninstalled or persistence turned off '
      + '(annotation helm.sh/resource-policy: keep); delete it with kubectl afterwards.', true, { dependsOn: { path: 'persistence.existingClaim', value: '' } }),
    hostPath: str('Node directory (type hostPath), at least two levels below / and outside the node\'s system directories.',
      '/mnt/data/uploads', { schema: format('absolutePath') }),
  }),
  secrets: group('The Secret with the backend\'s credentials (never in git or dist/).', {
    existingSecret: str('Name of the Secret the backend reads (create it from secrets.yaml.example); with create, the chart creates it under this name. '
      + `Empty: "<fullname>-secrets" (${CHART_NAME}-secrets for the release ${CHART_NAME}), so a second release in the namespace reads (or creates) its own.`,
    '', { schema: format('dnsNameOrEmpty', { maxLength: 253 }) }),
    create: bool('Have the chart create the Secret from secrets.values (pass them with --set or a values file kept out of git).', false),
    values: group('Secret values, used only with create; DATABASE_URL and JWT_SECRET are then required.',
      Object.fromEntries(SECRET_KEYS.map((key) => [key.name,
        str(`${key.required ? 'Required' : 'Optional'}: ${key.description}.`, '')])) as { [K in typeof SECRET_KEYS[number]['name']]: ReturnType<typeof str> }),
  }, {
    schema: {
      if: { properties: { create: { const: true } }, required: ['create'] },
      then: {
        properties: { values: { properties: Object.fromEntries(requiredSecretKeys.map((k) => [k, { minLength: 1 }])), required: requiredSecretKeys } },
        required: ['values'],
      },
    },
  }),
}, { schema: { definitions: K8S_POD_ITEM_DEFINITIONS } });

/** The chart's values. */
export type TodoChatbotValues = ValuesOf<typeof valuesModel>;
/** A values file: any subset of the values. */
export type TodoChatbotValuesFile = PartialValues<TodoChatbotValues>;

/** Every value at its default (the chart's values.yaml). */
export const defaultValues: TodoChatbotValues = defaultsOf(valuesModel);

/** The values JSON Schema (the chart's values.schema.json). */
export const valuesSchema = jsonSchemaOf(valuesModel);

/** Local development on minikube (the chart's values-dev.yaml), over the defaults. */
export const devValues: TodoChatbotValuesFile = {
  config: { environment: 'development', logLevel: 'DEBUG' },
  backend: { image: { pullPolicy: 'IfNotPresent' } },
  frontend: { image: { pullPolicy: 'IfNotPresent' }, service: { type: 'NodePort', nodePort: 30000 } },
};

/** Defaults with values files merged over them, as Helm merges them. */
export function withValues(...files: unknown[]): TodoChatbotValues {
  return mergeValues(defaultValues, ...files);
}

export type { Fields, Group, JsonSchema, Leaf, ModelNode, PartialValues, Structure, ValuesOf };
