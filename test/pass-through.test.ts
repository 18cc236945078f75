// Pass-through values merged into what the chart already has (issue 13): commonLabels on every object, podLabels and
// podAnnotations per component. Each on and off, rendered by helm and by the plain synthesis alike, strictly valid and
// lint-clean; what would replace one of the chart's own labels or annotations is refused on both paths with one message.
import { parse } from 'yaml';
import { k8s } from '../lib';
import { literalNode } from '../lib/helm/derivation';
import { helmMergedList, helmMergedMap } from '../lib/helm/placeholders';
import { renderTemplate } from '../lib/helm/yaml-template';
import { checkValues, withValues } from '../lib/todo-chatbot';
import { CHART_LABEL_KEYS, CHART_POD_ANNOTATIONS } from '../lib/todo-chatbot/value-rules';
import { VALUE_FORMATS } from '../lib/todo-chatbot/values';
import { renderedChart, SECRET_VALUES } from './support/rendered-chart';
import { apiService, deploymentOf, deploymentPodSpec, Manifest, synthOf, synthPlainManifests } from './support/synth';

const chart = renderedChart();
afterAll(() => chart.dispose());

/** Every label selector of the objects: the Deployments', Services', PodDisruptionBudgets' and NetworkPolicies'. */
function selectors(objects: Manifest[]): Array<Record<string, string>> {
  return objects.flatMap((o) => [
    o.spec?.selector?.matchLabels, o.kind === 'Service' ? o.spec.selector : undefined, o.spec?.podSelector?.matchLabels,
    ...(o.spec?.ingress ?? []).flatMap((rule: any) => (rule.from ?? []).map((peer: any) => peer.podSelector?.matchLabels)),
    ...(o.spec?.egress ?? []).flatMap((rule: any) => (rule.to ?? []).map((peer: any) => peer.podSelector?.matchLabels)),
  ]).filter((s) => s !== undefined);
}

/** Every object the chart can create, at once (the helm test pod comes from `chart.template` only). */
const EVERYTHING = {
  serviceAccount: { create: true },
  secrets: { create: true, values: SECRET_VALUES },
  persistence: { enabled: true },
  ingress: { enabled: true },
  networkPolicy: { enabled: true, defaultDeny: true },
  backend: { podDisruptionBudget: { enabled: true }, autoscaling: { enabled: true } },
  frontend: { podDisruptionBudget: { enabled: true }, autoscaling: { enabled: true } },
};

describe('off by default', () => {
  const objects = synthPlainManifests();

  test('no label but the chart\'s own on any object or pod', () => {
    for (const o of objects) {
      expect(Object.keys(o.metadata.labels).filter((k) => !CHART_LABEL_KEYS.includes(k))).toEqual([]);
      expect(Object.keys(o.spec?.template?.metadata?.labels ?? {}).filter((k) => !CHART_LABEL_KEYS.includes(k))).toEqual([]);
    }
  });

  test('the backend pods carry only the config checksum; the frontend pods no annotations at all', () => {
    expect(deploymentOf(objects, 'backend').spec.template.metadata.annotations).toEqual({ 'checksum/config': expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(deploymentOf(objects, 'frontend').spec.template.metadata).not.toHaveProperty('annotations');
  });

  test('the template adds the values where the chart\'s own are, with `with` (empty adds nothing)', () => {
    const template = chart.file('templates/backend-deployment.yaml');
    expect(template).toContain([
      '        app.kubernetes.io/component: backend',
      '        {{- with .Values.commonLabels }}',
      '        {{- toYaml . | nindent 8 }}',
      '        {{- end }}',
      '        {{- with .Values.backend.podLabels }}',
      '        {{- toYaml . | nindent 8 }}',
      '        {{- end }}',
    ].join('\n'));
  });
});

describe('commonLabels', () => {
  const commonLabels = { team: 'todo', 'example.com/cost-center': 'cc-42' };

  test('on every object and pod the chart creates, helm test\'s pod included; never in a selector', () => {
    const objects = chart.rendered({ ...EVERYTHING, commonLabels });
    const kinds = new Set(objects.map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'NetworkPolicy', 'PersistentVolumeClaim',
      'PodDisruptionBudget', 'Secret', 'Service', 'ServiceAccount']);
    for (const o of objects) expect([o.kind, o.metadata.labels]).toEqual([o.kind, expect.objectContaining(commonLabels)]);
    for (const component of ['backend', 'frontend']) expect(deploymentOf(objects, component).spec.template.metadata.labels).toEqual(expect.objectContaining(commonLabels));
    const testPod = chart.template({ ...EVERYTHING, commonLabels }).find((o) => o.kind === 'Pod');
    expect(testPod?.metadata.labels).toEqual(expect.objectContaining(commonLabels));
    const all = selectors(objects);
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const selector of all) expect(Object.keys(selector).filter((k) => k in commonLabels)).toEqual([]);
  });
});

