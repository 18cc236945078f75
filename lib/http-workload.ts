import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { AppSecrets } from './app-secrets';
import { HealthProbes, HealthProbesProps } from './health-probes';
import { Tokens } from './tokens';
import { PropsValidator } from './validation';

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
   * Container image, with a fixed tag, e.g. `registry.example.com/shop-api:2.3.1`.
   */
  readonly image: string;

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
   * Plain environment variables (never secrets: use `secrets`).
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;

  /**
   * Secret keys to expose to the container as environment variables.
   * @default - none
   */
  readonly secrets?: AppSecrets;

  /**
   * Rolling update limits.
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
   * Labels that identify the pods; the Deployment and the Service select on exactly these.
   * @default - { 'app.kubernetes.io/name': name }
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;

  /**
   * Further labels for every object and pod (version, part-of, ...); never used in selectors.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** What a construct adds to the shared workload. */
export interface WorkloadExtras {
  /** The construct's class name, which error messages name (e.g. `WebApp`). */
  readonly kind: string;
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
   * Environment variables the construct sets itself, after the props' `env` and before the secrets.
   * @default - none
   */
  readonly extraEnv?: k8s.EnvVar[];
  /**
   * Annotations of the pod template (a config checksum, say).
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Volumes of the pod, besides the emptyDirs of the writable paths.
   * @default - none
   */
  readonly volumes?: k8s.Volume[];
  /**
   * Mounts of those volumes in the container.
   * @default - none
   */
  readonly volumeMounts?: k8s.VolumeMount[];
  /**
   * Validates the construct's own props into the shared validator.
   * @default - no further checks
   */
  readonly validate?: (v: PropsValidator) => void;
}

/** The objects and settings of a workload, after defaults. */
interface HttpWorkload {
  readonly serviceName: string;
  readonly servicePort: number;
  readonly labels: Record<string, string>;
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly probes: HealthProbes;
}

/** What `ApiService` and `WebApp` have in common: an HTTP server's Deployment, Service and probes. */
export abstract class HttpWorkloadBase extends Construct {
  /** The Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The Service. */
  public readonly service: k8s.KubeService;
  /** The probes of the container. */
  public readonly probes: HealthProbes;
  /** Name of the Service. */
  public readonly serviceName: string;
  /** Port of the Service. */
  public readonly servicePort: number;
  /** Labels of every object (selector labels included). */
  public readonly labels: Readonly<Record<string, string>>;

  protected constructor(scope: Construct, id: string, props: HttpWorkloadProps, extras: WorkloadExtras) {
    super(scope, id);
    const workload = createHttpWorkload(this, props, extras);
    this.deployment = workload.deployment;
    this.service = workload.service;
    this.probes = workload.probes;
    this.serviceName = workload.serviceName;
    this.servicePort = workload.servicePort;
    this.labels = workload.labels;
  }
}

const PULL_POLICIES = ['IfNotPresent', 'Always', 'Never'] as const;

/** Defaults shared by `ApiService` and `WebApp`. */
export const WORKLOAD_DEFAULTS = {
  replicas: 1,
  imagePullPolicy: 'IfNotPresent',
  rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
  runAs: { runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 },
} as const;

