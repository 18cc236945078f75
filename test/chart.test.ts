// The todo-chatbot chart beyond the seed's numbers: what a user expects of it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { SERVER_API_URL_ENV } from '../lib/todo-chatbot';
import { todoChatbotHelmChartFiles } from '../lib/todo-chatbot/helm';
import { writeHelmChart } from '../lib/helm/helm-chart';
import { helm } from './support/helm';
import { expectValidManifests } from './support/k8s-schema';
import { deploymentOf, findObject, Manifest, synthPlainManifests } from './support/synth';
import { wiringProblems } from './support/wiring';

const objects = synthPlainManifests();
const backend = deploymentOf(objects, 'backend');
const frontend = deploymentOf(objects, 'frontend');
const podSpecOf = (d: Manifest) => d.spec.template.spec;
const containerOf = (d: Manifest) => podSpecOf(d).containers[0];
const mountsOf = (d: Manifest) => Object.fromEntries(containerOf(d).volumeMounts.map((m: any) => [m.mountPath, m.name]));
const volumesOf = (d: Manifest) => Object.fromEntries(podSpecOf(d).volumes.map((v: any) => [v.name, v]));

test('the whole chart matches the snapshot', () => {
  expect(objects).toMatchSnapshot();
});

test('every object validates strictly against the Kubernetes 1.28 schema', () => {
  expect(() => expectValidManifests(objects)).not.toThrow();
});

test('Services, probes, ConfigMap and Secret references are wired to objects that exist or are declared', () => {
  expect(wiringProblems(objects, { declaredSecrets: ['todo-chatbot-secrets'] })).toEqual([]);
});

test('objects have stable, readable names without hash suffixes', () => {
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
    'ConfigMap/todo-chatbot-config',
    'Deployment/todo-chatbot-backend',
    'Deployment/todo-chatbot-frontend',
    'Service/backend-service',
    'Service/todo-chatbot-frontend',
  ]);
});

test('no Secret is synthesized: applying dist/ must never overwrite the real one', () => {
  expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
});

test('secrets.yaml.example has a placeholder for exactly the keys the backend reads, in the Secret it reads', () => {
  const { parse } = require('yaml');
  const { TodoChatbotChart } = require('../lib/todo-chatbot');
  const { Testing } = require('cdk8s');
  const example = parse(new TodoChatbotChart(Testing.app(), 'todo-chatbot').secrets.exampleManifest());
  const refs = containerOf(backend).env.filter((e: any) => e.valueFrom).map((e: any) => e.valueFrom.secretKeyRef);
  expect(Object.keys(example.stringData)).toEqual(refs.map((r: any) => r.key));
  expect(new Set(refs.map((r: any) => r.name))).toEqual(new Set([example.metadata.name]));
  expect(example.stringData.DATABASE_URL).toBe('CHANGE_ME');
  expect(example.stringData.GMAIL_APP_PASSWORD).toBe('');
});

