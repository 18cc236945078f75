import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { AppSecrets } from './app-secrets';
import { checkEnvShadowing, checkImageReference, checkSelectorKeysKept, EnvSource, registerObjectNames } from './conflicts';
import { HealthProbes, HealthProbesProps } from './health-probes';
import { Tokens } from './tokens';
import { PropsValidator } from './validation';
import { WorkloadVolume } from './volumes';

/** A CPU or memory request and limit, as Kubernetes quantities. */
export interface RequestAndLimit {
  /**
   * What the scheduler reserves for the container, e.g. `250m` or `256Mi`.
   * @default - no request
   */
  readonly request?: string;

  /**
   * The most the container may use, e.g. `500m` or `512Mi`; must not be below the request.
   * @default - no limit
   */
  readonly limit?: string;
}

/** CPU and memory for a container. */
export interface ContainerResources {
  /**
   * CPU request and limit.
   * @default - the construct's default
   */
  readonly cpu?: RequestAndLimit;

  /**
   * Memory request and limit.
   * @default - the construct's default
   */
  readonly memory?: RequestAndLimit;
}

/** How many pods a rolling update may add or take away at a time. */
export interface RollingUpdateSettings {
  /**
   * Pods above `replicas` allowed during an update.
   * @default 1
   */
  readonly maxSurge?: number;

  /**
   * Pods below `replicas` allowed during an update; 0 keeps every old pod until its replacement is ready.
   * @default 0
   */
  readonly maxUnavailable?: number;
}

/** A PodDisruptionBudget for the workload's pods: give exactly one of the two. */
export interface DisruptionBudgetSettings {
  /**
   * Pods that may be down at once by a voluntary disruption (a node drain); 1 lets a single pod move.
   * @default - minAvailable decides
   */
  readonly maxUnavailable?: number;

  /**
   * Pods that must stay up during a voluntary disruption.
   * @default - maxUnavailable decides
   */
  readonly minAvailable?: number;
}

/** A HorizontalPodAutoscaler (autoscaling/v2) for the workload: it sets the replicas, which the Deployment then leaves out. */
export interface AutoscalingSettings {
  /**
   * Fewest pods.
   * @default 1
   */
  readonly minReplicas?: number;

  /**
   * Most pods; at least `minReplicas` (the API server refuses less).
   */
  readonly maxReplicas: number;

  /**
   * Average CPU use, in percent of the CPU request, that the autoscaler keeps the pods at.
   * @default 80
   */
  readonly targetCPUUtilizationPercentage?: number;
}

/** Pods of the namespace, by their labels, and the port they listen on. */
export interface NetworkPeerPort {
  /** Labels of the pods (another workload's `selectorLabels`). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Their container port. */
  readonly port: number;
}

/** A NetworkPolicy for the workload's pods. */
export interface NetworkPolicySettings {
  /**
   * Pods of the namespace, by their labels (another workload's `selectorLabels`), that may connect to the
   * container port; nothing else may connect to the pods.
   * @default - any source, on the container port only
   */
  readonly ingressFrom?: ReadonlyArray<Readonly<Record<string, string>>>;

  /**
   * Where the pods may open connections: `anywhere`, or only DNS (port 53) and these pods' ports.
   * @default - not restricted by this policy
   */
  readonly egressTo?: 'anywhere' | readonly NetworkPeerPort[];
}

/** How a Deployment replaces its pods (the Deployment's `strategy.type`). */
export type DeploymentStrategyType = 'RollingUpdate' | 'Recreate';

/** The numeric user and group the containers run as (Pod Security "restricted" needs a non-root uid). */
export interface RunAsSettings {
  /**
   * Numeric user id; must match the image's `USER` so files it owns stay writable.
   * @default 1001
   */
  readonly runAsUser?: number;

  /**
   * Numeric group id.
   * @default 1001
   */
  readonly runAsGroup?: number;

  /**
   * Group that owns mounted volumes, so the user can write to them.
   * @default 1001
   */
  readonly fsGroup?: number;
}

/** The props `ApiService` and `WebApp` share. */
export interface HttpWorkloadProps {
  /**
   * Container image with a fixed tag or a digest, e.g. `registry.example.com/shop-api:2.3.1`; an image
   * without a tag, or tagged `latest`, is refused unless `allowLatestTag` is set.
   */
  readonly image: string;

  /**
   * Accept an image without a tag or tagged `latest` (it changes under a running Deployment, and
   * `IfNotPresent` keeps whatever a node pulled first).
   * @default false
   */
  readonly allowLatestTag?: boolean;

  /**
   * Base name of the Deployment and of the other objects.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * When the kubelet pulls the image. `IfNotPresent` uses an image built into the cluster (minikube)
   * instead of failing to pull it.
   * @default 'IfNotPresent'
   */
  readonly imagePullPolicy?: 'IfNotPresent' | 'Always' | 'Never';

  /**
   * Number of pods.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Port the server listens on in the container.
   * @default - 8000 for ApiService, 3000 for WebApp
   */
  readonly port?: number;

  /**
   * Name of the Service in front of the pods; other pods reach them at `http://<serviceName>:<servicePort>`.
   * @default - the name
   */
  readonly serviceName?: string;

  /**
   * Port of the Service.
   * @default - the container port
   */
  readonly servicePort?: number;

  /**
   * Name of the container.
   * @default - the construct id
   */
  readonly containerName?: string;