describe('podLabels and podAnnotations per component', () => {
  const values = {
    commonLabels: { team: 'todo' },
    secrets: { create: true, values: SECRET_VALUES },
    backend: { podLabels: { 'sidecar.istio.io/inject': 'false' }, podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8000' } },
    frontend: { podAnnotations: { 'example.com/note': 'text: with "quotes", {{ braces }} and 100%' } },
  };

  test('merged with the chart\'s own on the pods only: the checksums stay, the selector and the Deployment\'s labels do not change', () => {
    const objects = chart.rendered(values);
    const backend = deploymentOf(objects, 'backend');
    const frontend = deploymentOf(objects, 'frontend');
    expect(backend.spec.template.metadata.labels).toEqual({ ...backend.spec.selector.matchLabels, ...backend.metadata.labels, 'sidecar.istio.io/inject': 'false' });
    expect(backend.metadata.labels).not.toHaveProperty('sidecar.istio.io/inject');
    expect(backend.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'todo-chatbot', 'app.kubernetes.io/instance': 'todo-chatbot', 'app.kubernetes.io/component': 'backend' });
    expect(backend.spec.template.metadata.annotations).toEqual({
      'checksum/config': expect.stringMatching(/^[0-9a-f]{64}$/), 'checksum/secret': expect.stringMatching(/^[0-9a-f]{64}$/),
      'prometheus.io/scrape': 'true', 'prometheus.io/port': '8000',
    });
    expect(frontend.spec.template.metadata.annotations).toEqual(values.frontend.podAnnotations);
    expect(frontend.spec.template.metadata.labels).not.toHaveProperty('sidecar.istio.io/inject');
    expect(frontend.spec.template.metadata.labels.team).toBe('todo');
  });

  test('another component\'s values do not reach these pods', () => {
    const objects = chart.rendered({ frontend: { podLabels: { tier: 'web' }, podAnnotations: { a: 'b' } } });
    expect(deploymentOf(objects, 'backend').spec.template.metadata.labels).not.toHaveProperty('tier');
    expect(Object.keys(deploymentOf(objects, 'backend').spec.template.metadata.annotations)).toEqual(['checksum/config']);
  });
});

