import { App, Chart, ChartProps, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ApiService, AppSecrets, HealthProbes, ProbeTiming, UploadsStorage, WebApp } from 'todo-chatbot-k8s';

/** A shop: an API with its database credentials, a web front end inside the cluster, and a queue worker. */
export class ShopChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The keys the API reads. No Secret is synthesized: create `shop-credentials` in the cluster yourself.
    const secrets = new AppSecrets(this, 'secrets', {
      secretName: 'shop-credentials',
      keys: [
        { name: 'POSTGRES_PASSWORD', description: 'password of the shop database user' },
        { name: 'STRIPE_API_KEY', required: false, description: 'Stripe key; payments are off without it' },
      ],
    });

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
      secrets,
      uploads: UploadsStorage.newClaim({ size: '2Gi' }),
      uploadsPath: '/data/uploads',
      runAs: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
    });

    // ClusterIP: reached through an Ingress or `kubectl port-forward`, no node port.
    new WebApp(this, 'web', {
      name: 'shop-web',
      image: 'ghcr.io/example/shop-web:2.3.1',
      port: 8081,
      servicePort: 80,
      serviceType: 'ClusterIP',
      health: { path: '/ready' },
      apiUrl: api.url,
      apiUrlEnv: 'SHOP_API_URL',
      runAs: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
    });

    // HealthProbes on its own, for a container you define yourself (here with cdk8s-plus).
    const probes = new HealthProbes(this, 'worker-health', {
      port: 9090,
      path: '/livez',
      liveness: { initialDelaySeconds: 5 },
    });
    const probe = (timing: Required<ProbeTiming>) => kplus.Probe.fromHttpGet(probes.path, {
      port: probes.port,
      initialDelaySeconds: Duration.seconds(timing.initialDelaySeconds),
      periodSeconds: Duration.seconds(timing.periodSeconds),
      failureThreshold: timing.failureThreshold,
      timeoutSeconds: Duration.seconds(timing.timeoutSeconds),
    });
    new kplus.Deployment(this, 'worker', {
      metadata: { name: 'shop-worker' },
      containers: [{
        name: 'worker',
        image: 'ghcr.io/example/shop-worker:2.3.1',
        portNumber: probes.port,
        startup: probe(probes.timings.startup),
        liveness: probe(probes.timings.liveness),
        readiness: probe(probes.timings.readiness),
        envVariables: { API_URL: kplus.EnvValue.fromValue(api.url) },
        securityContext: { user: 10001, group: 10001 },
      }],
    });
  }
}

const app = new App();
new ShopChart(app, 'shop');
app.synth();