  /**
   * CPU and memory requests and limits.
   * @default - the construct's defaults (see ApiService and WebApp)
   */
  readonly resources?: ContainerResources;

  /**
   * The health endpoint and probe timings; the port is always the container port. Each probe's timing
   * is merged over the construct's default for that probe, so `{ path: '/ready' }` keeps every timing.
   * @default - GET /api/health with the construct's default timings
   */
  readonly health?: Omit<HealthProbesProps, 'port'>;

  /**
   * Plain environment variables (never secrets: use `secrets`). An entry replaces a variable the
   * construct sets by default (WebApp's `HOSTNAME`, say); one that another prop sets too (a `config`
   * key, a secret key, `apiUrlEnv`) is refused.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;

  /**
   * Secret keys to expose to the container as environment variables.
   * @default - none
   */
  readonly secrets?: AppSecrets;

  /**
   * A NetworkPolicy named after the workload: who may connect to its pods, and where they may connect.
   * @default - none
   */
  readonly networkPolicy?: NetworkPolicySettings;

  /**
   * A PodDisruptionBudget named after the workload, selecting its pods.
   * @default - none
   */
  readonly podDisruptionBudget?: DisruptionBudgetSettings;

  /**
   * A HorizontalPodAutoscaler named after the workload; `replicas` must then be left unset (the Deployment
   * leaves them to the autoscaler, so an apply does not reset its count).
   * @default - none: `replicas` pods
   */
  readonly autoscaling?: AutoscalingSettings;

  /**
   * How a new version replaces the pods: `RollingUpdate` starts new pods before the old ones stop (see
   * `rollingUpdate`); `Recreate` stops every old pod first, which a volume only one pod may mount at a time
   * (a `ReadWriteOncePod` claim, or `ReadWriteOnce` across nodes) needs, at the cost of a short outage.
   * @default 'RollingUpdate'
   */
  readonly strategy?: DeploymentStrategyType;

  /**
   * Rolling update limits (only with the `RollingUpdate` strategy).
   * @default - maxSurge 1, maxUnavailable 0
   */
  readonly rollingUpdate?: RollingUpdateSettings;

  /**
   * The user and group the container runs as.
   * @default - uid, gid and fsGroup 1001
   */
  readonly runAs?: RunAsSettings;

  /**
   * Paths that get an emptyDir each, since the root filesystem is read-only.
   * @default - the construct's defaults (`/tmp` for both, plus `/app/.next/cache` for WebApp)
   */
  readonly writablePaths?: readonly string[];

  /**
   * Volumes mounted into the container, each kept where its `storage` says (an emptyDir, a new or
   * existing PersistentVolumeClaim, a hostPath).
   * @default - none (besides the emptyDirs of `writablePaths`)
   */
  readonly volumes?: readonly WorkloadVolume[];

  /**
   * Labels that identify the pods; the Deployment and the Service select on exactly these, and
   * `selectorLabels` of the construct returns them (for a NetworkPolicy, a PodDisruptionBudget, ...).
   * @default - app.kubernetes.io/name: the name, app.kubernetes.io/instance: `instance`, app.kubernetes.io/component: `component`
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;

  /**
   * `app.kubernetes.io/component` of the default selector labels: the workload's role in the app.
   * @default - 'api' for ApiService, 'web' for WebApp
   */
  readonly component?: string;

  /**
   * `app.kubernetes.io/instance` of the default selector labels: which installation of the app this is.
   * @default - the id of the chart the construct is in
   */
  readonly instance?: string;

  /**
   * Further labels for every object and pod (version, part-of, ...); never used in selectors. A
   * selector label given here with another value is refused.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;

  /**
   * Labels of the pods only, over `labels` (a service mesh's, say); never used in selectors. A selector
   * label given here with another value is refused.
   * @default - none
   */
  readonly podLabels?: Readonly<Record<string, string>>;

  /**
   * Annotations of the pods (a scraper's, a service mesh's). The construct's own (ApiService's
   * `checksum/config`, `checksum/secret` when `secrets` creates its Secret) cannot be replaced.
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;

  /**
   * Mount the container's root filesystem read-only; only `writablePaths` and `volumes` are writable. Turn
   * it off for an app that writes elsewhere (Next.js incremental static regeneration writes `.next/server`).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * ServiceAccount the pods run as (its token is never mounted).
   * @default 'default' - the namespace's own, named explicitly: a pod template that merely left the field out after
   * naming another one would keep running as that one (the API server restores the name from the deprecated
   * `serviceAccount` field that a patch leaves behind)
   */
  readonly serviceAccountName?: string;

  /**
   * Secrets the kubelet pulls the image with (the pod's `imagePullSecrets`), as `[{ name: 'regcred' }]`.
   * @default - none
   */
  readonly imagePullSecrets?: readonly k8s.LocalObjectReference[];

  /**
   * Node labels a node must have to run the pods (the pod's `nodeSelector`).
   * @default - any node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;

  /**
   * Taints the pods tolerate (the pod's `tolerations`).
   * @default - none
   */
  readonly tolerations?: readonly k8s.Toleration[];

  /**
   * Node and pod affinity rules (the pod's `affinity`).
   * @default - none
   */
  readonly affinity?: k8s.Affinity;

  /**
   * How the pods spread across zones or nodes (the pod's `topologySpreadConstraints`).
   * @default - none
   */
  readonly topologySpreadConstraints?: readonly k8s.TopologySpreadConstraint[];

