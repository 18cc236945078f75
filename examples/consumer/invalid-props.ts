// Props the constructs reject: each case throws the construct's own error when it runs.
import { App, Chart } from 'cdk8s';
import { ApiService, AppSecrets, WebApp } from 'todo-chatbot-k8s';

function chart(): Chart {
  return new Chart(new App(), 'my-chart');
}

export const cases = {
  /** A NodePort outside 30000-32767. */
  nodePort(): void {
    new WebApp(chart(), 'web', { image: 'ghcr.io/example/shop-web:2.3.1', serviceType: 'NodePort', nodePort: 80 });
  },
  /** A secret key that cannot be an environment variable name. */
  secretKeyName(): void {
    new AppSecrets(chart(), 'secrets', { keys: [{ name: 'stripe-api-key' }] });
  },
  /** Two problems at once (a memory limit below its request, negative replicas): one error lists both. */
  limitAndReplicas(): void {
    new WebApp(chart(), 'web', {
      image: 'ghcr.io/example/shop-web:2.3.1',
      replicas: -1,
      resources: { memory: { request: '1Gi', limit: '512Mi' } },
    });
  },
  /** A health path without its leading slash, reported by the HealthProbes inside the ApiService. */
  healthPath(): void {
    new ApiService(chart(), 'api', { image: 'ghcr.io/example/shop-api:2.3.1', health: { path: 'healthz' } });
  },
  /** The tag `latest`, which changes under a running Deployment. */
  latestImage(): void {
    new ApiService(chart(), 'api', { image: 'ghcr.io/example/shop-api:latest' });
  },
  /** A label that would change a selector label: the Service would no longer find the pods. */
  selectorLabel(): void {
    new WebApp(chart(), 'web', { image: 'ghcr.io/example/shop-web:2.3.1', labels: { 'app.kubernetes.io/name': 'storefront' } });
  },
  /** A plain variable and a config key of one name: the container would see only one of them. */
  shadowedConfig(): void {
    new ApiService(chart(), 'api', { image: 'ghcr.io/example/shop-api:2.3.1', config: { LOG_LEVEL: 'info' }, env: { LOG_LEVEL: 'debug' } });
  },
  /** Two workloads of one name: two Deployments and two Services named `shop`, refused when the chart is synthesized. */
  duplicateNames(): void {
    const shop = chart();
    new ApiService(shop, 'api', { name: 'shop', image: 'ghcr.io/example/shop-api:2.3.1' });
    new WebApp(shop, 'web', { name: 'shop', image: 'ghcr.io/example/shop-web:2.3.1' });
    shop.toJson();
  },
};
