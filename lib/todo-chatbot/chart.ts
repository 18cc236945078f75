import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ApiService, ApiServiceProps, UploadsStorage } from '../api-service';
import { AppSecrets, AppSecretsProps } from '../app-secrets';
import * as k8s from '../../imports/k8s';
import { dnsPorts } from '../http-workload';
import { Tokens } from '../tokens';
import { WebApp, WebAppProps } from '../web-app';
import { imageRule, NAME_RULES, objectNameRule, plainName } from './names';
import { APP_VERSION, CHART_NAME, defaultValues, SECRET_KEYS, TodoChatbotValues } from './values';

/**
 * Who is deploying: the names and labels that Helm takes from the release (and `_helpers.tpl`), and that
 * the plain synthesis computes the same way for the release name `todo-chatbot`.
 */
export interface ReleaseIdentity {
  /** `app.kubernetes.io/name`: the chart name, or `nameOverride`. */
  readonly name: string;
  /** Prefix of object names: `<release>-<name>`, shortened as `helm create` does, or `fullnameOverride`. */
  readonly fullname: string;
  /** The name of one object of the release: `<fullname>-<suffix>`, shortened so that it fits in 63 characters. */
  readonly objectName: (suffix: string) => string;
  /** The ServiceAccount's name: `serviceAccount.name`, else the fullname. */
  readonly serviceAccountName: string;
  /** The name of the Secret the backend reads: `secrets.existingSecret`, else `<fullname>-secrets`. */
  readonly secretName: string;
  /** CORS_ORIGINS: `config.corsOrigins`, else the frontend's address (the Ingress host, else the seed's URL). */
  readonly corsOrigins: string;
  /** FRONTEND_URL: `config.frontendUrl`, else the frontend's address. */
  readonly frontendUrl: string;
  /** `app.kubernetes.io/instance`: the release name. */
  readonly instance: string;
  /** `app.kubernetes.io/version`: the app version. */
  readonly version: string;
  /** `app.kubernetes.io/managed-by`. */
  readonly managedBy: string;
  /**
   * Labels only this way of deploying adds (Helm's `helm.sh/chart`).
   * @default - none
   */
  readonly extraLabels?: Readonly<Record<string, string>>;
  /**
   * The image reference of a component, as `imageOf` computes it from the values (Helm: at render time).
   * @default - imageOf(values, component)
   */
  readonly image?: (component: 'backend' | 'frontend') => string;
}

/**
 * The frontend's server-only name for the backend URL, set beside the seed's `NEXT_PUBLIC_API_URL`. `next build`
 * inlines `process.env.NEXT_PUBLIC_*`: always into browser code (undefined there when unset at build time), and
 * into server code too whenever the build sees the variable (an `.env*` file, a build argument), which then
 * ignores the pod's value. A name without that prefix is always read from the pod's environment at run time.
 * (The seed's section 6 uses this name: "environment variable API_URL".)
 */
export const SERVER_API_URL_ENV = 'API_URL';

/** The default release name, used by the plain synthesis. */
export const DEFAULT_RELEASE_NAME = CHART_NAME;

/** The identity of a plain synthesis: the names `helm install <releaseName>` would give with these values. */
export function plainIdentity(values: TodoChatbotValues, releaseName = DEFAULT_RELEASE_NAME): ReleaseIdentity {
  // The same rules as the chart's _helpers.tpl (lib/todo-chatbot/names.ts).
  const context = { values, releaseName };
  return {
    name: plainName(NAME_RULES.name.rule, context),
    fullname: plainName(NAME_RULES.fullname.rule, context),
    objectName: (suffix) => plainName(objectNameRule(suffix), context),
    serviceAccountName: plainName(NAME_RULES.serviceAccountName.rule, context),
    image: (component) => plainName(imageRule(component), context),
    secretName: plainName(NAME_RULES.secretName.rule, context),
    corsOrigins: plainName(NAME_RULES.corsOrigins.rule, context),
    frontendUrl: plainName(NAME_RULES.frontendUrl.rule, context),
    instance: releaseName,
    version: APP_VERSION,
    managedBy: 'cdk8s',
  };
}

/** `app.kubernetes.io/component` of the pod that checks the release (`helm test`). */
export const TEST_COMPONENT = 'test';