  /**
   * PriorityClass of the pods (the pod's `priorityClassName`), which decides who is preempted first.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * Further environment variables of the container, after the construct's own, as the pod spec writes them
   * (`value`, or `valueFrom` a key of a Secret or ConfigMap, a field of the pod). A variable that another prop or
   * the construct sets (`env`, a `config` or secret key, `apiUrlEnv`, a framework's `PORT`) is refused: the
   * container would see only one of the two values.
   * @default - none
   */
  readonly extraEnv?: readonly k8s.EnvVar[];

  /**
   * Further sources of environment variables (a whole ConfigMap or Secret), after the construct's own `envFrom`.
   * @default - none
   */
  readonly extraEnvFrom?: readonly k8s.EnvFromSource[];

  /**
   * Further volumes of the pods (any volume source; Pod Security "restricted" admits configMap, secret,
   * emptyDir, projected, downwardAPI, persistentVolumeClaim, ephemeral and csi), mounted with
   * `extraVolumeMounts`. A name the construct's own volumes have is refused.
   * @default - none
   */
  readonly extraVolumes?: readonly k8s.Volume[];

  /**
   * Where volumes are mounted in the container besides the construct's own mounts: an `extraVolumes` volume
   * (or one of the construct's). A path the container already mounts, or a volume the pod does not have, is refused.
   * @default - none
   */
  readonly extraVolumeMounts?: readonly k8s.VolumeMount[];
}

/** A variable the construct itself sets on the container, for `WorkloadExtras.ownEnv`. */
export interface OwnEnvVar {
  /** Name of the variable. */
  readonly name: string;
  /** Its value. */
  readonly value: string;
  /** The prop that sets it, which a clash names (e.g. `apiUrlEnv`). */
  readonly origin: string;
}

/** A volume the construct itself mounts, for `WorkloadExtras.volumes`. */
export interface OwnVolume {
  /** The volume. */
  readonly volume: WorkloadVolume;
  /** The prop that sets its mount path (e.g. `uploadsPath`), which problems name. */
  readonly mountPathField: string;
  /** The prop that sets its storage (e.g. `uploads`), which problems name. */
  readonly storageField: string;
}

/** What a construct adds to the shared workload. */
export interface WorkloadExtras {
  /** The construct's class name, which error messages name (e.g. `WebApp`). */
  readonly kind: string;
  /** `app.kubernetes.io/component` when the props give no `component`. */
  readonly defaultComponent: string;
  /** Container port when the props give none. */
  readonly defaultPort: number;
  /** CPU and memory when the props give none (each request and limit separately). */
  readonly defaultResources: Required<ContainerResources>;
  /** Health endpoint and probe timings when the props give none. */
  readonly defaultHealth: Omit<HealthProbesProps, 'port'>;
  /** Paths that get an emptyDir when the props give no `writablePaths`. */
  readonly defaultWritablePaths: readonly string[];
  /** Type of the Service, e.g. `ClusterIP` or `NodePort`. */
  readonly serviceType: string;
  /**
   * Fixed node port of the Service.
   * @default - none (Kubernetes picks one for a NodePort Service)
   */
  readonly nodePort?: number;
  /**
   * Sources of environment variables for the container, such as a ConfigMap.
   * @default - none
   */
  readonly envFrom?: k8s.EnvFromSource[];
  /**
   * The variables those sources set, so that a plain variable of the same name is refused.
   * @default - none
   */
  readonly envFromVariables?: readonly EnvSource[];
  /**
   * Variables the construct sets unless the props' `env` sets them (e.g. a framework's `PORT`).
   * @default - none
   */
  readonly defaultEnv?: Readonly<Record<string, string>>;
  /**
   * Variables the construct sets from its props, after `env`; the same name in `env` is refused.
   * @default - none
   */
  readonly ownEnv?: readonly OwnEnvVar[];
  /**
   * Annotations of the pod template the construct sets itself (a config checksum, say); the props'
   * `podAnnotations` cannot replace them.
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Volumes the construct mounts itself, before the props' `volumes`, with the props that configure each.
   * @default - none
   */
  readonly volumes?: readonly OwnVolume[];
  /**
   * Validates the construct's own props into the shared validator.
   * @default - no further checks
   */
  readonly validate?: (v: PropsValidator) => void;
}

/** The objects and settings of a workload, after defaults. */
interface HttpWorkload {
  readonly port: number;
  readonly serviceName: string;
  readonly servicePort: number;
  readonly labels: Record<string, string>;
  readonly selectorLabels: Record<string, string>;
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly probes: HealthProbes;
  readonly claims: ReadonlyMap<string, k8s.KubePersistentVolumeClaim>;
  readonly disruptionBudget?: k8s.KubePodDisruptionBudget;
  readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  readonly networkPolicy?: k8s.KubeNetworkPolicy;
}