/** The Deployment and Service of an HTTP server, secured for Pod Security "restricted". */
function createHttpWorkload(scope: Construct, props: HttpWorkloadProps, extras: WorkloadExtras): HttpWorkload {
  const name = props.name ?? scope.node.id;
  const port = props.port ?? extras.defaultPort;
  const serviceName = props.serviceName ?? name;
  const servicePort = props.servicePort ?? port;
  const replicas = props.replicas ?? WORKLOAD_DEFAULTS.replicas;
  const pullPolicy = props.imagePullPolicy ?? WORKLOAD_DEFAULTS.imagePullPolicy;
  const cpu = { ...extras.defaultResources.cpu, ...props.resources?.cpu };
  const memory = { ...extras.defaultResources.memory, ...props.resources?.memory };
  const { maxSurge, maxUnavailable } = { ...WORKLOAD_DEFAULTS.rollingUpdate, ...props.rollingUpdate };
  const { runAsUser, runAsGroup, fsGroup } = { ...WORKLOAD_DEFAULTS.runAs, ...props.runAs };
  const writablePaths = props.writablePaths ?? extras.defaultWritablePaths;
  const env = props.env ?? {};
  const selectorLabels = { ...(props.selectorLabels ?? { 'app.kubernetes.io/name': name }) };
  const labels = { ...selectorLabels, ...props.labels, ...selectorLabels };

  const v = new PropsValidator(extras.kind, scope.node.path);
  v.resourceName('name', name);
  v.resourceName('serviceName', serviceName, true);
  v.nonEmpty('image', props.image);
  v.check(Tokens.isUnresolved(props.image) || !/\s/.test(props.image), 'image', props.image, 'must not contain white space');
  v.oneOf('imagePullPolicy', pullPolicy, PULL_POLICIES);
  v.integer('replicas', replicas, 0);
  v.port('port', port);
  v.port('servicePort', servicePort);
  for (const [field, value] of [['cpu', cpu], ['memory', memory]] as const) {
    v.quantity(`resources.${field}.request`, value.request);
    v.quantity(`resources.${field}.limit`, value.limit);
    v.limitNotBelowRequest(`resources.${field}`, value.request, value.limit);
  }
  v.integer('rollingUpdate.maxSurge', maxSurge, 0);
  v.integer('rollingUpdate.maxUnavailable', maxUnavailable, 0);
  v.check(Tokens.isUnresolved(maxSurge) || Tokens.isUnresolved(maxUnavailable) || maxSurge + maxUnavailable > 0,
    'rollingUpdate', `maxSurge ${maxSurge}, maxUnavailable ${maxUnavailable}`, 'must allow at least one of maxSurge and maxUnavailable above 0');
  v.integer('runAs.runAsUser', runAsUser, 1);
  v.integer('runAs.runAsGroup', runAsGroup, 1);
  v.integer('runAs.fsGroup', fsGroup, 1);
  writablePaths.forEach((p, i) => v.absolutePath(`writablePaths[${i}]`, p));
  for (const key of Object.keys(env)) v.envName(`env.${key}`, key);
  for (const [key, value] of Object.entries(labels)) {
    v.check(typeof value === 'string', `labels.${key}`, value, 'must be a string');
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
  const writableVolumes = writablePaths.map((path) => ({ name: volumeNameFor(path), path }));
  const containerName = props.containerName ?? scope.node.id;

  const deployment = new k8s.KubeDeployment(scope, 'Deployment', {
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: selectorLabels },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(maxSurge), maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable) },
      },
      template: {
        metadata: { labels, annotations: extras.podAnnotations },
        spec: {
          automountServiceAccountToken: false,
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
            env: [
              ...Object.entries(env).map(([envName, value]) => ({ name: envName, value })),
              ...(extras.extraEnv ?? []),
              ...(props.secrets?.envVars() ?? []),
            ],
            envFrom: extras.envFrom,
            resources: {
              requests: quantities({ cpu: cpu.request, memory: memory.request }),
              limits: quantities({ cpu: cpu.limit, memory: memory.limit }),
            },
            ...probes.containerProbes(),
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
              runAsUser,
              runAsGroup,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            },
            volumeMounts: [
              ...writableVolumes.map((w) => ({ name: w.name, mountPath: w.path })),
              ...(extras.volumeMounts ?? []),
            ],
          }],
          volumes: [
            ...writableVolumes.map((w) => ({ name: w.name, emptyDir: {} })),
            ...(extras.volumes ?? []),
          ],
        },
      },
    },
  });

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

  return { serviceName, servicePort, labels, deployment, service, probes };
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