/**
 * The image reference of a component: `[<global.imageRegistry>/]<repository>`, then `@<digest>` when
 * `image.digest` is set (the tag is ignored then) or `:<tag>` (lib/todo-chatbot/names.ts, `imageRule`).
 */
export function imageOf(values: TodoChatbotValues, component: 'backend' | 'frontend'): string {
  return plainName(imageRule(component), { values, releaseName: DEFAULT_RELEASE_NAME });
}

/** `value`, or undefined when it is an empty mapping or list (a placeholder is never empty). */
export function unlessEmpty<T extends object>(value: T): T | undefined {
  return Tokens.isUnresolved(value) || Object.keys(value).length > 0 ? value : undefined;
}

/** Labels of every object (and pod) of the release. */
export function commonLabelsOf(identity: ReleaseIdentity): Record<string, string> {
  return {
    ...identity.extraLabels,
    ...selectorLabelsOf(identity),
    'app.kubernetes.io/version': identity.version,
    'app.kubernetes.io/part-of': CHART_NAME,
    'app.kubernetes.io/managed-by': identity.managedBy,
  };
}

/** The label Helm adds to every object (`_helpers.tpl`'s `chart`): the chart and its version. */
export const HELM_CHART_LABEL = 'helm.sh/chart';
/** The label that tells the components' pods apart; with `selectorLabelsOf`, it selects a component's pods. */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';

/**
 * Labels of every object (and pod) of the release: the chart's own, and `commonLabels` (which the value rules
 * keep from naming one of the chart's own).
 */
export function releaseLabelsOf(values: TodoChatbotValues, identity: ReleaseIdentity): Record<string, string> {
  return { ...unlessEmpty(values.commonLabels), ...commonLabelsOf(identity) };
}

/** The labels that pick the release's pods; each component adds `app.kubernetes.io/component`. */
export function selectorLabelsOf(identity: ReleaseIdentity): Record<string, string> {
  return { 'app.kubernetes.io/name': identity.name, 'app.kubernetes.io/instance': identity.instance };
}

/** Settings of the `TodoChatbotChart`. */
export interface TodoChatbotChartProps extends ChartProps {
  /**
   * All values (see `withValues()` to merge a values file over the defaults).
   * @default - the defaults (values.yaml)
   */
  readonly values?: TodoChatbotValues;

  /**
   * Names and labels of the release.
   * @default - plainIdentity(values)
   */
  readonly identity?: ReleaseIdentity;
}

/** The props the chart's constructs take from the values (those that come from other constructs are added later). */
export interface ChartPropsFromValues {
  /** ApiService's props, but `secrets`. */
  readonly backend: ApiServiceProps;
  /** WebApp's props, but `apiUrl` and the server-side URL in `env`. */
  readonly frontend: WebAppProps;
  /** AppSecrets' props. */
  readonly secrets: AppSecretsProps;
}