/** What `ApiService` and `WebApp` have in common: an HTTP server's Deployment, Service and probes. */
export abstract class HttpWorkloadBase extends Construct {
  /** The Deployment (also `ApiObject.of(workload)`, for JSON patches). */
  public readonly deployment: k8s.KubeDeployment;
  /** The Service. */
  public readonly service: k8s.KubeService;
  /** The probes of the container. */
  public readonly probes: HealthProbes;
  /** Port the container listens on. */
  public readonly port: number;
  /** Name of the Service. */
  public readonly serviceName: string;
  /** Port of the Service. */
  public readonly servicePort: number;
  /** Labels of every object (selector labels included). */
  public readonly labels: Readonly<Record<string, string>>;
  /** The labels that pick the pods (the Deployment's and the Service's selector), to select them elsewhere. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** The claims created for volumes with `VolumeStorage.newClaim()`, by volume name. */
  public readonly claims: ReadonlyMap<string, k8s.KubePersistentVolumeClaim>;
  /** The PodDisruptionBudget, with `podDisruptionBudget`. */
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The HorizontalPodAutoscaler, with `autoscaling`. */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** The NetworkPolicy, with `networkPolicy`. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  protected constructor(scope: Construct, id: string, props: HttpWorkloadProps, extras: WorkloadExtras) {
    super(scope, id);
    const workload = createHttpWorkload(this, props, extras);
    this.deployment = workload.deployment;
    this.service = workload.service;
    this.probes = workload.probes;
    this.port = workload.port;
    this.serviceName = workload.serviceName;
    this.servicePort = workload.servicePort;
    this.labels = workload.labels;
    this.selectorLabels = workload.selectorLabels;
    this.claims = workload.claims;
    this.disruptionBudget = workload.disruptionBudget;
    this.autoscaler = workload.autoscaler;
    this.networkPolicy = workload.networkPolicy;
    this.node.defaultChild = this.deployment;
  }
}

const PULL_POLICIES = ['IfNotPresent', 'Always', 'Never'] as const;
const STRATEGIES = ['RollingUpdate', 'Recreate'] as const;
/** The ServiceAccount every namespace has (kube-controller-manager creates it). */
const DEFAULT_SERVICE_ACCOUNT = 'default';

/** Defaults shared by `ApiService` and `WebApp`. */
export const WORKLOAD_DEFAULTS = {
  replicas: 1,
  imagePullPolicy: 'IfNotPresent',
  rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
  runAs: { runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 },
} as const;

/** The pod annotation that holds the checksum of a chart-created Secret the pods read (`AppSecrets.checksum`). */
export const SECRET_CHECKSUM_ANNOTATION = 'checksum/secret';
/** The longest label or annotation key: a DNS subdomain prefix (253), "/" and a name (63). */
const LABEL_KEY_MAX_LENGTH = 253 + 1 + 63;
/** What a label or annotation key must be, in words. */
const LABEL_KEY_RULE = 'an optional DNS subdomain and "/", then at most 63 letters, digits, "-", "_" and "."';

/** The default size of a claim that `VolumeStorage.newClaim()` creates. */
export const DEFAULT_CLAIM = { size: '5Gi', accessMode: 'ReadWriteOnce' } as const;

/**
 * A Deployment whose pod template has an `annotations` map as soon as a JSON patch is added, so that a
 * patch can add to it (`JsonPatch.add('/spec/template/metadata/annotations/x', ...)`) even when the
 * construct sets no annotation; without patches an empty map is left out.
 */
class PatchableDeployment extends k8s.KubeDeployment {
  /** Whether `addJsonPatch` was called. */
  public patched = false;

  public constructor(scope: Construct, id: string, props: k8s.KubeDeploymentProps, private readonly additions: PodAdditions) {
    super(scope, id, props);
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * The Deployment, with the props' further variables, sources, volumes and mounts appended as they were given:
   * cdk8s would convert them field by field, dropping quantities (`emptyDir.sizeLimit`) and any field it does
   * not know (which the API server should refuse instead), and taking a placeholder item apart.
   */
  public toJson(): any {
    const json = super.toJson();
    const pod = json.spec.template.spec;
    const container = pod.containers[0];
    const append = (target: Record<string, any>, field: string, items: readonly unknown[]) => {
      if (items.length > 0) target[field] = [...(target[field] ?? []), ...items.map(asGiven)];
    };
    append(container, 'env', this.additions.env);
    append(container, 'envFrom', this.additions.envFrom);
    append(container, 'volumeMounts', this.additions.volumeMounts);
    append(pod, 'volumes', this.additions.volumes);
    return json;
  }
}

/** A pod-spec item as given, but for the typed quantities and int-or-strings of `imports/k8s`, written as their values. */
function asGiven(value: unknown): unknown {
  if (Tokens.isUnresolved(value)) return value;
  if (value instanceof k8s.Quantity || value instanceof k8s.IntOrString) return value.value;
  if (Array.isArray(value)) return value.map(asGiven);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asGiven(v)]));
  return value;
}

/** What the props add to the pod as given (see `PatchableDeployment.toJson`). */
interface PodAdditions {
  readonly env: readonly k8s.EnvVar[];
  readonly envFrom: readonly k8s.EnvFromSource[];
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
}

