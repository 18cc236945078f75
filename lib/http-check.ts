import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { registerObjectNames } from './conflicts';
import { RunAsSettings, WORKLOAD_DEFAULTS } from './http-workload';
import { Tokens } from './tokens';
import { PropsValidator } from './validation';

/** Settings of an `HttpCheck`. */
export interface HttpCheckProps {
  /**
   * URL the pod requests once, e.g. an `ApiService`'s `url` plus its health path; a response below 400 passes.
   */
  readonly url: string;

  /**
   * Image with `python3` on its PATH, such as the API's own image (already on the nodes).
   */
  readonly image: string;

  /**
   * When the kubelet pulls the image.
   * @default 'IfNotPresent'
   */
  readonly imagePullPolicy?: 'IfNotPresent' | 'Always' | 'Never';

  /**
   * Name of the Pod.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Labels of the Pod.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;

  /**
   * Annotations of the Pod (a test runner's, such as Helm's `helm.sh/hook: test`).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;

  /**
   * The numeric user and group the container runs as (fsGroup is not used: the pod mounts nothing).
   * @default - uid and gid 1001
   */
  readonly runAs?: RunAsSettings;

  /**
   * Seconds before the request gives up.
   * @default 10
   */
  readonly timeoutSeconds?: number;

  /**
   * Secrets the kubelet pulls the image with.
   * @default - none
   */
  readonly imagePullSecrets?: readonly k8s.LocalObjectReference[];
}

/** Requests the URL given as the first argument; an HTTP error, a refused connection or a timeout fails. */
const CHECK_SCRIPT = [
  'import sys, urllib.request',
  'with urllib.request.urlopen(sys.argv[1], timeout=int(sys.argv[2])) as response:',
  '    print(sys.argv[1], response.status)',
].join('\n');

/**
 * A Pod that requests a URL once and exits: 0 when it answered, non-zero otherwise (a smoke test such as
 * `helm test` runs). It runs under Pod Security "restricted": non-root, no privilege escalation, no
 * capabilities, RuntimeDefault seccomp, read-only root filesystem, no service account token.
 */
export class HttpCheck extends Construct {
  /** The Pod. */
  public readonly pod: k8s.KubePod;

  public constructor(scope: Construct, id: string, props: HttpCheckProps) {
    super(scope, id);
    const name = props.name ?? id;
    const timeoutSeconds = props.timeoutSeconds ?? 10;
    const { runAsUser, runAsGroup } = { ...WORKLOAD_DEFAULTS.runAs, ...props.runAs };

    const v = new PropsValidator('HttpCheck', this.node.path);
    v.resourceName('name', name);
    v.nonEmpty('image', props.image);
    v.check(Tokens.isUnresolved(props.url) || /^https?:\/\/\S+$/.test(props.url), 'url', props.url, 'must be an http:// or https:// URL');
    v.integer('timeoutSeconds', timeoutSeconds, 1);
    v.integer('runAs.runAsUser', runAsUser, 1);
    v.integer('runAs.runAsGroup', runAsGroup, 1);
    v.assertValid();

    this.pod = new k8s.KubePod(this, 'Pod', {
      metadata: { name, labels: props.labels && { ...props.labels }, annotations: props.annotations && { ...props.annotations } },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        imagePullSecrets: props.imagePullSecrets as k8s.LocalObjectReference[] | undefined,
        securityContext: { runAsNonRoot: true, runAsUser, runAsGroup, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{
          name: 'check',
          image: props.image,
          imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
          command: ['python3', '-c', CHECK_SCRIPT, props.url, String(timeoutSeconds)],
          resources: {
            requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('32Mi') },
            limits: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('64Mi') },
          },
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser,
            runAsGroup,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
        }],
      },
    });
    registerObjectNames(this, 'HttpCheck', [[this.pod, 'name']]);
  }
}
