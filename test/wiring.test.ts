import { wiringProblems } from './support/wiring';

const labels = { 'app.kubernetes.io/name': 'todo-chatbot', 'app.kubernetes.io/component': 'backend' };

/** A correct Deployment + Service + ConfigMap (+ Secret and PVC for the reference rules); tests break a clone. */
function fixture(): any[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'todo-chatbot-backend' },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels: { ...labels, extra: 'yes' } },
          spec: {
            containers: [{
              name: 'backend',
              image: 'todo-backend:1.0.0',
              ports: [{ name: 'http', containerPort: 8000 }, { containerPort: 9090 }],
              envFrom: [{ configMapRef: { name: 'todo-chatbot-config' } }, { secretRef: { name: 'todo-secrets' } }],
              env: [
                { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'todo-chatbot-config', key: 'LOG_LEVEL' } } },
                { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'todo-secrets', key: 'API_KEY' } } },
              ],
              startupProbe: { httpGet: { path: '/health', port: 'http' } },
              livenessProbe: { tcpSocket: { port: 8000 } },
              readinessProbe: { httpGet: { path: '/ready', port: 9090 } },
              volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'config', mountPath: '/etc/app' }],
            }],
            volumes: [
              { name: 'data', persistentVolumeClaim: { claimName: 'todo-data' } },
              { name: 'config', configMap: { name: 'todo-chatbot-config' } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'backend-service' },
      spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090 }] },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'todo-chatbot-config' }, data: { LOG_LEVEL: 'info' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'todo-secrets' }, stringData: { API_KEY: 'x' } },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'todo-data' }, spec: {} },
  ];
}

/** The fixture with `mutate` applied to its Deployment's container, Service, etc. */
function broken(mutate: (o: { deployment: any; container: any; pod: any; service: any; objs: any[] }) => void): any[] {
  const objs = JSON.parse(JSON.stringify(fixture())); // not structuredClone: it keeps the shared `labels` shared
  const deployment = objs[0];
  const pod = deployment.spec.template.spec;
  mutate({ deployment, pod, container: pod.containers[0], service: objs[1], objs });
  return objs;
}
const without = (kind: string) => (o: { objs: any[] }) => o.objs.splice(o.objs.findIndex((x) => x.kind === kind), 1);

test('the correct fixture has no problems', () => {
  expect(wiringProblems(fixture())).toEqual([]);
  // Deployment + Service + ConfigMap only, with the Secret created by the user and no volumes needing a PVC
  const minimal = broken(({ objs, pod, container }) => {
    objs.splice(3, 2);
    pod.volumes.shift();
    container.volumeMounts.shift();
  });
  expect(wiringProblems(minimal, { declaredSecrets: ['todo-secrets'] })).toEqual([]);
});

test('a Service selecting no Deployment', () => {
  const objs = broken(({ service }) => { service.spec.selector['app.kubernetes.io/component'] = 'frontend'; });
  expect(wiringProblems(objs)).toEqual([
    'Service/backend-service selects 0 Deployments (selector app.kubernetes.io/name=todo-chatbot,app.kubernetes.io/component=frontend)',
  ]);
});

test('a Service selecting two Deployments', () => {
  const objs = broken(({ objs, deployment }) => objs.push({ ...structuredClone(deployment), metadata: { name: 'copy' } }));
  expect(wiringProblems(objs)).toEqual([
    'Service/backend-service selects 2 Deployments (selector app.kubernetes.io/name=todo-chatbot,app.kubernetes.io/component=backend): Deployment/todo-chatbot-backend, Deployment/copy',
  ]);
});

test('a Service targetPort no container declares (by name, by number, and defaulted to port)', () => {
  const objs = broken(({ service }) => {
    service.spec.ports[0].targetPort = 'htp';
    service.spec.ports[1].port = 9091; // no targetPort: Kubernetes uses the port
    service.spec.ports.push({ name: 'x', port: 81, targetPort: 8001 });
  });
  expect(wiringProblems(objs)).toEqual([
    'Service/backend-service port http targets "htp", which no container of Deployment/todo-chatbot-backend declares',
    'Service/backend-service port metrics targets 9091, which no container of Deployment/todo-chatbot-backend declares',
    'Service/backend-service port x targets 8001, which no container of Deployment/todo-chatbot-backend declares',
  ]);
});