/** The Deployment and Service of an HTTP server, secured for Pod Security "restricted". */
function createHttpWorkload(scope: Construct, props: HttpWorkloadProps, extras: WorkloadExtras): HttpWorkload {
  const name = props.name ?? scope.node.id;
  const port = props.port ?? extras.defaultPort;
  const serviceName = props.serviceName ?? name;
  const servicePort = props.servicePort ?? port;
  const autoscaling = props.autoscaling && { minReplicas: 1, targetCPUUtilizationPercentage: 80, ...props.autoscaling };
  const replicas = autoscaling ? undefined : props.replicas ?? WORKLOAD_DEFAULTS.replicas;
  const budget = props.podDisruptionBudget;
  const pullPolicy = props.imagePullPolicy ?? WORKLOAD_DEFAULTS.imagePullPolicy;
  const cpu = { ...extras.defaultResources.cpu, ...props.resources?.cpu };
  const memory = { ...extras.defaultResources.memory, ...props.resources?.memory };
  const strategy = props.strategy ?? 'RollingUpdate';
  const { maxSurge, maxUnavailable } = { ...WORKLOAD_DEFAULTS.rollingUpdate, ...props.rollingUpdate };
  const { runAsUser, runAsGroup, fsGroup } = { ...WORKLOAD_DEFAULTS.runAs, ...props.runAs };
  const writablePaths = props.writablePaths ?? extras.defaultWritablePaths;
  const env = props.env ?? {};
  const component = props.component ?? extras.defaultComponent;
  const instance = props.instance ?? Chart.of(scope).node.id;
  const selectorLabels = { ...(props.selectorLabels ?? {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/component': component,
  }) };
  const labels = { ...props.labels, ...selectorLabels };
  const podLabels = { ...props.labels, ...props.podLabels, ...selectorLabels };
  // A chart-created Secret's checksum rolls the pods when a value changes, as `checksum/config` does for the config.
  const ownAnnotations: Record<string, string> = {
    ...extras.podAnnotations,
    ...(props.secrets?.checksum !== undefined ? { [SECRET_CHECKSUM_ANNOTATION]: props.secrets.checksum } : {}),
  };
  const podAnnotations = { ...props.podAnnotations, ...ownAnnotations };
  const volumes: ResolvedVolume[] = [
    ...(extras.volumes ?? []).map((own) => ({
      ...own.volume, nameField: own.storageField, mountPathField: own.mountPathField, storageField: own.storageField,
    })),
    ...(props.volumes ?? []).map((volume, i) => ({
      ...volume, nameField: `volumes[${i}].name`, mountPathField: `volumes[${i}].mountPath`, storageField: `volumes[${i}].storage`,
    })),
  ].map((w) => ({ ...w, name: w.name ?? volumeNameFor(w.mountPath) }));
  const writableVolumes: ResolvedVolume[] = writablePaths.map((path, i) => ({
    name: volumeNameFor(path), mountPath: path, nameField: `writablePaths[${i}]`, mountPathField: `writablePaths[${i}]`,
  }));
  const defaultEnv = Object.entries(extras.defaultEnv ?? {}).filter(([envName]) => !(envName in env));
  const envVars: k8s.EnvVar[] = [
    ...Object.entries(env).map(([envName, value]) => ({ name: envName, value })),
    ...defaultEnv.map(([envName, value]) => ({ name: envName, value })),
    ...(extras.ownEnv ?? []).map((e) => ({ name: e.name, value: e.value })),
    ...(props.secrets?.envVars() ?? []),
  ];

  // What the props add to the pod as given; a placeholder item (values merged in at render time) is checked
  // where it is filled in.
  const additions: PodAdditions = {
    env: props.extraEnv ?? [], envFrom: props.extraEnvFrom ?? [], volumes: props.extraVolumes ?? [], volumeMounts: props.extraVolumeMounts ?? [],
  };
  const known = <T>(items: readonly T[]) => items.flatMap((item, i) => (Tokens.isUnresolved(item) ? [] : [{ item, i }]));

  const v = new PropsValidator(extras.kind, scope.node.path);
  v.resourceName('name', name);
  v.resourceName('serviceName', serviceName, true);
  v.nonEmpty('image', props.image);
  v.check(Tokens.isUnresolved(props.image) || !/\s/.test(props.image), 'image', props.image, 'must not contain white space');
  checkImageReference(v, 'image', props.image, props.allowLatestTag ?? false);
  v.oneOf('imagePullPolicy', pullPolicy, PULL_POLICIES);
  v.integer('replicas', replicas, 0);
  v.check(!autoscaling || props.replicas === undefined, 'replicas', props.replicas, 'must not be set with autoscaling (the autoscaler sets them)');
  if (autoscaling) {
    v.integer('autoscaling.minReplicas', autoscaling.minReplicas, 1);
    v.integer('autoscaling.maxReplicas', autoscaling.maxReplicas, 1);
    v.integer('autoscaling.targetCPUUtilizationPercentage', autoscaling.targetCPUUtilizationPercentage, 1);
    v.notBelow('autoscaling.maxReplicas', autoscaling.maxReplicas, 'minReplicas', autoscaling.minReplicas);
  }
  const policy = props.networkPolicy;
  if (policy) {
    // An empty `from` admits every source: "nobody" is not what an empty list would mean.
    v.check(policy.ingressFrom === undefined || policy.ingressFrom.length > 0, 'networkPolicy.ingressFrom', '[]',
      'must name at least one set of pod labels (leave it out to admit any source)');
    v.check(policy.egressTo === undefined || policy.egressTo === 'anywhere' || Array.isArray(policy.egressTo), 'networkPolicy.egressTo',
      policy.egressTo, 'must be "anywhere" or a list of pods and ports');
    if (Array.isArray(policy.egressTo)) policy.egressTo.forEach((peer, i) => v.port(`networkPolicy.egressTo[${i}].port`, peer.port));
  }
  if (budget) {
    v.check((budget.maxUnavailable === undefined) !== (budget.minAvailable === undefined), 'podDisruptionBudget',
      JSON.stringify(budget), 'must give exactly one of maxUnavailable and minAvailable');
    v.integer('podDisruptionBudget.maxUnavailable', budget.maxUnavailable, 0);
    v.integer('podDisruptionBudget.minAvailable', budget.minAvailable, 0);
  }
  v.port('port', port);
  v.port('servicePort', servicePort);
  for (const [field, value] of [['cpu', cpu], ['memory', memory]] as const) {
    v.quantity(`resources.${field}.request`, value.request);
    v.quantity(`resources.${field}.limit`, value.limit);
    v.limitNotBelowRequest(`resources.${field}`, value.request, value.limit);
  }
  v.oneOf('strategy', strategy, STRATEGIES);
  v.check(strategy !== 'Recreate' || props.rollingUpdate === undefined, 'rollingUpdate', JSON.stringify(props.rollingUpdate),
    'must not be set with the Recreate strategy');
  v.integer('rollingUpdate.maxSurge', maxSurge, 0);
  v.integer('rollingUpdate.maxUnavailable', maxUnavailable, 0);
  v.check(Tokens.isUnresolved(maxSurge) || Tokens.isUnresolved(maxUnavailable) || maxSurge + maxUnavailable > 0,
    'rollingUpdate', `maxSurge ${maxSurge}, maxUnavailable ${maxUnavailable}`, 'must allow at least one of maxSurge and maxUnavailable above 0');
  v.resourceName('serviceAccountName', props.serviceAccountName);
  v.resourceName('priorityClassName', props.priorityClassName);
  v.integer('runAs.runAsUser', runAsUser, 1);
  v.integer('runAs.runAsGroup', runAsGroup, 1);
  v.integer('runAs.fsGroup', fsGroup, 1);
  checkVolumes(v, [...writableVolumes, ...volumes]);
  checkAddedVolumes(v, [...writableVolumes, ...volumes], additions);
  for (const key of Object.keys(env)) v.envName(`env.${key}`, key);
  for (const { item, i } of known(additions.env)) v.envName(`extraEnv[${i}].name`, item.name);
  checkEnvShadowing(v, [
    ...Object.entries(env).map(([envName, value]) => ({ name: envName, origin: `env.${envName}`, value })),
    ...known(additions.env).map(({ item, i }) => ({ name: item.name, origin: `extraEnv[${i}]`, value: item.value ?? PropsValidator.HIDDEN })),
    ...(extras.envFromVariables ?? []),
    ...(extras.ownEnv ?? []),
    ...(props.secrets?.keys ?? []).map((key) => ({
      name: key.name, origin: `the secret key ${key.name} of AppSecrets '${props.secrets!.node.path}'`, value: PropsValidator.HIDDEN,
    })),
  ].sort((a, b) => envPrecedence(a.origin) - envPrecedence(b.origin)));
  for (const [field, set] of [['selectorLabels', props.selectorLabels], ['labels', props.labels], ['podLabels', props.podLabels]] as const) {
    checkLabels(v, field, set);
  }
  checkLabels(v, 'podAnnotations', props.podAnnotations, false);
  v.check(props.selectorLabels !== undefined || Tokens.isUnresolved(name) || LABEL_VALUE.test(name), 'name', name,
    `${LABEL_VALUE_RULE.replace('must be', 'must be usable as')} (it is the selector label app.kubernetes.io/name)`);
  v.check(Tokens.isUnresolved(component) || LABEL_VALUE.test(component), 'component', component, LABEL_VALUE_RULE);
  v.check(props.selectorLabels !== undefined || Tokens.isUnresolved(instance) || LABEL_VALUE.test(instance), 'instance', instance,
    `${LABEL_VALUE_RULE}${props.instance === undefined ? ' (it defaults to the chart\'s id: set instance)' : ''}`);
  checkSelectorKeysKept(v, 'labels', props.labels, selectorLabels);
  checkSelectorKeysKept(v, 'podLabels', props.podLabels, selectorLabels);
  for (const key of Object.keys(ownAnnotations)) {
    v.check(props.podAnnotations?.[key] === undefined, `podAnnotations.${key}`, props.podAnnotations?.[key], `is set by ${extras.kind} itself`);
  }
  extras.validate?.(v);
  v.assertValid();

  const health = props.health ?? {};
  const probes = new HealthProbes(scope, 'HealthProbes', {
    port,
    path: health.path ?? extras.defaultHealth.path,
    startup: { ...extras.defaultHealth.startup, ...health.startup },
    liveness: { ...extras.defaultHealth.liveness, ...health.liveness },
    readiness: { ...extras.defaultHealth.readiness, ...health.readiness },
  });
  const containerName = props.containerName ?? scope.node.id;

  const deployment: PatchableDeployment = new PatchableDeployment(scope, 'Deployment', {
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: selectorLabels },
      strategy: strategy === 'Recreate' ? { type: 'Recreate' } : {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(maxSurge), maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable) },
      },
      template: {
        metadata: {
          labels: podLabels,
          annotations: Lazy.any({
            produce: () => (Object.keys(podAnnotations).length > 0 || deployment.patched ? podAnnotations : undefined),
          }),
        },
        spec: {
          serviceAccountName: props.serviceAccountName ?? DEFAULT_SERVICE_ACCOUNT,
          automountServiceAccountToken: false,
          imagePullSecrets: props.imagePullSecrets as k8s.LocalObjectReference[] | undefined,
          nodeSelector: props.nodeSelector as Record<string, string> | undefined,
          tolerations: props.tolerations as k8s.Toleration[] | undefined,
          affinity: props.affinity,
          topologySpreadConstraints: props.topologySpreadConstraints as k8s.TopologySpreadConstraint[] | undefined,
          priorityClassName: props.priorityClassName,
          securityContext: {
            runAsNonRoot: true,
            runAsUser,
            runAsGroup,
            fsGroup,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [{
            name: containerName,
            image: props.image,
            imagePullPolicy: pullPolicy,
            ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
            env: envVars,
            envFrom: extras.envFrom,
            resources: {
              requests: quantities({ cpu: cpu.request, memory: memory.request }),
              limits: quantities({ cpu: cpu.limit, memory: memory.limit }),
            },
            ...probes.containerProbes(),
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
              runAsNonRoot: true,
              runAsUser,
              runAsGroup,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            },
            volumeMounts: [...writableVolumes, ...volumes].map((w) => ({ name: w.name, mountPath: w.mountPath })),
          }],
          volumes: [
            ...writableVolumes.map((w) => ({ name: w.name, emptyDir: {} })),
            ...volumes.map((w) => ({ name: w.name, ...volumeSource(w.storage!.spec, `${name}-${w.name}`) })),
          ],
        },
      },
    },
  }, additions);

  const service = new k8s.KubeService(scope, 'Service', {
    metadata: { name: serviceName, labels },
    spec: {
      type: extras.serviceType,
      selector: selectorLabels,
      ports: [{
        name: 'http',
        port: servicePort,
        targetPort: k8s.IntOrString.fromString('http'),
        protocol: 'TCP',
        nodePort: extras.nodePort,
      }],
    },
  });

  const claims = new Map<string, k8s.KubePersistentVolumeClaim>();
  const claimFields: Array<[ApiObject, string]> = [];
  for (const w of volumes) {
    const spec = w.storage?.spec;
    if (spec?.type !== 'newClaim') continue;
    const claim = { ...DEFAULT_CLAIM, ...spec.claim };
    const object = new k8s.KubePersistentVolumeClaim(scope, `${pascalCase(w.name)}Claim`, {
      metadata: { name: `${name}-${w.name}`, labels, annotations: claim.annotations && { ...claim.annotations } },
      spec: {
        accessModes: [claim.accessMode],
        storageClassName: claim.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(claim.size) } },
      },
    });
    claims.set(w.name, object);
    claimFields.push([object, w.nameField]);
  }
  const disruptionBudget = budget && new k8s.KubePodDisruptionBudget(scope, 'DisruptionBudget', {
    metadata: { name, labels },
    spec: {
      selector: { matchLabels: selectorLabels },
      maxUnavailable: budget.maxUnavailable === undefined ? undefined : k8s.IntOrString.fromNumber(budget.maxUnavailable),
      minAvailable: budget.minAvailable === undefined ? undefined : k8s.IntOrString.fromNumber(budget.minAvailable),
    },
  });
  const autoscaler = autoscaling && new k8s.KubeHorizontalPodAutoscalerV2(scope, 'Autoscaler', {
    metadata: { name, labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics: [{
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.targetCPUUtilizationPercentage } },
      }],
    },
  });
  const tcp = (p: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p) });
  const egressTo = policy?.egressTo;
  const networkPolicy = policy && new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: { name, labels },
    spec: {
      podSelector: { matchLabels: selectorLabels },
      policyTypes: egressTo ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress: [{
        from: policy.ingressFrom?.map((peer) => ({ podSelector: { matchLabels: { ...peer } } })),
        ports: [tcp(port)],
      }],
      egress: egressTo === 'anywhere' ? [{}] : egressTo && [
        { ports: dnsPorts() },
        ...egressTo.map((peer) => ({ to: [{ podSelector: { matchLabels: { ...peer.podLabels } } }], ports: [tcp(peer.port)] })),
      ],
    },
  });
  registerObjectNames(scope, extras.kind, [[deployment, 'name'], [service, 'serviceName'], ...claimFields,
    ...(networkPolicy ? [[networkPolicy, 'networkPolicy'] as [ApiObject, string]] : []),
    ...(disruptionBudget ? [[disruptionBudget, 'podDisruptionBudget'] as [ApiObject, string]] : []),
    ...(autoscaler ? [[autoscaler, 'autoscaling'] as [ApiObject, string]] : [])]);

  return { port, serviceName, servicePort, labels, selectorLabels, deployment, service, probes, claims, disruptionBudget, autoscaler, networkPolicy };
}