describe.each([['backend', backend], ['frontend', frontend]])('%s', (component, deployment) => {
  test('carries the app.kubernetes.io labels, and selects on name, instance and component only', () => {
    const expected = {
      'app.kubernetes.io/name': 'todo-chatbot',
      'app.kubernetes.io/instance': 'todo-chatbot',
      'app.kubernetes.io/component': component,
      'app.kubernetes.io/part-of': 'todo-chatbot',
      'app.kubernetes.io/version': '1.0.0',
      'app.kubernetes.io/managed-by': 'cdk8s',
    };
    expect(deployment.metadata.labels).toEqual(expected);
    expect(deployment.spec.template.metadata.labels).toEqual(expected);
    const selector = {
      'app.kubernetes.io/name': 'todo-chatbot', 'app.kubernetes.io/instance': 'todo-chatbot', 'app.kubernetes.io/component': component,
    };
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.labels['app.kubernetes.io/component'] === component)!;
    expect(service.spec.selector).toEqual(selector);
  });

  test('runs under Pod Security "restricted" as the images\' numeric user 1001', () => {
    expect(podSpecOf(deployment).securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(containerOf(deployment).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 1001,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('mounts no service-account token', () => {
    expect(podSpecOf(deployment).automountServiceAccountToken).toBe(false);
  });

  test('uses the fixed 1.0.0 image with imagePullPolicy IfNotPresent, so images built into minikube are used', () => {
    expect(containerOf(deployment).image).toBe(`todo-${component}:1.0.0`);
    expect(containerOf(deployment).imagePullPolicy).toBe('IfNotPresent');
  });

  test('gets an emptyDir at /tmp under its read-only root filesystem', () => {
    expect(mountsOf(deployment)['/tmp']).toBe('tmp');
    expect(volumesOf(deployment).tmp).toEqual({ name: 'tmp', emptyDir: {} });
  });
});

describe('backend', () => {
  test('writes uploads to an emptyDir at /app/uploads when persistence is off', () => {
    expect(mountsOf(backend)['/app/uploads']).toBe('uploads');
    expect(volumesOf(backend).uploads).toEqual({ name: 'uploads', emptyDir: {} });
  });

  test('marks the seven feature keys optional so a missing one does not block the pod; the two it needs are required', () => {
    const refs = containerOf(backend).env.filter((e: any) => e.valueFrom).map((e: any) => e.valueFrom.secretKeyRef);
    const optional = refs.filter((r: any) => r.optional).map((r: any) => r.key);
    const required = refs.filter((r: any) => !r.optional).map((r: any) => r.key);
    expect(required).toEqual(['DATABASE_URL', 'JWT_SECRET']);
    expect(optional).toHaveLength(7);
  });

  test('its pods carry a checksum of the config, which changes when a config value changes', () => {
    const checksum = (o: Manifest[]) => deploymentOf(o, 'backend').spec.template.metadata.annotations['checksum/config'];
    expect(checksum(objects)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(synthPlainManifests({ config: { logLevel: 'DEBUG' } }))).not.toBe(checksum(objects));
    expect(checksum(synthPlainManifests({ config: { logLevel: 'INFO' } }))).toBe(checksum(objects));
  });
});

describe('frontend', () => {
  const env = Object.fromEntries(containerOf(frontend).env.map((e: any) => [e.name, e.value]));

  test('binds the Next.js server to 0.0.0.0 on its port (Kubernetes sets HOSTNAME to the pod name)', () => {
    expect(env.HOSTNAME).toBe('0.0.0.0');
    expect(env.PORT).toBe('3000');
  });

  test('gets writable emptyDirs at /app/.next/cache and /tmp only', () => {
    expect(mountsOf(frontend)).toEqual({ '/app/.next/cache': 'app-next-cache', '/tmp': 'tmp' });
  });

  test('derives NEXT_PUBLIC_API_URL from the backend Service, so renaming the Service moves the URL', () => {
    const renamed = synthPlainManifests({ backend: { service: { name: 'api', port: 9000 } } });
    const renamedEnv = containerOf(deploymentOf(renamed, 'frontend')).env;
    expect(renamedEnv.find((e: any) => e.name === 'NEXT_PUBLIC_API_URL').value).toBe('http://api:9000');
    expect(findObject(renamed, 'Service', 'api').spec.ports[0].port).toBe(9000);
  });

  test('gives server code the same URL under API_URL, a name no `next build` inlines, in plain and Helm output', () => {
    expect(SERVER_API_URL_ENV).toBe('API_URL');
    expect(SERVER_API_URL_ENV.startsWith('NEXT_PUBLIC_')).toBe(false);
    expect(env.API_URL).toBe('http://backend-service:8000');
    expect(env.API_URL).toBe(env.NEXT_PUBLIC_API_URL);
    const renamed = { backend: { service: { name: 'api', port: 9000 } } };
    const urlsOf = (objs: Manifest[]) => containerOf(deploymentOf(objs, 'frontend')).env
      .filter((e: any) => e.name.endsWith('API_URL')).map((e: any) => `${e.name}=${e.value}`).sort();
    expect(urlsOf(synthPlainManifests(renamed))).toEqual(['API_URL=http://api:9000', 'NEXT_PUBLIC_API_URL=http://api:9000']);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-api-url-'));
    try {
      writeHelmChart(work, todoChatbotHelmChartFiles());
      const rendered = parseAllDocuments(helm(['template', 'todo-chatbot', work, '--set', 'backend.service.name=api', '--set', 'backend.service.port=9000']))
        .map((d) => d.toJS()).filter((o) => o !== null);
      expect(urlsOf(rendered)).toEqual(['API_URL=http://api:9000', 'NEXT_PUBLIC_API_URL=http://api:9000']);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test('has no Secret or ConfigMap access', () => {
    expect(containerOf(frontend).envFrom).toBeUndefined();
    expect(containerOf(frontend).env.filter((e: any) => e.valueFrom)).toEqual([]);
  });
});

describe('persistence (seed section 4)', () => {
  test('pvc: a 5Gi ReadWriteOnce claim mounted at /app/uploads', () => {
    const withPvc = synthPlainManifests({ persistence: { enabled: true } });
    const claim = findObject(withPvc, 'PersistentVolumeClaim', 'todo-chatbot-backend-uploads');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } });
    expect(volumesOf(deploymentOf(withPvc, 'backend')).uploads)
      .toEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'todo-chatbot-backend-uploads' } });
    expect(() => expectValidManifests(withPvc)).not.toThrow();
    expect(wiringProblems(withPvc, { declaredSecrets: ['todo-chatbot-secrets'] })).toEqual([]);
  });

  test('hostPath: /mnt/data/uploads, created if missing, and no claim', () => {
    const withHostPath = synthPlainManifests({ persistence: { enabled: true, type: 'hostPath' } });
    expect(volumesOf(deploymentOf(withHostPath, 'backend')).uploads)
      .toEqual({ name: 'uploads', hostPath: { path: '/mnt/data/uploads', type: 'DirectoryOrCreate' } });
    expect(withHostPath.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  test('a storageClass is set on the claim only when given', () => {
    const claim = findObject(synthPlainManifests({ persistence: { enabled: true, storageClass: 'standard' } }),
      'PersistentVolumeClaim', 'todo-chatbot-backend-uploads');
    expect(claim.spec.storageClassName).toBe('standard');
  });
});
