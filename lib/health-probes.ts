import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Tokens } from './tokens';
import { PropsValidator } from './validation';

/** Timing of one probe. */
export interface ProbeTiming {
  /**
   * Seconds after the container starts before the first probe.
   * @default 0
   */
  readonly initialDelaySeconds?: number;

  /**
   * Seconds between probes.
   * @default 10
   */
  readonly periodSeconds?: number;

  /**
   * Consecutive failures after which the probe counts as failed.
   * @default 3
   */
  readonly failureThreshold?: number;

  /**
   * Seconds after which one probe request times out.
   * @default 1
   */
  readonly timeoutSeconds?: number;
}

/** Settings of a `HealthProbes`. */
export interface HealthProbesProps {
  /**
   * Container port the health endpoint listens on.
   */
  readonly port: number;

  /**
   * HTTP path of the health endpoint, answered with a 2xx or 3xx status when healthy.
   * @default '/api/health'
   */
  readonly path?: string;

  /**
   * The startup probe: holds back liveness and readiness until the app has started once, so a slow
   * start (a database cold start, say) does not get the container restarted.
   * @default - { initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 1 }
   */
  readonly startup?: ProbeTiming;

  /**
   * The liveness probe: restarts a hung container.
   * @default - { initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 }
   */
  readonly liveness?: ProbeTiming;

  /**
   * The readiness probe: sends traffic only to pods that can serve it.
   * @default - { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 2, timeoutSeconds: 1 }
   */
  readonly readiness?: ProbeTiming;
}

/** The probes a container gets from `HealthProbes.containerProbes()`. */
export interface ContainerProbes {
  /** The startup probe. */
  readonly startupProbe: k8s.Probe;
  /** The liveness probe. */
  readonly livenessProbe: k8s.Probe;
  /** The readiness probe. */
  readonly readinessProbe: k8s.Probe;
}

/** Default path of the health endpoint. */
export const DEFAULT_HEALTH_PATH = '/api/health';

/** Default timings, per probe. */
export const DEFAULT_PROBE_TIMINGS: { readonly [kind in 'startup' | 'liveness' | 'readiness']: Required<ProbeTiming> } = {
  startup: { initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 1 },
  liveness: { initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 },
  readiness: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 2, timeoutSeconds: 1 },
};

const PROBE_KINDS = ['startup', 'liveness', 'readiness'] as const;

/**
 * Startup, liveness and readiness probes against one HTTP health endpoint.
 *
 * It creates no Kubernetes object of its own: a workload applies it to its container with
 * `containerProbes()`. Unlike cdk8s-plus, it never adds a probe you did not ask for.
 */
export class HealthProbes extends Construct {
  /** The health endpoint's path. */
  public readonly path: string;
  /** The health endpoint's port. */
  public readonly port: number;
  /** The resolved timing of each probe. */
  public readonly timings: { readonly [kind in 'startup' | 'liveness' | 'readiness']: Required<ProbeTiming> };

  public constructor(scope: Construct, id: string, props: HealthProbesProps) {
    super(scope, id);
    this.path = props.path ?? DEFAULT_HEALTH_PATH;
    this.port = props.port;
    this.timings = {
      startup: { ...DEFAULT_PROBE_TIMINGS.startup, ...props.startup },
      liveness: { ...DEFAULT_PROBE_TIMINGS.liveness, ...props.liveness },
      readiness: { ...DEFAULT_PROBE_TIMINGS.readiness, ...props.readiness },
    };

    const v = new PropsValidator('HealthProbes', this.node.path);
    v.port('port', this.port);
    v.check(Tokens.isUnresolved(this.path) || this.path.startsWith('/'), 'path', this.path, 'must start with "/"');
    for (const kind of PROBE_KINDS) {
      const t = this.timings[kind];
      v.integer(`${kind}.initialDelaySeconds`, t.initialDelaySeconds, 0);
      v.integer(`${kind}.periodSeconds`, t.periodSeconds, 1);
      v.integer(`${kind}.failureThreshold`, t.failureThreshold, 1);
      v.integer(`${kind}.timeoutSeconds`, t.timeoutSeconds, 1);
    }
    v.assertValid();
  }

  /** The three probes, ready to set on a container. */
  public containerProbes(): ContainerProbes {
    const probe = (timing: Required<ProbeTiming>): k8s.Probe => ({
      httpGet: { path: this.path, port: k8s.IntOrString.fromNumber(this.port) },
      initialDelaySeconds: timing.initialDelaySeconds,
      periodSeconds: timing.periodSeconds,
      failureThreshold: timing.failureThreshold,
      timeoutSeconds: timing.timeoutSeconds,
    });
    return {
      startupProbe: probe(this.timings.startup),
      livenessProbe: probe(this.timings.liveness),
      readinessProbe: probe(this.timings.readiness),
    };
  }
}
