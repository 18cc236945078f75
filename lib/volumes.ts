/** Settings of a PersistentVolumeClaim that the workload creates for a volume. */
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

  /**
   * Annotations of the claim, e.g. `helm.sh/resource-policy: keep`, which keeps it (and the files) when
   * Helm uninstalls the release or an upgrade drops it.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Where a volume keeps its files. */
export class VolumeStorage {
  /** Scratch space that lives as long as the pod: files are lost when it is replaced. */
  public static emptyDir(): VolumeStorage {
    return new VolumeStorage({ type: 'emptyDir' });
  }

  /**
   * A directory on the node. Survives pod restarts on a single-node cluster such as minikube, but
   * Pod Security "restricted" forbids hostPath volumes, and the directory must be writable by the
   * container's user.
   */
  public static hostPath(path: string): VolumeStorage {
    return new VolumeStorage({ type: 'hostPath', path });
  }

  /** A PersistentVolumeClaim that the workload creates, named `<workload name>-<volume name>`. */
  public static newClaim(settings: NewClaimSettings = {}): VolumeStorage {
    return new VolumeStorage({ type: 'newClaim', claim: settings });
  }

  /** A PersistentVolumeClaim that already exists. */
  public static existingClaim(claimName: string): VolumeStorage {
    return new VolumeStorage({ type: 'existingClaim', claimName });
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

/**
 * Deprecated: the former name of `VolumeStorage` (the same class), from when only the uploads
 * directory of an `ApiService` had storage.
 * @deprecated use `VolumeStorage`
 */
export const UploadsStorage = VolumeStorage;
/** @deprecated use `VolumeStorage` */
export type UploadsStorage = VolumeStorage;

/** A volume mounted into the workload's container (the root filesystem itself is read-only). */
export interface WorkloadVolume {
  /**
   * Absolute path of the directory in the container.
   */
  readonly mountPath: string;

  /**
   * Where the files are kept.
   */
  readonly storage: VolumeStorage;

  /**
   * Name of the volume in the pod, and the suffix of the claim `VolumeStorage.newClaim()` creates.
   * @default - derived from the mount path (`/var/data` becomes `var-data`)
   */
  readonly name?: string;
}