// Kubernetes label values: at most 63 characters, alphanumerics, '-', '_' and '.', alphanumeric at both ends.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const LABEL_VALUE_RULE = 'must be a label value (at most 63 letters, digits, "-", "_" and ".", a letter or digit at both ends)';
// Label and annotation keys: an optional DNS subdomain prefix and "/", then a name like a label value (not empty).
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** Keys (and, for labels, values) that Kubernetes accepts; the API server would reject the object otherwise. */
function checkLabels(v: PropsValidator, field: string, set: Readonly<Record<string, string>> | undefined, checkValues = true) {
  for (const [key, value] of Object.entries(set ?? {})) {
    v.check(Tokens.isUnresolved(key) || (LABEL_KEY.test(key) && key.length <= LABEL_KEY_MAX_LENGTH), `${field}.${key}`, key,
      `must have a valid key (${LABEL_KEY_RULE})`);
    if (typeof value !== 'string') {
      v.check(false, `${field}.${key}`, value, 'must be a string');
    } else if (checkValues) {
      v.check(Tokens.isUnresolved(value) || LABEL_VALUE.test(value), `${field}.${key}`, value, LABEL_VALUE_RULE);
    }
  }
}

/** DNS (port 53, UDP and TCP): the one destination a pod whose egress is restricted always needs. */
export function dnsPorts(): k8s.NetworkPolicyPort[] {
  return ['UDP', 'TCP'].map((protocol) => ({ protocol, port: k8s.IntOrString.fromNumber(53) }));
}

