import { codeSpan, markdownTableOf } from '../values-model';
import { plainIdentity } from './chart';
import { TodoChatbotValues } from './values';

/**
 * An object the values name but the chart does not create: it must exist before `helm install` (or
 * `kubectl apply -f dist`). The chart README lists these, and the cluster suite creates them before it installs.
 */
export interface Prerequisite {
  /** The setting that names the object (a dotted values path). */
  readonly value: string;
  /** The object's kind. */
  readonly kind: 'Secret' | 'ServiceAccount' | 'PriorityClass' | 'PersistentVolumeClaim';
  /**
   * Secret type, for Secrets other than Opaque ones.
   * @default - Opaque (or not a Secret)
   */
  readonly secretType?: 'kubernetes.io/dockerconfigjson' | 'kubernetes.io/tls';
  /**
   * Cluster-wide (created once by a cluster admin) rather than in the release's namespace.
   * @default false
   */
  readonly clusterScoped?: boolean;
  /** What happens when it is missing. */
  readonly without: string;
  /**
   * The names the values refer to: none when the setting is empty, or unused, or the chart creates the object.
   * `releaseName` is the one `helm install` gets (names derived from the fullname depend on it).
   */
  readonly names: (values: TodoChatbotValues, releaseName?: string) => string[];
}

const nonEmpty = (...names: string[]) => names.filter((n) => n !== '');

/** Every object the values may name that the chart does not create. */
export const PREREQUISITES: readonly Prerequisite[] = [
  {
    value: 'secrets.existingSecret', kind: 'Secret', // empty: <fullname>-secrets
    without: 'the backend pods wait in CreateContainerConfigError (unless secrets.create: the chart then creates it)',
    names: (v, releaseName) => (v.secrets.create ? [] : [plainIdentity(v, releaseName).secretName]),
  },
  {
    value: 'serviceAccount.name', kind: 'ServiceAccount',
    without: 'Kubernetes refuses the pods ("error looking up service account"; unless serviceAccount.create: the chart then creates it)',
    names: (v) => (v.serviceAccount.create ? [] : nonEmpty(v.serviceAccount.name)),
  },
  {
    value: '*.priorityClassName', kind: 'PriorityClass', clusterScoped: true,
    without: 'Kubernetes refuses the pods ("no PriorityClass with name ... was found")',
    names: (v) => [...new Set(nonEmpty(v.backend.priorityClassName, v.frontend.priorityClassName))],
  },
  {
    value: 'persistence.existingClaim', kind: 'PersistentVolumeClaim',
    without: 'the backend pods stay Pending; the chart never deletes the claim',
    names: (v) => (v.persistence.enabled && v.persistence.type === 'pvc' ? nonEmpty(v.persistence.existingClaim) : []),
  },
  {
    value: 'imagePullSecrets', kind: 'Secret', secretType: 'kubernetes.io/dockerconfigjson',
    without: 'the kubelet pulls the images without credentials (ImagePullBackOff from a private registry)',
    names: (v) => v.imagePullSecrets.map((s) => s.name),
  },
  {
    value: 'ingress.tlsSecretName', kind: 'Secret', secretType: 'kubernetes.io/tls',
    without: 'the ingress controller serves its default certificate',
    names: (v) => (v.ingress.enabled ? nonEmpty(v.ingress.tlsSecretName) : []),
  },
];

/** The chart README's section on them: a table generated from PREREQUISITES. */
export function prerequisitesTable(): string {
  const rows = PREREQUISITES.map((p) => {
    const kind = `${p.kind}${p.secretType ? ` (${p.secretType})` : ''}`;
    const where = p.clusterScoped ? 'the cluster (cluster-wide)' : 'the release\'s namespace';
    return [codeSpan(p.value), kind, where, p.without];
  });
  return markdownTableOf(['Value', 'Object', 'Where', 'Without it'], rows);
}
