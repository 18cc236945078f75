// The options of a real cluster (issue 13): each generic construct prop on its own, and each value of the
// todo-chatbot chart on and off, rendered by helm and by the plain synthesis alike, strictly valid and lint-clean.
import { createHash } from 'crypto';
import { Chart, Testing } from 'cdk8s';
import { ApiService, ApiServiceProps, AppSecrets, VolumeStorage } from '../lib';
import { checkValues, SECRET_KEYS, withValues } from '../lib/todo-chatbot';
import { expectValidManifests } from './support/k8s-schema';
import { renderedChart } from './support/rendered-chart';
import { comparable } from './support/synth';
import { deploymentOf, findObject, Manifest, synthPlainManifests } from './support/synth';

const chart = renderedChart();
afterAll(() => chart.dispose());

const SECRET_VALUES = { DATABASE_URL: 'postgresql://u:p@h/db', JWT_SECRET: 's3cret' };

/**
 * The objects for a values file, after checking that helm renders exactly what the plain synthesis writes,
 * that every object passes strict Kubernetes 1.28 validation and that `helm lint --strict` passes.
 */
function rendered(values: Record<string, any>): Manifest[] {
  const helmObjects = chart.template(values);
  const plain = synthPlainManifests(values);
  expect(comparable(helmObjects)).toEqual(comparable(plain));
  expectValidManifests(plain);
  expect(chart.lint(values)).toMatch(/0 chart\(s\) failed/);
  return plain;
}

const newChart = () => new Chart(Testing.app(), 'test');
const api = (props: Partial<ApiServiceProps> = {}, scope = newChart()) => new ApiService(scope, 'api', { image: 'api:1.2.3', ...props });