/** Plain variables (in `env` order) come after `envFrom`'s, and a later one wins: the order a clash is reported in. */
function envPrecedence(origin: string): number {
  if (origin.startsWith('config.')) return 0;
  if (origin.startsWith('env.')) return 1;
  if (origin.startsWith('the secret key')) return 3;
  if (origin.startsWith('extraEnv[')) return 4;
  return 2;
}

/**
 * `extraVolumes` and `extraVolumeMounts`: volume names and mount paths not the construct's own nor repeated, each
 * mount naming a volume of the pod. Placeholder items are skipped (and, with one among the volumes, the names
 * mounts may use are not known).
 */
function checkAddedVolumes(v: PropsValidator, own: readonly ResolvedVolume[], additions: PodAdditions) {
  const names = new Map(own.map((w) => [w.name, w.nameField]));
  additions.volumes.forEach((volume, i) => {
    if (Tokens.isUnresolved(volume)) return;
    const field = `extraVolumes[${i}].name`;
    v.resourceName(field, volume.name, true);
    const earlier = names.get(volume.name);
    v.check(earlier === undefined, field, volume.name, `must not repeat the volume name of ${earlier}`);
    if (earlier === undefined) names.set(volume.name, field);
  });
  const volumeNamesKnown = !additions.volumes.some((volume) => Tokens.isUnresolved(volume));
  const paths = new Map(own.map((w) => [w.mountPath, w.mountPathField]));
  additions.volumeMounts.forEach((mount, i) => {
    if (Tokens.isUnresolved(mount)) return;
    const field = `extraVolumeMounts[${i}]`;
    v.absolutePath(`${field}.mountPath`, mount.mountPath);
    const earlier = paths.get(mount.mountPath);
    v.check(earlier === undefined, `${field}.mountPath`, mount.mountPath, `must not repeat the mount path of ${earlier}`);
    if (earlier === undefined) paths.set(mount.mountPath, `${field}.mountPath`);
    v.check(!volumeNamesKnown || Tokens.isUnresolved(mount.name) || names.has(mount.name), `${field}.name`, mount.name,
      `must name a volume of the pod (${[...names.keys()].join(', ')})`);
  });
}

