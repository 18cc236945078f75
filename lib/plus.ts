/**
 * # API reference: `todo-chatbot-k8s/plus`
 *
 * The constructs where cdk8s-plus-28 expects its own types: a workload's pods as a pod selector and a
 * network-policy peer, secret keys as `EnvValue`s, health probes as `Probe`s.
 *
 * A separate entry point (`todo-chatbot-k8s/plus`) because cdk8s-plus-28 is an optional peer dependency:
 * the main entry point never loads it, so a project without cdk8s-plus-28 uses the constructs all the same.
 *
 * @module todo-chatbot-k8s/plus
 */
import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppSecrets } from './app-secrets';
import { HealthProbes, ProbeTiming } from './health-probes';
import { HttpWorkloadBase } from './http-workload';

/**
 * The pods of an `ApiService` or a `WebApp`, as cdk8s-plus selects them: by the workload's selector
 * labels, in the namespace of its chart. Use it wherever cdk8s-plus takes an `IPodSelector` (a
 * NetworkPolicy's `selector`) or an `INetworkPolicyPeer` (a rule's `peer`, `connections.allowFrom()`).
 */
export class WorkloadPods extends Construct implements kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /**
   * The workload's pods: a construct `Pods` inside the workload (it synthesizes nothing), created once
   * however often it is asked for.
   */
  public static of(workload: HttpWorkloadBase): WorkloadPods {
    return (workload.node.tryFindChild(PODS_ID) as WorkloadPods | undefined) ?? new WorkloadPods(workload);
  }

  /** The labels the pods are selected by: the workload's `selectorLabels`. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /**
   * The namespace of the pods: their chart's.
   * @default - the namespace of whoever selects them
   */
  public readonly namespace?: string;

  private constructor(workload: HttpWorkloadBase) {
    super(workload, PODS_ID);
    this.selectorLabels = workload.selectorLabels;
    this.namespace = Chart.of(workload).namespace;
  }

  /** The selector cdk8s-plus renders: the selector labels, and the namespace when the chart has one. */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return {
      labelSelector: kplus.LabelSelector.of({ labels: { ...this.selectorLabels } }),
      namespaces: this.namespace ? { names: [this.namespace] } : undefined,
    };
  }

  /** The pods as a network-policy peer. */
  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** The pods are a pod selector themselves. */
  public toPodSelector(): kplus.IPodSelector {
    return this;
  }
}

const PODS_ID = 'Pods';

/**
 * Each key of `secrets` as a cdk8s-plus `EnvValue` read from the Secret (optional keys `optional`), by
 * variable name: `envVariables: { ...envValuesOf(secrets) }` on a cdk8s-plus container.
 */
export function envValuesOf(secrets: AppSecrets): Record<string, kplus.EnvValue> {
  const id = 'PlusSecretReference';
  const secret = (secrets.node.tryFindChild(id) as kplus.ISecret | undefined) ?? kplus.Secret.fromSecretName(secrets, id, secrets.secretName);
  return Object.fromEntries(secrets.keys.map((key) => [
    key.name,
    kplus.EnvValue.fromSecretValue({ secret, key: key.name }, { optional: key.required ? undefined : true }),
  ]));
}

/** The probes of a `HealthProbes` for a cdk8s-plus container (its `startup`, `liveness` and `readiness`). */
export interface PlusProbes {
  /** The startup probe. */
  readonly startup: kplus.Probe;
  /** The liveness probe. */
  readonly liveness: kplus.Probe;
  /** The readiness probe. */
  readonly readiness: kplus.Probe;
}

/**
 * The three probes of `probes` as cdk8s-plus `Probe`s, with its path, port and each probe's timing:
 * `{ ...probesOf(probes) }` on a cdk8s-plus container (which then adds no probe of its own).
 */
export function probesOf(probes: HealthProbes): PlusProbes {
  const probe = (timing: Required<ProbeTiming>) => kplus.Probe.fromHttpGet(probes.path, {
    port: probes.port,
    initialDelaySeconds: Duration.seconds(timing.initialDelaySeconds),
    periodSeconds: Duration.seconds(timing.periodSeconds),
    failureThreshold: timing.failureThreshold,
    timeoutSeconds: Duration.seconds(timing.timeoutSeconds),
  });
  return { startup: probe(probes.timings.startup), liveness: probe(probes.timings.liveness), readiness: probe(probes.timings.readiness) };
}
