import { createHash } from 'crypto';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { DEFAULT_HEALTH_PATH, DEFAULT_PROBE_TIMINGS } from './health-probes';
import { HttpWorkloadBase, HttpWorkloadProps } from './http-workload';
import { Tokens } from './tokens';
import { PropsValidator } from './validation';

/** Settings of a PersistentVolumeClaim that `ApiService` creates for its uploads. */
export interface NewClaimSettings {
  /**
   * Storage to request.
   * @default '5Gi'
   */
  readonly size?: string;

  /**
   * Access mode of the claim.
   * @default 'ReadWriteOnce'
   */
  readonly accessMode?: 'ReadWriteOnce' | 'ReadWriteMany' | 'ReadOnlyMany' | 'ReadWriteOncePod';

  /**
   * StorageClass of the claim.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
}

/** Where the uploads directory keeps its files. */
export class UploadsStorage {
  /** Scratch space that lives as long as the pod: files are lost when it is replaced. */
  public static emptyDir(): UploadsStorage {
    return new UploadsStorage({ type: 'emptyDir' });
  }

  /**
   * A directory on the node. Survives pod restarts on a single-node cluster such as minikube, but
   * Pod Security "restricted" forbids hostPath volumes, and the directory must be writable by the
   * container's user.
   */
  public static hostPath(path: string): UploadsStorage {
    return new UploadsStorage({ type: 'hostPath', path });
  }

  /** A PersistentVolumeClaim that the ApiService creates, named `<name>-uploads`. */
  public static newClaim(settings: NewClaimSettings = {}): UploadsStorage {
    return new UploadsStorage({ type: 'newClaim', claim: settings });
  }

  /** A PersistentVolumeClaim that already exists. */
  public static existingClaim(claimName: string): UploadsStorage {
    return new UploadsStorage({ type: 'existingClaim', claimName });
  }

  private constructor(
    /** @internal */
    public readonly spec:
    | { readonly type: 'emptyDir' }
    | { readonly type: 'hostPath'; readonly path: string }
    | { readonly type: 'newClaim'; readonly claim: NewClaimSettings }
    | { readonly type: 'existingClaim'; readonly claimName: string },
  ) {}
}

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
   * Where the writable uploads directory keeps its files.
   * @default UploadsStorage.emptyDir()
   */
  readonly uploads?: UploadsStorage;

  /**
   * Path of the uploads directory in the container.
   * @default '/app/uploads'
   */
  readonly uploadsPath?: string;
}

/**
 * An HTTP API (FastAPI by default: port 8000): a Deployment, a ClusterIP Service, a ConfigMap of its
 * settings, and a writable uploads directory, run as a non-root user on a read-only root filesystem.
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
  /** The uploads claim, when `uploads` is `UploadsStorage.newClaim()`. */
  public readonly uploadsClaim?: k8s.KubePersistentVolumeClaim;
  /** The URL other pods in the namespace reach the API at: `http://<serviceName>:<servicePort>`. */
  public readonly url: string;

  public constructor(scope: Construct, id: string, props: ApiServiceProps) {
    const name = props.name ?? id;
    const config = props.config;
    const configMapName = props.configMapName ?? `${name}-config`;
    const uploads = (props.uploads ?? UploadsStorage.emptyDir()).spec;
    const uploadsPath = props.uploadsPath ?? '/app/uploads';
    const claimName = uploads.type === 'newClaim' ? `${name}-uploads` : uploads.type === 'existingClaim' ? uploads.claimName : undefined;
    const claim = uploads.type === 'newClaim' ? { size: '5Gi', accessMode: 'ReadWriteOnce', ...uploads.claim } : undefined;

    super(scope, id, props, {
      kind: 'ApiService',
      defaultPort: ApiService.DEFAULT_PORT,
      defaultResources: ApiService.DEFAULT_RESOURCES,
      defaultHealth: ApiService.DEFAULT_HEALTH,
      defaultWritablePaths: ['/tmp'],
      serviceType: 'ClusterIP',
      envFrom: config ? [{ configMapRef: { name: configMapName } }] : undefined,
      podAnnotations: config ? { 'checksum/config': configChecksum(config) } : undefined,
      volumes: [{ name: 'uploads', ...uploadsVolumeSource(uploads, claimName) }],
      volumeMounts: [{ name: 'uploads', mountPath: uploadsPath }],
      validate: (v: PropsValidator) => {
        v.absolutePath('uploadsPath', uploadsPath);
        if (config) {
          v.resourceName('configMapName', configMapName);
          for (const key of Object.keys(config)) v.envName(`config.${key}`, key);
        }
        if (uploads.type === 'hostPath') v.absolutePath('uploads.path', uploads.path);
        if (uploads.type === 'existingClaim') v.resourceName('uploads.claimName', uploads.claimName);
        if (claim) v.quantity('uploads.size', claim.size);
      },
    });
    this.url = `http://${this.serviceName}:${this.servicePort}`;

    if (config) {
      this.configMap = new k8s.KubeConfigMap(this, 'ConfigMap', {
        metadata: { name: configMapName, labels: this.labels },
        data: { ...config },
      });
    }
    if (claim && claimName) {
      this.uploadsClaim = new k8s.KubePersistentVolumeClaim(this, 'UploadsClaim', {
        metadata: { name: claimName, labels: this.labels },
        spec: {
          accessModes: [claim.accessMode],
          storageClassName: claim.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(claim.size) } },
        },
      });
    }
  }
}

function uploadsVolumeSource(uploads: UploadsStorage['spec'], claimName: string | undefined): Omit<k8s.Volume, 'name'> {
  switch (uploads.type) {
    case 'emptyDir': return { emptyDir: {} };
    case 'hostPath': return { hostPath: { path: uploads.path, type: 'DirectoryOrCreate' } };
    default: return { persistentVolumeClaim: { claimName: claimName! } };
  }
}

/**
 * sha256 of the config as sorted `KEY=value` lines. With placeholders in the values, a placeholder for
 * the same computation, so a template engine hashes exactly the text the plain synthesis hashes.
 */
export function configChecksum(config: Readonly<Record<string, string>>): string {
  const text = Object.keys(config).sort().map((key) => `${key}=${config[key]}`).join('\n');
  return Tokens.isUnresolved(text) ? Tokens.sha256(text) : createHash('sha256').update(text).digest('hex');
}
