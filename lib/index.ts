/**
 * # API reference: `todo-chatbot-k8s`
 *
 * The generic constructs, `WebApp`, `ApiService`, `HealthProbes` and `AppSecrets`, and what they are built
 * from. The todo-chatbot app built from them is the package's second entry point,
 * [`todo-chatbot-k8s/todo-chatbot`](todo-chatbot-k8s/todo-chatbot.md).
 *
 * @module todo-chatbot-k8s
 */
export * from './health-probes';
export * from './app-secrets';
export * from './api-service';
export * from './web-app';
export * from './volumes';
export type {
  AutoscalingSettings, ContainerResources, DeploymentStrategyType, DisruptionBudgetSettings, NetworkPeerPort, NetworkPolicySettings, RequestAndLimit, RollingUpdateSettings, RunAsSettings, HttpWorkloadProps, WorkloadExtras, OwnEnvVar, OwnVolume,
} from './http-workload';
export { HttpWorkloadBase, WORKLOAD_DEFAULTS, DEFAULT_CLAIM } from './http-workload';
export type { EnvSource } from './conflicts';
export { Tokens } from './tokens';
export type { TokenPart } from './tokens';
export { PropsValidator, parseQuantity, QUANTITY_PATTERN } from './validation';
/** The Kubernetes 1.28 API objects the constructs are built on (as `cdk8s import k8s@1.28.0` generates them). */
export * as k8s from '../imports/k8s';
export * from './http-check';