describe('what would replace the chart\'s own labels or annotations, or that Kubernetes refuses, is refused on both paths with one message', () => {
  const chartLabels = CHART_LABEL_KEYS.join(', ');
  const keyWords = VALUE_FORMATS.labelKey.words.replace(/^a label key /, '');
  const valueWords = `must be ${VALUE_FORMATS.labelValue.words}`;
  test.each<[string, Record<string, any>, string]>([
    ['a pod label that would change the selector', { backend: { podLabels: { 'app.kubernetes.io/component': 'frontend' } } },
      `backend.podLabels.app.kubernetes.io/component is a label the chart sets itself (${chartLabels}), which selects or describes the release's objects`],
    ['a common label that would rename the app', { commonLabels: { 'app.kubernetes.io/name': 'other' } },
      `commonLabels.app.kubernetes.io/name is a label the chart sets itself (${chartLabels}), which selects or describes the release's objects`],
    ['Helm\'s own chart label', { commonLabels: { 'helm.sh/chart': 'x' } },
      `commonLabels.helm.sh/chart is a label the chart sets itself (${chartLabels}), which selects or describes the release's objects`],
    ['a pod label that commonLabels sets too', { commonLabels: { team: 'a' }, frontend: { podLabels: { team: 'b' } } },
      'frontend.podLabels.team is set in commonLabels too: set it in one of them'],
    ['the config checksum as a pod annotation', { backend: { podAnnotations: { 'checksum/config': 'mine' } } },
      `backend.podAnnotations.checksum/config is the chart's own annotation (${CHART_POD_ANNOTATIONS.join(', ')}), which rolls the pods when the config or the chart-created Secret changes`],
    ['the Secret checksum as a pod annotation', { frontend: { podAnnotations: { 'checksum/secret': 'mine' } } },
      `frontend.podAnnotations.checksum/secret is the chart's own annotation (${CHART_POD_ANNOTATIONS.join(', ')}), which rolls the pods when the config or the chart-created Secret changes`],
    ['a label key with a space', { commonLabels: { 'cost center': 'a' } }, `commonLabels keys must be a label key ${keyWords}, got "cost center"`],
    ['an annotation key with an upper-case prefix', { backend: { podAnnotations: { 'Example.com/x': 'a' } } },
      `backend.podAnnotations keys must be an annotation key ${keyWords}, got "Example.com/x"`],
    ['a label value with a space', { frontend: { podLabels: { tier: 'web app' } } }, `frontend.podLabels.tier ${valueWords}, got "web app"`],
    ['a label value of 64 characters', { commonLabels: { team: 'a'.repeat(64) } }, `commonLabels.team ${valueWords}, got "${'a'.repeat(64)}"`],
    ['a key that looks like a template', { commonLabels: { '{{ .Release.Name }}': 'x' } },
      `commonLabels keys must be a label key ${keyWords}, got "{{ .Release.Name }}"`],
  ])('%s', (_name, values, message) => {
    const helm = chart.run(['template', 'todo-chatbot'], values);
    expect(helm.status).not.toBe(0);
    expect(helm.stderr).toContain(`invalid values:\n  - ${message}\n`);
    expect(() => checkValues(withValues(values), 'test')).toThrow(`invalid values in test:\n  - ${message}`);
  });

  test('the problems of several keys come in the same order on both paths (sorted, as Go ranges over a map)', () => {
    const values = { commonLabels: { zeta: 'bad value', 'app.kubernetes.io/version': '2', alpha: 'also bad' } };
    const plain = (() => {
      try {
        checkValues(withValues(values), 'test');
        return '';
      } catch (e) {
        return (e as Error).message.split('\n').slice(1).join('\n');
      }
    })();
    expect(plain.split('\n').map((l) => l.split(' ')[3])).toEqual(['commonLabels.alpha', 'commonLabels.app.kubernetes.io/version', 'commonLabels.zeta']);
    expect(chart.run(['template', 'todo-chatbot'], values).stderr).toContain(`invalid values:\n${plain}\n`);
  });
});

describe('the template writer merges values into mappings and lists', () => {
  test('a merged mapping: its entries after the literal ones, with `with`; a merged list: its items after the others', () => {
    const object = {
      kind: 'X',
      metadata: { labels: { a: 'b', ...helmMergedMap('.Values.extra') } },
      items: [{ name: 'one' }, ...helmMergedList('.Values.more')],
    };
    const text = renderTemplate(literalNode(object));
    expect(text).toBe([
      'kind: X',
      'metadata:',
      '  labels:',
      '    a: b',
      '    {{- with .Values.extra }}',
      '    {{- toYaml . | nindent 4 }}',
      '    {{- end }}',
      'items:',
      '  - name: one',
      '  {{- with .Values.more }}',
      '  {{- toYaml . | nindent 2 }}',
      '  {{- end }}',
      '',
    ].join('\n'));
    // Without Go templates, the literal parts are what they were.
    expect(parse(text.split('\n').filter((l) => !l.includes('{{')).join('\n'))).toEqual({ kind: 'X', metadata: { labels: { a: 'b' } }, items: [{ name: 'one' }] });
  });

  test('a mapping that holds only merged entries is `{}` when they are empty, not null', () => {
    const text = renderTemplate(literalNode({ kind: 'X', data: { ...helmMergedMap('.Values.extra') } }));
    expect(text).toContain('data:{{ if not (.Values.extra) }} {}{{ end }}');
  });
});