describe('rollouts', () => {
  describe('a checksum of the chart-created Secret rolls the pods that read it', () => {
    const sha256 = (data: Record<string, string>) => createHash('sha256')
      .update(Object.keys(data).sort().map((k) => `${k}=${data[k]}`).join('\n')).digest('hex');
    const allKeys = (values: Record<string, string>) => Object.fromEntries(SECRET_KEYS.map((k) => [k.name, values[k.name] ?? '']));

    test('on the backend pods, hashing exactly the Secret\'s data, equal on both paths', () => {
      const objects = rendered({ secrets: { create: true, values: SECRET_VALUES } });
      const annotations = deploymentOf(objects, 'backend').spec.template.metadata.annotations;
      expect(annotations['checksum/secret']).toBe(sha256(allKeys(SECRET_VALUES)));
      expect(findObject(objects, 'Secret', 'todo-chatbot-secrets').stringData).toEqual(allKeys(SECRET_VALUES));
      // The frontend reads no secret.
      expect(deploymentOf(objects, 'frontend').spec.template.metadata?.annotations?.['checksum/secret']).toBeUndefined();
    });

    test('a changed value changes it; without a chart-created Secret there is none', () => {
      const checksum = (values: Record<string, any>) => deploymentOf(rendered(values), 'backend').spec.template.metadata.annotations['checksum/secret'];
      const before = checksum({ secrets: { create: true, values: SECRET_VALUES } });
      const after = checksum({ secrets: { create: true, values: { ...SECRET_VALUES, OPENAI_API_KEY: 'sk-new' } } });
      expect(after).not.toBe(before);
      expect(after).toBe(sha256(allKeys({ ...SECRET_VALUES, OPENAI_API_KEY: 'sk-new' })));
      expect(checksum({})).toBeUndefined();
    });

    test('AppSecrets: a checksum only with values; a workload puts it on its pods, and podAnnotations cannot replace it', () => {
      const scope = newChart();
      expect(new AppSecrets(scope, 'none', { keys: [{ name: 'A' }] }).checksum).toBeUndefined();
      const secrets = new AppSecrets(scope, 's', { keys: [{ name: 'B' }, { name: 'A' }], values: { A: '1', B: '2' } });
      expect(secrets.checksum).toBe(sha256({ A: '1', B: '2' }));
      const workload = api({ secrets }, scope);
      expect(Testing.synth(Chart.of(workload)).find((o) => o.kind === 'Deployment').spec.template.metadata.annotations['checksum/secret'])
        .toBe(secrets.checksum);
      const other = newChart();
      expect(() => api({ secrets: new AppSecrets(other, 's', { keys: [{ name: 'A' }], values: { A: 'x' } }), podAnnotations: { 'checksum/secret': 'mine' } }, other))
        .toThrow("ApiService 'test/api': podAnnotations.checksum/secret is set by ApiService itself, got \"mine\"");
    });
  });

  describe('strategy.type per component', () => {
    test.each(['backend', 'frontend'])('%s: Recreate stops the old pods first and has no rolling update; the other keeps its own', (component) => {
      const objects = rendered({ [component]: { strategy: { type: 'Recreate' } } });
      expect(deploymentOf(objects, component).spec.strategy).toEqual({ type: 'Recreate' });
      const other = component === 'backend' ? 'frontend' : 'backend';
      expect(deploymentOf(objects, other).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    });

    test('RollingUpdate (the default) takes rollingUpdate\'s limits', () => {
      const objects = rendered({ backend: { strategy: { type: 'RollingUpdate' }, rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } });
      expect(deploymentOf(objects, 'backend').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    });

    test('the construct: Recreate, and rollingUpdate refused with it', () => {
      const deployment = (props: Partial<ApiServiceProps>) => Testing.synth(Chart.of(api(props))).find((o) => o.kind === 'Deployment');
      expect(deployment({ strategy: 'Recreate' }).spec.strategy).toEqual({ type: 'Recreate' });
      expect(() => api({ strategy: 'Recreate', rollingUpdate: { maxSurge: 1 } }))
        .toThrow("ApiService 'test/api': rollingUpdate must not be set with the Recreate strategy, got \"{\\\"maxSurge\\\":1}\"");
      expect(() => api({ strategy: 'Sometimes' as any })).toThrow("ApiService 'test/api': strategy must be one of \"RollingUpdate\", \"Recreate\", got \"Sometimes\"");
    });
  });

  describe('the uploads claim', () => {
    const claims = (objects: Manifest[]) => objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    const uploadsVolume = (objects: Manifest[]) => deploymentOf(objects, 'backend').spec.template.spec.volumes.find((v: any) => v.name === 'uploads');

    test('is kept on uninstall by default (helm.sh/resource-policy: keep), and persistence.keepOnUninstall=false lets Helm delete it', () => {
      const kept = claims(rendered({ persistence: { enabled: true } }));
      expect(kept).toHaveLength(1);
      expect(kept[0].metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
      const deleted = claims(rendered({ persistence: { enabled: true, keepOnUninstall: false } }));
      expect(deleted).toHaveLength(1);
      expect(deleted[0].metadata.annotations).toBeUndefined();
    });

    test('persistence.existingClaim is mounted and no claim is created', () => {
      const objects = rendered({ persistence: { enabled: true, existingClaim: 'team-uploads', storageClass: 'fast' } });
      expect(claims(objects)).toEqual([]);
      expect(uploadsVolume(objects)).toEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'team-uploads' } });
      expect(uploadsVolume(rendered({ persistence: { enabled: true } })))
        .toEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'todo-chatbot-backend-uploads' } });
    });

    test('existingClaim must be a DNS name, on both paths', () => {
      const values = { persistence: { enabled: true, existingClaim: 'Not_A_Name' } };
      const result = chart.run(['template', 'todo-chatbot'], values);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/persistence\.existingClaim/);
      expect(() => checkValues(withValues(values), 'test')).toThrow(/persistence\.existingClaim/);
    });

    test('the construct: claim annotations', () => {
      const objects = Testing.synth(Chart.of(api({ uploads: VolumeStorage.newClaim({ annotations: { 'example.com/backup': 'daily' } }) })));
      expect(objects.find((o) => o.kind === 'PersistentVolumeClaim').metadata.annotations).toEqual({ 'example.com/backup': 'daily' });
    });
  });
});
