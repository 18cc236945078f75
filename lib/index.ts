export * from './health-probes';
export * from './app-secrets';
export * from './api-service';
export * from './web-app';
export type {
  ContainerResources, RequestAndLimit, RollingUpdateSettings, RunAsSettings, HttpWorkloadProps, WorkloadExtras,
} from './http-workload';
export { HttpWorkloadBase, WORKLOAD_DEFAULTS } from './http-workload';
export { Tokens } from './tokens';
export type { TokenPart } from './tokens';
export { PropsValidator, parseQuantity, QUANTITY_PATTERN } from './validation';
/** The Kubernetes 1.28 API objects the constructs are built on (as `cdk8s import k8s@1.28.0` generates them). */
export * as k8s from '../imports/k8s';