describe('extraEnv, extraEnvFrom, extraVolumes and extraVolumeMounts per component', () => {
  const backendExtras = {
    extraEnv: [
      { name: 'TZ', value: 'Europe/Berlin' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password', optional: true } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ],
    extraEnvFrom: [{ secretRef: { name: 'todo-extra' }, prefix: 'EXTRA_' }],
    extraVolumes: [
      { name: 'extra-config', configMap: { name: 'todo-extra-config', defaultMode: 0o440 } },
      { name: 'scratch', emptyDir: { sizeLimit: '64Mi' } },
    ],
    extraVolumeMounts: [
      { name: 'extra-config', mountPath: '/etc/todo', readOnly: true },
      { name: 'scratch', mountPath: '/var/scratch' },
      { name: 'tmp', mountPath: '/home/app/.cache', subPath: 'cache' },
    ],
  };

  test('appended after the chart\'s own items, as given (a quantity such as emptyDir.sizeLimit included); the other component gets none', () => {
    const objects = chart.rendered({ backend: backendExtras, frontend: { extraEnvFrom: [{ configMapRef: { name: 'web-extra' } }] } });
    const backend = deploymentOf(objects, 'backend').spec.template.spec;
    const container = backend.containers[0];
    expect(container.env.slice(-3)).toEqual(backendExtras.extraEnv);
    expect(container.env.slice(0, -3).map((e: any) => e.name)).toEqual(['DATABASE_URL', 'JWT_SECRET', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'CLOUDINARY_CLOUD_NAME',
      'CLOUDINARY_API_KEY', 'CLOUDINARY_API_SECRET', 'GMAIL_EMAIL', 'GMAIL_APP_PASSWORD']);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'todo-chatbot-config' } }, ...backendExtras.extraEnvFrom]);
    expect(backend.volumes.slice(-2)).toEqual(backendExtras.extraVolumes);
    expect(container.volumeMounts.slice(-3)).toEqual(backendExtras.extraVolumeMounts);
    expect(container.volumeMounts.slice(0, -3).map((m: any) => m.mountPath)).toEqual(['/tmp', '/app/uploads']);
    const frontend = deploymentOf(objects, 'frontend').spec.template.spec;
    expect(frontend.containers[0].envFrom).toEqual([{ configMapRef: { name: 'web-extra' } }]);
    expect(frontend.containers[0].env.map((e: any) => e.name)).toEqual(['API_URL', 'HOSTNAME', 'PORT', 'NEXT_PUBLIC_API_URL']);
    expect(frontend.volumes.map((v: any) => v.name)).toEqual(['app-next-cache', 'tmp']);
  });

  test('off: the chart\'s own items only, and no envFrom on the frontend', () => {
    const objects = synthPlainManifests();
    expect(deploymentOf(objects, 'frontend').spec.template.spec.containers[0]).not.toHaveProperty('envFrom');
    expect(deploymentOf(objects, 'backend').spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'todo-chatbot-config' } }]);
    expect(chart.file('templates/backend-deployment.yaml')).toContain('            {{- with .Values.backend.extraEnv }}\n            {{- toYaml . | nindent 12 }}\n            {{- end }}');
  });

  const chartEnv = {
    backend: 'CORS_ORIGINS, ENVIRONMENT, FRONTEND_URL, LOG_LEVEL, MCP_SERVER_NAME, MCP_SERVER_PORT, DATABASE_URL, JWT_SECRET, OPENAI_API_KEY, GEMINI_API_KEY, '
      + 'CLOUDINARY_CLOUD_NAME, CLOUDINARY_API_KEY, CLOUDINARY_API_SECRET, GMAIL_EMAIL, GMAIL_APP_PASSWORD',
    frontend: 'API_URL, HOSTNAME, PORT, NEXT_PUBLIC_API_URL',
  };
  const TWO = 'the container would see only one of the two values';
  test.each<[string, Record<string, any>, string[]]>([
    ['a variable of the ConfigMap', { backend: { extraEnv: [{ name: 'LOG_LEVEL', value: 'DEBUG' }] } },
      [`backend.extraEnv[0].name "LOG_LEVEL" is a variable the chart sets itself (${chartEnv.backend}): ${TWO}`]],
    ['a secret key', { backend: { extraEnv: [{ name: 'TZ', value: 'UTC' }, { name: 'DATABASE_URL', value: 'postgresql://elsewhere' }] } },
      [`backend.extraEnv[1].name "DATABASE_URL" is a variable the chart sets itself (${chartEnv.backend}): ${TWO}`]],
    ['the frontend\'s HOSTNAME (Next.js must bind 0.0.0.0)', { frontend: { extraEnv: [{ name: 'HOSTNAME', value: 'localhost' }] } },
      [`frontend.extraEnv[0].name "HOSTNAME" is a variable the chart sets itself (${chartEnv.frontend}): ${TWO}`]],
    ['one variable twice', { frontend: { extraEnv: [{ name: 'TZ', value: 'UTC' }, { name: 'A', value: '1' }, { name: 'TZ', value: 'CET' }] } },
      [`frontend.extraEnv[2].name "TZ" is set by frontend.extraEnv[0] too: ${TWO}`]],
    ['a variable name Kubernetes refuses', { backend: { extraEnv: [{ name: '1X', value: 'y' }] } },
      ['backend.extraEnv[0].name must be an environment variable name (letters, digits and "_", not starting with a digit), got "1X"']],
    ['a volume named like the chart\'s', { backend: { extraVolumes: [{ name: 'uploads', emptyDir: {} }] } },
      ['backend.extraVolumes[0].name "uploads" is already the name of a volume of the backend pods (tmp, uploads)']],
    ['a volume name that is no DNS label', { frontend: { extraVolumes: [{ name: 'My_Volume', emptyDir: {} }] } },
      ['frontend.extraVolumes[0].name must be a DNS label (lower-case letters, digits and "-", at most 63 characters), got "My_Volume"']],
    ['a mount at the uploads path', { backend: { uploadsPath: '/data/uploads', extraVolumeMounts: [{ name: 'tmp', mountPath: '/data/uploads' }] } },
      ['backend.extraVolumeMounts[0].mountPath "/data/uploads" is already a mount path of the backend container (/tmp, /data/uploads): Kubernetes refuses two volumes at one path']],
    ['a mount at the Next.js cache, twice, of a volume the pod does not have', { frontend: { extraVolumeMounts: [
      { name: 'cache', mountPath: '/app/.next/cache' }, { name: 'tmp', mountPath: '/srv' }, { name: 'tmp', mountPath: '/srv' }] } },
    ['frontend.extraVolumeMounts[0].mountPath "/app/.next/cache" is already a mount path of the frontend container (/app/.next/cache, /tmp): Kubernetes refuses two volumes at one path',
      'frontend.extraVolumeMounts[0].name "cache" names no volume of the frontend pods (app-next-cache, tmp)',
      'frontend.extraVolumeMounts[2].mountPath "/srv" is already a mount path of the frontend container (/app/.next/cache, /tmp, /app/.next/cache, /srv): Kubernetes refuses two volumes at one path']],
    ['a relative mount path', { backend: { extraVolumes: [{ name: 'x', emptyDir: {} }], extraVolumeMounts: [{ name: 'x', mountPath: 'data' }] } },
      ['backend.extraVolumeMounts[0].mountPath must be an absolute path, got "data"']],
  ])('refused on both paths with one message: %s', (_name, values, messages) => {
    const list = messages.map((m) => `  - ${m}`).join('\n');
    const helm = chart.run(['template', 'todo-chatbot'], values);
    expect(helm.status).not.toBe(0);
    expect(helm.stderr).toContain(`invalid values:\n${list}\n`);
    expect(() => checkValues(withValues(values), 'test')).toThrow(`invalid values in test:\n${list}`);
  });

  test('a field Kubernetes does not know, or a missing name, is refused by values.schema.json on both paths', () => {
    const values = { backend: { extraEnv: [{ name: 'TZ', valu: 'UTC' }], extraVolumes: [{ emptyDir: {} }] } };
    const helm = chart.run(['template', 'todo-chatbot'], values);
    expect(helm.stderr).toContain('- backend.extraEnv.0: Additional property valu is not allowed');
    expect(helm.stderr).toContain('- backend.extraVolumes.0: name is required');
    expect(() => checkValues(withValues(values), 'test')).toThrow([
      'invalid values in test:',
      '  - backend.extraEnv[0].valu is not a field Kubernetes knows there (did you mean "value"?)',
      '  - backend.extraVolumes[0].name is missing',
    ].join('\n'));
  });
});