test('a Deployment selector that does not match its own pod template', () => {
  const objs = broken(({ deployment }) => { deployment.spec.selector.matchLabels.tier = 'api'; });
  expect(wiringProblems(objs)).toEqual([
    'Deployment/todo-chatbot-backend selector app.kubernetes.io/name=todo-chatbot,app.kubernetes.io/component=backend,tier=api does not match its pod template labels app.kubernetes.io/name=todo-chatbot,app.kubernetes.io/component=backend,extra=yes',
  ]);
});

test('probes on ports the container does not declare', () => {
  const objs = broken(({ container }) => {
    container.startupProbe.httpGet.port = 'health';
    container.livenessProbe.tcpSocket.port = 8001;
    container.readinessProbe.httpGet.port = '9090'; // a string is a port *name*
  });
  expect(wiringProblems(objs)).toEqual([
    'Deployment/todo-chatbot-backend container backend startupProbe port "health" is not a declared port of the container',
    'Deployment/todo-chatbot-backend container backend livenessProbe port 8001 is not a declared port of the container',
    'Deployment/todo-chatbot-backend container backend readinessProbe port "9090" is not a declared port of the container',
  ]);
});

test('references to a missing ConfigMap (envFrom, env key ref, volume)', () => {
  expect(wiringProblems(broken(without('ConfigMap')))).toEqual([
    'Deployment/todo-chatbot-backend volume config names missing ConfigMap/todo-chatbot-config',
    'Deployment/todo-chatbot-backend container backend envFrom names missing ConfigMap/todo-chatbot-config',
    'Deployment/todo-chatbot-backend container backend env LOG_LEVEL names missing ConfigMap/todo-chatbot-config',
  ]);
});

test('references to a missing Secret, unless the user declares it', () => {
  const objs = broken((o) => {
    without('Secret')(o);
    o.pod.volumes.push({ name: 'tls', secret: { secretName: 'todo-tls' } });
    o.pod.imagePullSecrets = [{ name: 'registry' }];
  });
  expect(wiringProblems(objs)).toEqual([
    'Deployment/todo-chatbot-backend imagePullSecrets names missing Secret/registry',
    'Deployment/todo-chatbot-backend volume tls names missing Secret/todo-tls',
    'Deployment/todo-chatbot-backend container backend envFrom names missing Secret/todo-secrets',
    'Deployment/todo-chatbot-backend container backend env API_KEY names missing Secret/todo-secrets',
  ]);
  expect(wiringProblems(objs, { declaredSecrets: ['todo-secrets', 'todo-tls', 'registry'] })).toEqual([]);
});

test('optional references may be missing', () => {
  const objs = broken((o) => {
    without('ConfigMap')(o);
    o.container.envFrom[0].configMapRef.optional = true;
    o.container.env[0].valueFrom.configMapKeyRef.optional = true;
    o.pod.volumes[1].configMap.optional = true;
  });
  expect(wiringProblems(objs)).toEqual([]);
});

test('a key reference to a key the ConfigMap or Secret does not have', () => {
  const objs = broken(({ container }) => {
    container.env[0].valueFrom.configMapKeyRef.key = 'LOGLEVEL';
    container.env[1].valueFrom.secretKeyRef.key = 'APIKEY';
  });
  expect(wiringProblems(objs)).toEqual([
    'Deployment/todo-chatbot-backend container backend env LOG_LEVEL names key "LOGLEVEL" missing from ConfigMap/todo-chatbot-config',
    'Deployment/todo-chatbot-backend container backend env API_KEY names key "APIKEY" missing from Secret/todo-secrets',
  ]);
});

test('a persistentVolumeClaim volume naming a missing PVC', () => {
  expect(wiringProblems(broken(without('PersistentVolumeClaim')))).toEqual([
    'Deployment/todo-chatbot-backend volume data names missing PersistentVolumeClaim/todo-data',
  ]);
});

test('a volumeMount naming no volume of the pod', () => {
  const objs = broken(({ container }) => { container.volumeMounts[0].name = 'dat'; });
  expect(wiringProblems(objs)).toEqual([
    'Deployment/todo-chatbot-backend container backend mounts "dat", which is not a volume of the pod',
  ]);
});

test('objects in another namespace do not satisfy references', () => {
  const objs = broken(({ objs }) => { objs[2].metadata.namespace = 'other'; });
  expect(wiringProblems(objs)).toHaveLength(3);
});