/** A volume after defaults, with the props that problems name. */
interface ResolvedVolume {
  readonly name: string;
  readonly mountPath: string;
  /** Absent for the emptyDirs of `writablePaths`. */
  readonly storage?: WorkloadVolume['storage'];
  readonly nameField: string;
  readonly mountPathField: string;
  readonly storageField?: string;
}

/** Mount paths, volume names and storage settings: each valid, no name or path twice. */
function checkVolumes(v: PropsValidator, volumes: readonly ResolvedVolume[]) {
  const names = new Map<string, string>();
  const paths = new Map<string, string>();
  for (const w of volumes) {
    v.absolutePath(w.mountPathField, w.mountPath);
    if (!Tokens.isUnresolved(w.name)) {
      v.resourceName(w.nameField, w.name, true);
      const earlier = names.get(w.name);
      v.check(earlier === undefined, w.nameField, w.name, `must not repeat the volume name of ${earlier}`);
      if (earlier === undefined) names.set(w.name, w.nameField);
    }
    if (!Tokens.isUnresolved(w.mountPath)) {
      const earlier = paths.get(w.mountPath);
      v.check(earlier === undefined, w.mountPathField, w.mountPath, `must not repeat the mount path of ${earlier}`);
      if (earlier === undefined) paths.set(w.mountPath, w.mountPathField);
    }
    const spec = w.storage?.spec;
    if (spec?.type === 'hostPath') v.absolutePath(`${w.storageField}.path`, spec.path);
    if (spec?.type === 'existingClaim') v.resourceName(`${w.storageField}.claimName`, spec.claimName);
    if (spec?.type === 'newClaim') v.quantity(`${w.storageField}.size`, spec.claim.size);
  }
}

function volumeSource(storage: WorkloadVolume['storage']['spec'], newClaimName: string): Omit<k8s.Volume, 'name'> {
  switch (storage.type) {
    case 'emptyDir': return { emptyDir: {} };
    case 'hostPath': return { hostPath: { path: storage.path, type: 'DirectoryOrCreate' } };
    case 'existingClaim': return { persistentVolumeClaim: { claimName: storage.claimName } };
    default: return { persistentVolumeClaim: { claimName: newClaimName } };
  }
}

/** `uploads` becomes `Uploads`, `var-data` `VarData`: construct ids of the claims. */
function pascalCase(text: string): string {
  return text.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** `/app/.next/cache` becomes `app-next-cache`: a stable volume name derived from the path. */
export function volumeNameFor(path: string): string {
  const name = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return name === '' ? 'root' : name.slice(0, 63).replace(/-+$/, '');
}

function quantities(values: Record<string, string | undefined>): Record<string, k8s.Quantity> | undefined {
  const entries = Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries.map(([k, q]) => [k, k8s.Quantity.fromString(q)]));
}