/** How the values become props (see `VALUE_PROPS` for the names that differ, and why). */
export function chartPropsOf(values: TodoChatbotValues, identity: ReleaseIdentity = plainIdentity(values)): ChartPropsFromValues {
  const { backend, frontend, config, persistence, secrets, serviceAccount, networkPolicy } = values;
  const commonLabels = releaseLabelsOf(values, identity);
  // The pods run as the ServiceAccount the chart creates or is given, else as the namespace's default one.
  const serviceAccountName = serviceAccount.create || serviceAccount.name ? identity.serviceAccountName : undefined;
  const selectorOf = (component: 'backend' | 'frontend') => ({ ...selectorLabelsOf(identity), [COMPONENT_LABEL]: component });
  // What both components take from their values in the same way.
  const workload = (component: 'backend' | 'frontend') => {
    const v = values[component];
    return {
      name: identity.objectName(component),
      containerName: component,
      image: identity.image ? identity.image(component) : imageOf(values, component),
      imagePullPolicy: v.image.pullPolicy,
      replicas: v.autoscaling.enabled ? undefined : v.replicaCount,
      autoscaling: v.autoscaling.enabled ? {
        minReplicas: v.autoscaling.minReplicas,
        maxReplicas: v.autoscaling.maxReplicas,
        targetCPUUtilizationPercentage: v.autoscaling.targetCPUUtilizationPercentage,
      } : undefined,
      podDisruptionBudget: v.podDisruptionBudget.enabled ? { maxUnavailable: v.podDisruptionBudget.maxUnavailable } : undefined,
      port: v.containerPort,
      servicePort: v.service.port,
      resources: {
        cpu: { request: v.resources.requests.cpu, limit: v.resources.limits.cpu },
        memory: { request: v.resources.requests.memory, limit: v.resources.limits.memory },
      },
      health: { path: v.probes.path, startup: v.probes.startup, liveness: v.probes.liveness, readiness: v.probes.readiness },
      strategy: v.strategy.type,
      rollingUpdate: v.strategy.type === 'RollingUpdate' ? v.rollingUpdate : undefined,
      // Empty means "not set", as `{{- with }}` reads it in the chart.
      nodeSelector: unlessEmpty(v.nodeSelector),
      tolerations: unlessEmpty(v.tolerations),
      affinity: unlessEmpty(v.affinity),
      topologySpreadConstraints: unlessEmpty(v.topologySpreadConstraints),
      priorityClassName: v.priorityClassName || undefined,
      runAs: { runAsUser: values.global.runAsUser, runAsGroup: values.global.runAsGroup, fsGroup: values.global.fsGroup },
      readOnlyRootFilesystem: v.securityContext.readOnlyRootFilesystem,
      serviceAccountName,
      imagePullSecrets: unlessEmpty(values.imagePullSecrets),
      selectorLabels: selectorOf(component),
      labels: commonLabels,
      podLabels: unlessEmpty(v.podLabels),
      podAnnotations: unlessEmpty(v.podAnnotations),
      extraEnv: unlessEmpty(v.extraEnv),
      extraEnvFrom: unlessEmpty(v.extraEnvFrom),
      extraVolumes: unlessEmpty(v.extraVolumes),
      extraVolumeMounts: unlessEmpty(v.extraVolumeMounts),
    };
  };
  return {
    secrets: {
      secretName: identity.secretName,
      keys: SECRET_KEYS,
      values: secrets.create ? secrets.values : undefined,
      labels: commonLabels,
    },
    backend: {
      ...workload('backend'),
      serviceName: backend.service.name,
      configMapName: identity.objectName('config'),
      config: {
        ENVIRONMENT: config.environment,
        LOG_LEVEL: config.logLevel,
        CORS_ORIGINS: identity.corsOrigins,
        FRONTEND_URL: identity.frontendUrl,
        MCP_SERVER_NAME: config.mcpServerName,
        MCP_SERVER_PORT: String(config.mcpServerPort),
      },
      networkPolicy: !networkPolicy.enabled ? undefined : {
        // The frontend, and the pod of `helm test` (TEST_COMPONENT), which checks the backend's health.
        ingressFrom: [selectorOf('frontend'), { ...selectorLabelsOf(identity), [COMPONENT_LABEL]: TEST_COMPONENT }],
        egressTo: networkPolicy.defaultDeny ? 'anywhere' : undefined,
      },
      uploadsPath: backend.uploadsPath,
      uploads: !persistence.enabled ? UploadsStorage.emptyDir()
        : persistence.type === 'hostPath' ? UploadsStorage.hostPath(persistence.hostPath)
          : persistence.existingClaim ? UploadsStorage.existingClaim(persistence.existingClaim)
            : UploadsStorage.newClaim({
              size: persistence.size,
              accessMode: persistence.accessMode,
              storageClassName: persistence.storageClass || undefined,
              annotations: persistence.keepOnUninstall ? { 'helm.sh/resource-policy': 'keep' } : undefined,
            }),
    },
    frontend: {
      ...workload('frontend'),
      serviceType: frontend.service.type,
      // null: none, the cluster picks one.
      nodePort: frontend.service.type === 'NodePort' ? frontend.service.nodePort ?? undefined : undefined,
      ingress: !values.ingress.enabled ? undefined : {
        host: values.ingress.host,
        path: values.ingress.path,
        pathType: values.ingress.pathType,
        className: values.ingress.className || undefined,
        tlsSecretName: values.ingress.tlsSecretName || undefined,
        annotations: unlessEmpty(values.ingress.annotations),
      },
      networkPolicy: networkPolicy.enabled && networkPolicy.defaultDeny
        ? { egressTo: [{ podLabels: selectorOf('backend'), port: backend.containerPort }] } : undefined,
    },
  };
}