describe('the constructs: extraEnv, extraEnvFrom, extraVolumes, extraVolumeMounts', () => {
  test('appended as given (typed quantities written as their values), after the construct\'s own', () => {
    const pod = deploymentPodSpec(synthOf(apiService({
      config: { LOG_LEVEL: 'INFO' },
      extraEnv: [{ name: 'TZ', value: 'UTC' }],
      extraEnvFrom: [{ secretRef: { name: 's' } }],
      extraVolumes: [{ name: 'scratch', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } }, { name: 'raw', emptyDir: { sizeLimit: '2Gi' } } as any],
      extraVolumeMounts: [{ name: 'scratch', mountPath: '/scratch' }],
    })), 'api');
    expect(pod.containers[0].env).toEqual([{ name: 'TZ', value: 'UTC' }]);
    expect(pod.containers[0].envFrom).toEqual([{ configMapRef: { name: 'api-config' } }, { secretRef: { name: 's' } }]);
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['tmp', 'uploads', 'scratch', 'raw']);
    expect(pod.volumes.slice(2)).toEqual([{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }, { name: 'raw', emptyDir: { sizeLimit: '2Gi' } }]);
    expect(pod.containers[0].volumeMounts.at(-1)).toEqual({ name: 'scratch', mountPath: '/scratch' });
  });

  test('a variable, volume name or mount path the construct has, or a mount of no volume, is refused', () => {
    expect(() => apiService({
      config: { LOG_LEVEL: 'INFO' },
      extraEnv: [{ name: 'LOG_LEVEL', value: 'DEBUG' }],
      extraVolumes: [{ name: 'tmp', emptyDir: {} }],
      extraVolumeMounts: [{ name: 'nope', mountPath: '/app/uploads' }],
    })).toThrow([
      "ApiService 'test/api' has invalid props:",
      '  - extraVolumes[0].name must not repeat the volume name of writablePaths[0], got "tmp"',
      '  - extraVolumeMounts[0].mountPath must not repeat the mount path of uploadsPath, got "/app/uploads"',
      '  - extraVolumeMounts[0].name must name a volume of the pod (tmp, uploads), got "nope"',
      '  - extraEnv[0] must not set the variable LOG_LEVEL, which config.LOG_LEVEL sets too (the container would see only one of them), got "DEBUG"',
    ].join('\n'));
  });
});

