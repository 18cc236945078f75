// imports/k8s-pod-items.ts is generated from the committed Kubernetes schema (scripts/k8s-pod-items.ts): it must be
// what the script writes now, and as strict as the API server (a field it does not know is refused).
import * as fs from 'fs';
import Ajv from 'ajv';
import { K8S_POD_ITEM_DEFINITIONS } from '../imports/k8s-pod-items';
import { podItemsModule, TARGET } from '../scripts/k8s-pod-items';

test('imports/k8s-pod-items.ts is up to date (npm run import:pod-items)', () => {
  expect(fs.readFileSync(TARGET, 'utf-8')).toBe(podItemsModule());
});

describe('the definitions accept what Kubernetes accepts and refuse what it refuses', () => {
  const validate = (kind: string, item: unknown) => new Ajv({ strict: false })
    .compile({ $ref: `#/definitions/io.k8s.api.core.v1.${kind}`, definitions: K8S_POD_ITEM_DEFINITIONS })(item);
  test.each<[string, unknown, boolean]>([
    ['EnvVar', { name: 'A', value: 'b' }, true],
    ['EnvVar', { name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }, true],
    ['EnvVar', { name: 'A', valu: 'b' }, false],
    ['EnvVar', { value: 'b' }, false],
    ['EnvFromSource', { configMapRef: { name: 'c' }, prefix: 'P_' }, true],
    ['EnvFromSource', { configMap: { name: 'c' } }, false],
    ['Volume', { name: 'v', emptyDir: { sizeLimit: '1Gi' } }, true],
    ['Volume', { name: 'v', emptyDir: { sizeLimit: 1024 } }, true],
    ['Volume', { name: 'v', secret: { secretName: 's', defaultMode: 288 } }, true],
    ['Volume', { name: 'v', secret: { secretName: 's', mode: 288 } }, false],
    ['Volume', { name: 'v', emptyDir: { sizeLimit: true } }, false],
    ['VolumeMount', { name: 'v', mountPath: '/x', readOnly: true }, true],
    ['VolumeMount', { name: 'v', path: '/x' }, false],
  ])('%s %j: %s', (kind, item, valid) => expect(validate(kind, item)).toBe(valid));
});