/** A value whose construct prop has another name. */
export interface ValueProp {
  /** Dotted values path; `*` stands for `backend` and `frontend`. */
  readonly value: string;
  /** The prop it sets, as `<props>.<dotted path>` (`backend`, `frontend` or `secrets`, as in `ChartPropsFromValues`). */
  readonly prop: string;
  /** Whether the prop takes the value as it is (else it is computed from it). */
  readonly same: boolean;
  /** Why the names differ. */
  readonly why: string;
}

/**
 * Every value whose prop has another name, and why: the values follow `helm create` and Helm's habits, the
 * props the Kubernetes fields and the constructs' own words. Values not listed set the prop of the same name
 * (`rollingUpdate`, `nodeSelector`, `tolerations`, `affinity`, `uploadsPath`). A test checks each row
 * against `chartPropsOf`; the README's table is generated from it.
 */
export const VALUE_PROPS: readonly ValueProp[] = [
  { value: '*.replicaCount', prop: '*.replicas', same: true, why: '`helm create`\'s name; the prop is the Deployment\'s field' },
  { value: '*.image.repository', prop: '*.image', same: false, why: 'one image reference `<repository>:<tag>`; the values split it as `helm create` does' },
  { value: '*.image.tag', prop: '*.image', same: false, why: 'as above' },
  { value: '*.image.pullPolicy', prop: '*.imagePullPolicy', same: true, why: 'the container\'s field' },
  { value: '*.containerPort', prop: '*.port', same: true, why: 'a workload has one server port' },
  { value: '*.service.port', prop: '*.servicePort', same: true, why: 'the props are flat; the values group the Service as `helm create` does' },
  { value: 'backend.service.name', prop: 'backend.serviceName', same: true, why: 'as above' },
  { value: 'frontend.service.type', prop: 'frontend.serviceType', same: true, why: 'as above' },
  { value: 'frontend.service.nodePort', prop: 'frontend.nodePort', same: false, why: 'as above; null: none, the cluster picks one' },
  { value: '*.resources.requests.cpu', prop: '*.resources.cpu.request', same: true, why: 'the props pair request and limit per resource; the values follow the container\'s `resources`' },
  { value: '*.resources.limits.memory', prop: '*.resources.memory.limit', same: true, why: 'as above (and the other two)' },
  { value: '*.probes.path', prop: '*.health.path', same: true, why: 'the values name the Kubernetes probes, the prop the health endpoint they call (`HealthProbes`)' },
  { value: '*.probes.startup.periodSeconds', prop: '*.health.startup.periodSeconds', same: true, why: 'as above (and every other timing)' },
  { value: '*.strategy.type', prop: '*.strategy', same: true, why: 'the values nest it as the Deployment\'s `strategy.type`; the prop is the type alone, `rollingUpdate` its own prop' },
  { value: '*.autoscaling.enabled', prop: '*.autoscaling', same: false, why: '`helm create`\'s switch; the prop is the autoscaler\'s settings, absent when off (its other values keep their names)' },
  { value: '*.podDisruptionBudget.enabled', prop: '*.podDisruptionBudget', same: false, why: 'as above' },
  { value: '*.securityContext.readOnlyRootFilesystem', prop: '*.readOnlyRootFilesystem', same: true, why: 'the values nest it as the container\'s `securityContext`; the prop is the one field of it a workload may change' },
  { value: 'imagePullSecrets', prop: '*.imagePullSecrets', same: true, why: 'one value for both pods, as `helm create` has it' },
  { value: 'global.imageRegistry', prop: '*.image', same: false, why: 'the registry is part of the one image reference (see `*.image.repository`)' },
  { value: '*.image.digest', prop: '*.image', same: false, why: 'as above: `<repository>@<digest>`, the tag then ignored, as Bitnami\'s `image.digest` does' },
  { value: 'serviceAccount.create', prop: '*.serviceAccountName', same: false, why: '`helm create`\'s `serviceAccount` group; the prop is the pod\'s field, the created one\'s name (`serviceAccountName` helper)' },
  { value: 'serviceAccount.name', prop: '*.serviceAccountName', same: true, why: 'as above' },
  { value: 'ingress.enabled', prop: 'frontend.ingress', same: false, why: '`helm create`\'s switch; the prop is the Ingress\'s settings, absent when off (its other values keep their names)' },
  { value: 'networkPolicy.enabled', prop: 'backend.networkPolicy', same: false, why: 'one switch for the release; the props say, per workload, who may connect' },
  { value: 'networkPolicy.defaultDeny', prop: 'frontend.networkPolicy', same: false, why: 'as above (and the release-wide deny policy)' },
  { value: 'commonLabels', prop: '*.labels', same: false, why: 'the usual chart name for labels of every object; the props\' `labels` hold the chart\'s own labels too (and so do `secrets.labels`)' },
  { value: 'global.runAsUser', prop: '*.runAs.runAsUser', same: true, why: 'Helm passes `global` to subcharts too; the props group the ids per workload' },
  { value: 'persistence.enabled', prop: 'backend.uploads', same: false, why: 'one prop says where uploads live (`UploadsStorage`); the values keep `helm create`\'s `persistence` switches' },
  { value: 'persistence.type', prop: 'backend.uploads', same: false, why: 'as above' },
  { value: 'persistence.existingClaim', prop: 'backend.uploads', same: false, why: 'as above' },
  { value: 'config.logLevel', prop: 'backend.config.LOG_LEVEL', same: true, why: 'the props take the environment variables by their names (and so every `config` value)' },
  { value: 'secrets.existingSecret', prop: 'secrets.secretName', same: false, why: '`existingSecret` is the usual chart name; empty: `<fullname>-secrets` (`secretName` helper); with `secrets.create` the chart creates it under that name' },
];

