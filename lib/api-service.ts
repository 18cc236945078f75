import { Construct } from 'constructs';
import { dataChecksum } from './checksum';
import * as k8s from '../imports/k8s';
import { DEFAULT_HEALTH_PATH, DEFAULT_PROBE_TIMINGS } from './health-probes';
import { registerObjectNames } from './conflicts';
import { HttpWorkloadBase, HttpWorkloadProps } from './http-workload';
import { PropsValidator } from './validation';
import { VolumeStorage } from './volumes';

// Where these lived before `volumes`: existing imports keep working.
export { UploadsStorage } from './volumes';
export type { NewClaimSettings } from './volumes';

/** Settings of an `ApiService`. */
export interface ApiServiceProps extends HttpWorkloadProps {
  /**
   * Non-secret settings, put in a ConfigMap and given to the container as environment variables.
   * A checksum of them on the pod template rolls the pods when they change.
   * @default - no ConfigMap
   */
  readonly config?: Readonly<Record<string, string>>;

  /**
   * Name of the ConfigMap.
   * @default - `<name>-config`
   */
  readonly configMapName?: string;

  /**
   * Where the writable uploads directory keeps its files (its claim, with `VolumeStorage.newClaim()`, is
   * `<name>-uploads`); `false` for no uploads directory. Other directories: `volumes`.
   * @default VolumeStorage.emptyDir()
   */
  readonly uploads?: VolumeStorage | false;

  /**
   * Path of the uploads directory in the container.
   * @default '/app/uploads'
   */
  readonly uploadsPath?: string;
}

/**
 * An HTTP API (FastAPI by default: port 8000): a Deployment, a ClusterIP Service, a ConfigMap of its
 * settings, and a writable uploads directory (unless `uploads` is `false`), run as a non-root user on a
 * read-only root filesystem.
 */
export class ApiService extends HttpWorkloadBase {
  /** Default container port (uvicorn's usual 8000). */
  public static readonly DEFAULT_PORT = 8000;

  /** Defaults of `resources`: 250m CPU / 256Mi requested, 500m / 512Mi at most. */
  public static readonly DEFAULT_RESOURCES = {
    cpu: { request: '250m', limit: '500m' },
    memory: { request: '256Mi', limit: '512Mi' },
  } as const;

  /**
   * Defaults of `health`: HealthProbes' own, GET /api/health with startup 0/10/6 (a 60 s cold start),
   * liveness 30/10/3 and readiness 10/5/2.
   */
  public static readonly DEFAULT_HEALTH = { path: DEFAULT_HEALTH_PATH, ...DEFAULT_PROBE_TIMINGS };

  /** The ConfigMap, when `config` was given. */
  public readonly configMap?: k8s.KubeConfigMap;
  /** The uploads claim, when `uploads` is `VolumeStorage.newClaim()`. */
  public readonly uploadsClaim?: k8s.KubePersistentVolumeClaim;
  /** The URL other pods in the namespace reach the API at: `http://<serviceName>:<servicePort>`. */
  public readonly url: string;

  public constructor(scope: Construct, id: string, props: ApiServiceProps) {
    const name = props.name ?? id;
    const config = props.config;
    const configMapName = props.configMapName ?? `${name}-config`;
    const uploads = props.uploads ?? VolumeStorage.emptyDir();
    const uploadsPath = props.uploadsPath ?? '/app/uploads';

    super(scope, id, props, {
      kind: 'ApiService',
      defaultComponent: 'api',
      defaultPort: ApiService.DEFAULT_PORT,
      defaultResources: ApiService.DEFAULT_RESOURCES,
      defaultHealth: ApiService.DEFAULT_HEALTH,
      defaultWritablePaths: ['/tmp'],
      serviceType: 'ClusterIP',
      envFrom: config ? [{ configMapRef: { name: configMapName } }] : undefined,
      envFromVariables: Object.entries(config ?? {}).map(([key, value]) => ({ name: key, origin: `config.${key}`, value })),
      podAnnotations: config ? { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(config) } : undefined,
      volumes: uploads ? [{ volume: { name: 'uploads', mountPath: uploadsPath, storage: uploads }, mountPathField: 'uploadsPath', storageField: 'uploads' }] : [],
      validate: (v: PropsValidator) => {
        v.check(uploads !== false || props.uploadsPath === undefined, 'uploadsPath', props.uploadsPath, 'must not be set when uploads is false');
        if (config) {
          v.resourceName('configMapName', configMapName);
          for (const key of Object.keys(config)) v.envName(`config.${key}`, key);
        }
      },
    });
    this.url = `http://${this.serviceName}:${this.servicePort}`;
    this.uploadsClaim = this.claims.get('uploads');

    if (config) {
      this.configMap = new k8s.KubeConfigMap(this, 'ConfigMap', {
        metadata: { name: configMapName, labels: this.labels },
        data: { ...config },
      });
      registerObjectNames(this, 'ApiService', [[this.configMap, 'configMapName']]);
    }
  }
}

/** The pod annotation that holds `configChecksum(config)`, so a changed config rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** sha256 of the config as sorted `KEY=value` lines (see `dataChecksum`): the `checksum/config` annotation. */
export function configChecksum(config: Readonly<Record<string, string>>): string {
  return dataChecksum(config);
}
