// The research document's decisions, each pinned outside the snapshot (seed sections 2, 3, 7).
import { deploymentOf, findObject, synthPlainManifests } from './support/synth';

const objects = synthPlainManifests();
const backend = deploymentOf(objects, 'backend');
const frontend = deploymentOf(objects, 'frontend');
const containerOf = (deployment: any) => deployment.spec.template.spec.containers[0];
const envOf = (deployment: any) => Object.fromEntries(containerOf(deployment).env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));

describe('backend (seed section 2)', () => {
  const container = containerOf(backend);

  test('requests 250m CPU and 256Mi memory', () => {
    expect(container.resources.requests).toEqual({ cpu: '250m', memory: '256Mi' });
  });

  test('is limited to 500m CPU and 512Mi memory', () => {
    expect(container.resources.limits).toEqual({ cpu: '500m', memory: '512Mi' });
  });

  test('startup probe: GET /api/health on 8000, delay 0 s, period 10 s, 6 failures (60 s cold start)', () => {
    expect(container.startupProbe).toMatchObject({
      httpGet: { path: '/api/health', port: 8000 }, initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 6,
    });
  });

  test('liveness probe: GET /api/health on 8000, delay 30 s, period 10 s, 3 failures', () => {
    expect(container.livenessProbe).toMatchObject({
      httpGet: { path: '/api/health', port: 8000 }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3,
    });
  });

  test('readiness probe: GET /api/health on 8000, delay 10 s, period 5 s, 2 failures', () => {
    expect(container.readinessProbe).toMatchObject({
      httpGet: { path: '/api/health', port: 8000 }, initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 2,
    });
  });

  test('listens on container port 8000', () => {
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
  });

  test('is exposed by the ClusterIP Service backend-service on port 8000', () => {
    const service = findObject(objects, 'Service', 'backend-service');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP' }]);
  });
});

describe('frontend (seed section 2)', () => {
  const container = containerOf(frontend);

  test('requests 500m CPU and 512Mi memory', () => {
    expect(container.resources.requests).toEqual({ cpu: '500m', memory: '512Mi' });
  });

  test('is limited to 1000m CPU and 1Gi memory', () => {
    expect(container.resources.limits).toEqual({ cpu: '1000m', memory: '1Gi' });
  });

  test('startup probe: GET /api/health on 3000, delay 0 s, period 5 s, 6 failures', () => {
    expect(container.startupProbe).toMatchObject({
      httpGet: { path: '/api/health', port: 3000 }, initialDelaySeconds: 0, periodSeconds: 5, failureThreshold: 6,
    });
  });

  test('liveness probe: GET /api/health on 3000, delay 20 s, period 10 s, 3 failures', () => {
    expect(container.livenessProbe).toMatchObject({
      httpGet: { path: '/api/health', port: 3000 }, initialDelaySeconds: 20, periodSeconds: 10, failureThreshold: 3,
    });
  });

  test('readiness probe: GET /api/health on 3000, delay 10 s, period 5 s, 2 failures', () => {
    expect(container.readinessProbe).toMatchObject({
      httpGet: { path: '/api/health', port: 3000 }, initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 2,
    });
  });

  test('listens on container port 3000', () => {
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
  });

  test('is exposed by a NodePort Service on port 3000, nodePort 30000 (seed section 3)', () => {
    const service = findObject(objects, 'Service', 'todo-chatbot-frontend');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 3000, nodePort: 30000, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('reaches the backend at NEXT_PUBLIC_API_URL=http://backend-service:8000 (seed section 3)', () => {
    expect(envOf(frontend).NEXT_PUBLIC_API_URL).toBe('http://backend-service:8000');
    // The same URL for server code under a name `next build` cannot inline (see chart.ts, SERVER_API_URL_ENV).
    expect(envOf(frontend).API_URL).toBe('http://backend-service:8000');
  });
});

describe.each([['backend', backend], ['frontend', frontend]])('%s rollout (seed section 2)', (_name, deployment) => {
  test('runs 1 replica by default', () => {
    expect(deployment.spec.replicas).toBe(1);
  });

  test('rolls out with maxSurge 1 and maxUnavailable 0', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });
});

describe('configuration (seed sections 3 and 7)', () => {
  const configMap = findObject(objects, 'ConfigMap', 'todo-chatbot-config');

  test('the ConfigMap holds exactly the six non-secret keys', () => {
    expect(Object.keys(configMap.data).sort()).toEqual(
      ['CORS_ORIGINS', 'ENVIRONMENT', 'FRONTEND_URL', 'LOG_LEVEL', 'MCP_SERVER_NAME', 'MCP_SERVER_PORT']);
  });

  test('CORS_ORIGINS allows the NodePort origin http://localhost:30000', () => {
    expect(configMap.data.CORS_ORIGINS).toBe('http://localhost:30000');
  });

  test('the backend reads the ConfigMap', () => {
    expect(containerOf(backend).envFrom).toEqual([{ configMapRef: { name: 'todo-chatbot-config' } }]);
  });

  test('the backend reads the nine secret keys from the Secret, never as literal values', () => {
    const secretEnv = containerOf(backend).env.filter((e: any) => e.valueFrom?.secretKeyRef);
    expect(secretEnv.map((e: any) => e.name)).toEqual([
      'DATABASE_URL', 'JWT_SECRET', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'CLOUDINARY_CLOUD_NAME',
      'CLOUDINARY_API_KEY', 'CLOUDINARY_API_SECRET', 'GMAIL_EMAIL', 'GMAIL_APP_PASSWORD']);
    for (const e of secretEnv) {
      expect(e.valueFrom.secretKeyRef).toMatchObject({ name: 'todo-chatbot-secrets', key: e.name });
    }
    expect(containerOf(backend).env.filter((e: any) => 'value' in e)).toEqual([]);
  });
});