/**
 * The todo-chatbot: a FastAPI backend (ApiService) with its config and Secret keys, and a Next.js
 * frontend (WebApp) that reaches it at the backend Service's URL, with the research document's numbers.
 */
export class TodoChatbotChart extends Chart {
  /** The backend. */
  public readonly backend: ApiService;
  /** The frontend. */
  public readonly frontend: WebApp;
  /** The backend's Secret keys. */
  public readonly secrets: AppSecrets;
  /** The ServiceAccount, when `serviceAccount.create`. */
  public readonly serviceAccount?: k8s.KubeServiceAccount;
  /** The release-wide NetworkPolicy that denies what no other policy allows, with `networkPolicy.defaultDeny`. */
  public readonly defaultDenyPolicy?: k8s.KubeNetworkPolicy;

  public constructor(scope: Construct, id: string, props: TodoChatbotChartProps = {}) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    const values = props.values ?? defaultValues;
    const identity = props.identity ?? plainIdentity(values);

    const fromValues = chartPropsOf(values, identity);
    const commonLabels = releaseLabelsOf(values, identity);
    if (values.serviceAccount.create) {
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
        metadata: { name: identity.serviceAccountName, labels: commonLabels },
        // No pod of the app calls the Kubernetes API: no token anywhere.
        automountServiceAccountToken: false,
      });
    }

    this.secrets = new AppSecrets(this, 'secrets', fromValues.secrets);

    this.backend = new ApiService(this, 'backend', {
      ...fromValues.backend,
      secrets: this.secrets,
    });

    this.frontend = new WebApp(this, 'frontend', {
      ...fromValues.frontend,
      // Derived from the backend Service itself, so the URL and the Service cannot disagree: the seed's
      // NEXT_PUBLIC_API_URL (WebApp's apiUrl) and, for server code, the same URL under a name no build inlines.
      apiUrl: this.backend.url,
      env: { [SERVER_API_URL_ENV]: this.backend.url },
    });

    if (values.networkPolicy.enabled && values.networkPolicy.defaultDeny) {
      // Policies add up: this one selects every pod of the release and allows DNS only; the components'
      // own policies allow the rest.
      this.defaultDenyPolicy = new k8s.KubeNetworkPolicy(this, 'default-deny', {
        metadata: { name: identity.objectName('default-deny'), labels: commonLabels },
        spec: {
          podSelector: { matchLabels: selectorLabelsOf(identity) },
          policyTypes: ['Ingress', 'Egress'],
          egress: [{ ports: dnsPorts() }, {
            to: [{ podSelector: { matchLabels: { ...this.backend.selectorLabels } } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(this.backend.port) }],
          }],
        },
      });
    }
  }
}