describe('image.digest per component', () => {
  const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

  test('off: repository:tag', () => {
    expect(deploymentOf(synthPlainManifests(), 'backend').spec.template.spec.containers[0].image).toBe('todo-backend:1.0.0');
  });

  test('on: <repository>@<digest>, the tag ignored (as Bitnami\'s charts do), behind the registry; helm test\'s pod pulls the same', () => {
    const objects = chart.rendered({ global: { imageRegistry: 'registry.example.com:5000' }, backend: { image: { digest: DIGEST, tag: '9.9.9' } } });
    expect(deploymentOf(objects, 'backend').spec.template.spec.containers[0].image).toBe(`registry.example.com:5000/todo-backend@${DIGEST}`);
    expect(deploymentOf(objects, 'frontend').spec.template.spec.containers[0].image).toBe('registry.example.com:5000/todo-frontend:1.0.0');
    const testPod = chart.template({ backend: { image: { digest: DIGEST } } }).find((o) => o.kind === 'Pod');
    expect(testPod?.spec.containers[0].image).toBe(`todo-backend@${DIGEST}`);
  });

  test.each([['sha256:abc'], [`sha256:${'A'.repeat(64)}`], [`sha512:${'0'.repeat(64)}`], [`${DIGEST} `]])('%j is refused on both paths with one message', (digest) => {
    const message = `frontend.image.digest must be empty or an image digest: "sha256:" and 64 lower-case hexadecimal digits, got ${JSON.stringify(digest)}`;
    const values = { frontend: { image: { digest } } };
    expect(chart.run(['template', 'todo-chatbot'], values).stderr).toContain(`invalid values:\n  - ${message}\n`);
    expect(() => checkValues(withValues(values), 'test')).toThrow(`invalid values in test:\n  - ${message}`);
  });
});
