import { Construct } from 'constructs';
import { DEFAULT_HEALTH_PATH } from './health-probes';
import { HttpWorkloadBase, HttpWorkloadProps } from './http-workload';
import { PropsValidator } from './validation';

/** How the web app's Service is exposed. */
export type WebServiceType = 'NodePort' | 'ClusterIP';

/** Settings of a `WebApp`. */
export interface WebAppProps extends HttpWorkloadProps {
  /**
   * `NodePort` opens `nodePort` on every node (reachable at `http://$(minikube ip):<nodePort>`);
   * `ClusterIP` keeps the app inside the cluster (for an Ingress or port-forward).
   * @default 'ClusterIP'
   */
  readonly serviceType?: WebServiceType;

  /**
   * The fixed node port (30000-32767); required with `NodePort`, refused with `ClusterIP`.
   * @default - none
   */
  readonly nodePort?: number;

  /**
   * URL of the API the server-side code calls, e.g. an `ApiService`'s `url`.
   * @default - no API URL variable
   */
  readonly apiUrl?: string;

  /**
   * Environment variable that receives `apiUrl`.
   * @default 'NEXT_PUBLIC_API_URL'
   */
  readonly apiUrlEnv?: string;
}

/**
 * A Next.js standalone server (`node server.js`, port 3000): a Deployment and a NodePort or ClusterIP
 * Service. It binds to `HOSTNAME=0.0.0.0` (Kubernetes sets HOSTNAME to the pod name, which would bind
 * the server to the pod IP only and fail the probes on localhost-less setups) and writes only to
 * emptyDirs at `/app/.next/cache` and `/tmp` under a read-only root filesystem.
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

  public constructor(scope: Construct, id: string, props: WebAppProps) {
    const serviceType = props.serviceType ?? 'ClusterIP';
    const port = props.port ?? WebApp.DEFAULT_PORT;
    const apiUrlEnv = props.apiUrlEnv ?? 'NEXT_PUBLIC_API_URL';

    super(scope, id, props, {
      kind: 'WebApp',
      defaultPort: WebApp.DEFAULT_PORT,
      defaultResources: WebApp.DEFAULT_RESOURCES,
      defaultHealth: WebApp.DEFAULT_HEALTH,
      defaultWritablePaths: ['/app/.next/cache', '/tmp'],
      serviceType,
      nodePort: serviceType === 'NodePort' ? props.nodePort : undefined,
      extraEnv: [
        { name: 'HOSTNAME', value: '0.0.0.0' },
        { name: 'PORT', value: String(port) },
        ...(props.apiUrl !== undefined ? [{ name: apiUrlEnv, value: props.apiUrl }] : []),
      ],
      validate: (v: PropsValidator) => {
        v.oneOf('serviceType', serviceType, ['NodePort', 'ClusterIP'] as const);
        v.nodePort('nodePort', props.nodePort);
        v.check(serviceType !== 'NodePort' || props.nodePort !== undefined, 'nodePort', props.nodePort,
          'is required when serviceType is NodePort (a fixed port keeps the URL stable)');
        v.check(serviceType !== 'ClusterIP' || props.nodePort === undefined, 'nodePort', props.nodePort,
          'must not be set when serviceType is ClusterIP');
        v.envName('apiUrlEnv', apiUrlEnv);
        for (const reserved of ['HOSTNAME', 'PORT', apiUrlEnv]) {
          v.check(props.env?.[reserved] === undefined, `env.${reserved}`, props.env?.[reserved], 'is set by WebApp itself');
        }
      },
    });
  }
}
