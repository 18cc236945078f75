import { ApiObject, App, Chart, ChartProps, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ApiService, AppSecrets, HealthProbes, VolumeStorage, WebApp } from 'todo-chatbot-k8s';
import { envValuesOf, probesOf, WorkloadPods } from 'todo-chatbot-k8s/plus';

/**
 * A shop in its own namespace: an API with its database credentials and a volume for its files, a web
 * front end that only it may call the API from, and a queue worker written with cdk8s-plus.
 */
export class ShopChart extends Chart {
  /** The Secret keys; `secrets.createCommand()` and `secrets.exampleManifest()` say how to create them. */
  public readonly secrets: AppSecrets;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The keys the API and the worker read. No Secret is synthesized: create `shop-credentials` in the
    // chart's namespace yourself (`createCommand()` and `exampleManifest()` name it).
    this.secrets = new AppSecrets(this, 'secrets', {
      secretName: 'shop-credentials',
      keys: [
        { name: 'POSTGRES_PASSWORD', description: 'password of the shop database user' },
        { name: 'STRIPE_API_KEY', required: false, description: 'Stripe key; payments are off without it' },
      ],
    });

    // Pods labelled app.kubernetes.io/name=shop-api, instance=<chart id>, component=api (`api.selectorLabels`).
    const api = new ApiService(this, 'api', {
      name: 'shop-api',
      image: 'ghcr.io/example/shop-api:2.3.1',
      port: 8080,
      servicePort: 80,
      replicas: 2,
      health: { path: '/healthz', readiness: { periodSeconds: 3 } },
      resources: {
        cpu: { request: '100m', limit: '300m' },
        memory: { request: '128Mi', limit: '256Mi' },
      },
      config: { LOG_LEVEL: 'debug', SHOP_CURRENCY: 'EUR' },
      secrets: this.secrets,
      // No uploads directory; a claim of its own for the product images instead (`shop-api-images`).
      uploads: false,
      volumes: [{ name: 'images', mountPath: '/data/images', storage: VolumeStorage.newClaim({ size: '2Gi' }) }],
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' },
      runAs: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
    });

    // Not a Next.js server: no HOSTNAME or PORT variables, no .next cache. ClusterIP: reached through an
    // Ingress or `kubectl port-forward`, no node port.
    const web = new WebApp(this, 'web', {
      name: 'shop-web',
      image: 'ghcr.io/example/shop-web:2.3.1',
      framework: 'generic',
      port: 8081,
      servicePort: 80,
      serviceType: 'ClusterIP',
      health: { path: '/ready' },
      apiUrl: api.url,
      apiUrlEnv: 'SHOP_API_URL',
      podLabels: { 'shop.example.com/tier': 'storefront' },
      runAs: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
    });
    // What no prop covers, as a JSON patch on the Deployment (`ApiObject.of(web)`).
    ApiObject.of(web).addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations/shop.example.com~1owner', 'storefront-team'));

    // Only the web app's pods may reach the API's pods, on the API's port.
    new kplus.NetworkPolicy(this, 'api-ingress', {
      metadata: { name: 'shop-api-ingress' },
      selector: WorkloadPods.of(api),
      ingress: { rules: [{ peer: WorkloadPods.of(web), ports: [kplus.NetworkPolicyPort.tcp(api.port)] }] },
    });

    // A container you define yourself with cdk8s-plus, with the same Secret keys and a HealthProbes.
    const probes = new HealthProbes(this, 'worker-health', {
      port: 9090,
      path: '/livez',
      liveness: { initialDelaySeconds: 5 },
    });
    new kplus.Deployment(this, 'worker', {
      metadata: { name: 'shop-worker' },
      replicas: 1,
      containers: [{
        name: 'worker',
        image: 'ghcr.io/example/shop-worker:2.3.1',
        portNumber: probes.port,
        ...probesOf(probes),
        envVariables: { QUEUE: kplus.EnvValue.fromValue('orders'), ...envValuesOf(this.secrets) },
        securityContext: { user: 10001, group: 10001 },
      }],
    });
  }
}

const app = new App();
new ShopChart(app, 'shop', { namespace: 'shop' });
app.synth();
