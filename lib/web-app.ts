import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { registerObjectNames } from './conflicts';
import { DEFAULT_HEALTH_PATH } from './health-probes';
import { HttpWorkloadBase, HttpWorkloadProps } from './http-workload';
import { Tokens } from './tokens';
import { PropsValidator } from './validation';

// A host an Ingress rule may name: a DNS name, or a wildcard for one level.
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** How the web app's Service is exposed. */
export type WebServiceType = 'NodePort' | 'ClusterIP';

/**
 * What the web server is: `nextjs` (a Next.js standalone server) gets `HOSTNAME=0.0.0.0`, `PORT` and a
 * writable `/app/.next/cache`; `generic` gets none of them.
 */
export type WebFramework = 'nextjs' | 'generic';

/** An Ingress in front of the web app's Service: one host, one path. */
export interface WebIngressSettings {
  /** Host name the Ingress answers for, e.g. `shop.example.com`. */
  readonly host: string;

  /**
   * Path routed to the app.
   * @default '/'
   */
  readonly path?: string;

  /**
   * How the path matches.
   * @default 'Prefix'
   */
  readonly pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific';

  /**
   * IngressClass (the controller) that serves it.
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;

  /**
   * Secret with the TLS certificate for the host; the Ingress then serves HTTPS.
   * @default - plain HTTP
   */
  readonly tlsSecretName?: string;

  /**
   * Annotations of the Ingress (the controller's settings, a certificate issuer).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * An Ingress whose annotations are set on its JSON: cdk8s copies metadata maps key by key when the object is
 * built, which a map that is only known later (a placeholder) cannot be.
 */
class WebIngress extends k8s.KubeIngress {
  public constructor(scope: Construct, id: string, props: k8s.KubeIngressProps, private readonly annotations?: Readonly<Record<string, string>>) {
    super(scope, id, props);
  }

  public toJson(): any {
    const json = super.toJson();
    if (this.annotations !== undefined) json.metadata.annotations = this.annotations;
    return json;
  }
}

/** Settings of a `WebApp`. */
export interface WebAppProps extends HttpWorkloadProps {
  /**
   * `NodePort` opens `nodePort` on every node (reachable at `http://$(minikube ip):<nodePort>`);
   * `ClusterIP` keeps the app inside the cluster (for an Ingress or port-forward).
   * @default 'ClusterIP'
   */
  readonly serviceType?: WebServiceType;

  /**
   * The fixed node port (30000-32767) with `NodePort`; refused with `ClusterIP`.
   * @default - with `NodePort`, a free one the cluster picks (read it from the Service)
   */
  readonly nodePort?: number;

  /**
   * The web server's framework, which decides the variables and writable paths it gets by default.
   * `env` replaces any of those variables, `writablePaths` the paths.
   * @default 'nextjs'
   */
  readonly framework?: WebFramework;

  /**
   * URL of the API the server-side code calls, e.g. an `ApiService`'s `url`.
   * @default - no API URL variable
   */
  readonly apiUrl?: string;

  /**
   * An Ingress named after the app that routes a host (and path) to its Service.
   * @default - none
   */
  readonly ingress?: WebIngressSettings;

  /**
   * Environment variable that receives `apiUrl`.
   * @default 'NEXT_PUBLIC_API_URL'
   */
  readonly apiUrlEnv?: string;
}

/**
 * A web server (port 3000): a Deployment and a NodePort or ClusterIP Service. By default a Next.js
 * standalone server (`node server.js`): it binds to `HOSTNAME=0.0.0.0` (Kubernetes sets HOSTNAME to the
 * pod name, which would bind the server to the pod IP only and fail the probes on localhost-less setups)
 * and writes only to emptyDirs at `/app/.next/cache` and `/tmp` under a read-only root filesystem;
 * `framework: 'generic'` drops those Next.js settings.
 */
export class WebApp extends HttpWorkloadBase {
  /** Default container port (Next.js's usual 3000). */
  public static readonly DEFAULT_PORT = 3000;

  /** Defaults of `resources`: 500m CPU / 512Mi requested, 1000m / 1Gi at most (server-side rendering spikes). */
  public static readonly DEFAULT_RESOURCES = {
    cpu: { request: '500m', limit: '1000m' },
    memory: { request: '512Mi', limit: '1Gi' },
  } as const;

  /** Defaults of `health`: GET /api/health; startup 0/5/6 (30 s), liveness 20/10/3, readiness 10/5/2. */
  public static readonly DEFAULT_HEALTH = {
    path: DEFAULT_HEALTH_PATH,
    startup: { initialDelaySeconds: 0, periodSeconds: 5, failureThreshold: 6 },
    liveness: { initialDelaySeconds: 20, periodSeconds: 10, failureThreshold: 3 },
    readiness: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 2 },
  } as const;

  /** Writable paths of each framework when the props give no `writablePaths`. */
  public static readonly DEFAULT_WRITABLE_PATHS: { readonly [framework in WebFramework]: readonly string[] } = {
    nextjs: ['/app/.next/cache', '/tmp'],
    generic: ['/tmp'],
  };

  public constructor(scope: Construct, id: string, props: WebAppProps) {
    const serviceType = props.serviceType ?? 'ClusterIP';
    const port = props.port ?? WebApp.DEFAULT_PORT;
    const apiUrlEnv = props.apiUrlEnv ?? 'NEXT_PUBLIC_API_URL';
    const framework = props.framework ?? 'nextjs';

    super(scope, id, props, {
      kind: 'WebApp',
      defaultComponent: 'web',
      defaultPort: WebApp.DEFAULT_PORT,
      defaultResources: WebApp.DEFAULT_RESOURCES,
      defaultHealth: WebApp.DEFAULT_HEALTH,
      defaultWritablePaths: WebApp.DEFAULT_WRITABLE_PATHS[framework] ?? [],
      serviceType,
      nodePort: serviceType === 'NodePort' ? props.nodePort : undefined,
      defaultEnv: framework === 'nextjs' ? { HOSTNAME: '0.0.0.0', PORT: String(port) } : undefined,
      ownEnv: props.apiUrl !== undefined ? [{ name: apiUrlEnv, value: props.apiUrl, origin: 'apiUrlEnv' }] : undefined,
      validate: (v: PropsValidator) => {
        v.oneOf('framework', framework, ['nextjs', 'generic'] as const);
        v.oneOf('serviceType', serviceType, ['NodePort', 'ClusterIP'] as const);
        v.nodePort('nodePort', props.nodePort);
        v.check(serviceType !== 'ClusterIP' || props.nodePort === undefined, 'nodePort', props.nodePort,
          'must not be set when serviceType is ClusterIP');
        v.envName('apiUrlEnv', apiUrlEnv);
        if (props.ingress) {
          v.check(Tokens.isUnresolved(props.ingress.host) || HOST.test(props.ingress.host), 'ingress.host', props.ingress.host,
            'must be a DNS name (lower-case letters, digits, "-" and "."), optionally starting with "*."');
          v.check(props.ingress.path === undefined || Tokens.isUnresolved(props.ingress.path) || props.ingress.path.startsWith('/'), 'ingress.path',
            props.ingress.path, 'must start with "/"');
          v.resourceName('ingress.tlsSecretName', props.ingress.tlsSecretName);
          v.resourceName('ingress.className', props.ingress.className);
        }
      },
    });

    const ingress = props.ingress;
    if (ingress) {
      this.ingress = new WebIngress(this, 'Ingress', {
        metadata: { name: this.deployment.name, labels: { ...this.labels } },
        spec: {
          ingressClassName: ingress.className,
          tls: ingress.tlsSecretName === undefined ? undefined : [{ hosts: [ingress.host], secretName: ingress.tlsSecretName }],
          rules: [{
            host: ingress.host,
            http: {
              paths: [{
                path: ingress.path ?? '/',
                pathType: ingress.pathType ?? 'Prefix',
                backend: { service: { name: this.serviceName, port: { number: this.servicePort } } },
              }],
            },
          }],
        },
      }, ingress.annotations);
      registerObjectNames(this, 'WebApp', [[this.ingress, 'ingress']]);
    }
  }

  /** The Ingress, with `ingress`. */
  public readonly ingress?: k8s.KubeIngress;
}
