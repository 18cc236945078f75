// The package as a user meets it: `npm pack` (prepack builds lib/), the tarball installed into a fresh
// project outside the repository next to only cdk8s, cdk8s-plus-28, constructs and TypeScript, the
// examples in examples/consumer/ compiled there by that project's own `tsc` under `strict` (the tsconfig
// `cdk8s init typescript-app` writes, library checks included), run with node, and the manifests they
// synthesize checked. Nothing in the consumer resolves into the repository: it imports the package by name.
// One pack and one install serve every test. KEEP_CONSUMER_DIR=1 keeps the temporary project for a look.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { consumerReadmeSection } from '../scripts/readme-sections';
import { localModuleGraph } from './support/module-graph';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples', 'consumer');
const PACKAGE = 'todo-chatbot-k8s';
const PEERS = ['cdk8s', 'cdk8s-plus-28', 'constructs'];

/** What `cdk8s init typescript-app` puts in tsconfig.json (strict, no skipLibCheck), compiling src/ to out/. */
const INIT_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true, declaration: true, experimentalDecorators: true, lib: ['es2016'], module: 'CommonJS',
    noEmitOnError: true, noFallthroughCasesInSwitch: true, noImplicitAny: true, noImplicitReturns: true,
    noImplicitThis: true, noUnusedLocals: true, noUnusedParameters: true, resolveJsonModule: true, strict: true,
    strictNullChecks: true, strictPropertyInitialization: true, stripInternal: true, target: 'ES2017',
    outDir: 'out', rootDir: 'src',
  },
  include: ['src/**/*.ts'],
};

interface Run { readonly status: number | null; readonly stdout: string; readonly stderr: string }
type Manifest = {
  kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any; data?: any;
};

/**
 * The environment for npm and node in the temporary project: npm sets npm_* variables for the scripts it
 * runs (`npm test` runs jest), among them the repository's own prefix; only the user's cache, registry and
 * config files go through.
 */
function childEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(cache|registry|userconfig|globalconfig|cafile|strict_ssl|proxy|https_proxy|noproxy)$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || keep.test(k)));
}

function run(command: string, args: readonly string[], cwd: string): Run {
  const result = spawnSync(command, args, { cwd, env: childEnv(), encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function mustRun(command: string, args: readonly string[], cwd: string): Run {
  const result = run(command, args, cwd);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** The version the repository's lockfile installs, so the consumer gets the same and the npm cache has it. */
function lockedVersion(name: string): string {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf-8'));
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

function readManifests(file: string): Manifest[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf-8')).map((d) => d.toJS() as Manifest);
}

function find(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}

const containerOf = (deployment: Manifest) => deployment.spec.template.spec.containers[0];

let work: string;
let app: string;
let packed: { filename: string; files: Array<{ path: string }> };
let shop: Manifest[];

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), `${PACKAGE}-consumer-`));
  app = path.join(work, 'app');
  const packDir = path.join(work, 'pack');
  fs.mkdirSync(packDir);
  fs.mkdirSync(path.join(app, 'src'), { recursive: true });

  // prepack builds lib/ first, so this works from a fresh clone after `npm ci`.
  const pack = mustRun('npm', ['pack', '--json', '--pack-destination', packDir], ROOT);
  [packed] = JSON.parse(pack.stdout);

  fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'shop-k8s', version: '0.0.0', private: true }, null, 2)}\n`);
  const wanted = [...PEERS, 'typescript'].map((name) => `${name}@${lockedVersion(name)}`);
  mustRun('npm', ['install', path.join(packDir, packed.filename), ...wanted, '--prefer-offline', '--no-audit', '--no-fund'], app);

  for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts'))) {
    fs.copyFileSync(path.join(EXAMPLES, file), path.join(app, 'src', file));
  }
  fs.writeFileSync(path.join(app, 'tsconfig.json'), `${JSON.stringify(INIT_TSCONFIG, null, 2)}\n`);
  mustRun(process.execPath, [path.join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], app);

  mustRun(process.execPath, ['out/main.js'], app);
  shop = readManifests(path.join(app, 'dist', 'shop.k8s.yaml'));
});

afterAll(() => {
  if (work && !process.env.KEEP_CONSUMER_DIR) fs.rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  test('holds the compiled entry points and the modules they reach, the README, the CHANGELOG and package.json, and nothing else', () => {
    const modules = [...new Set(['lib/index.ts', 'lib/todo-chatbot/index.ts', 'lib/plus.ts'].flatMap((entry) => localModuleGraph(entry)))];
    const expected = [
      'README.md',
      'CHANGELOG.md',
      'package.json',
      ...(fs.existsSync(path.join(ROOT, 'LICENSE')) ? ['LICENSE'] : []),
      ...modules.flatMap((m) => [`build/${m.replace(/\.ts$/, '.js')}`, `build/${m.replace(/\.ts$/, '.d.ts')}`]),
    ].sort();
    expect(packed.files.map((f) => f.path).sort()).toEqual(expected);
    // The todo-chatbot app's CLI, its Helm derivation, tests, sources, manifests and Dockerfiles stay home.
    expect(packed.files.filter((f) => /^(test|dist|docker|scripts|schemas|lib|imports|examples)\/|\.tsx?$(?<!\.d\.ts)|helm/.test(f.path))).toEqual([]);
  });

  test('package.json points main, types and exports at files it ships, with the peer dependencies', () => {
    const installed = path.join(app, 'node_modules', PACKAGE);
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf-8'));
    expect(pkg.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).version);
    const targets = [pkg.main, pkg.types, ...Object.values<any>(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))];
    for (const target of targets) expect(fs.existsSync(path.join(installed, target as string))).toBe(true);
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(PEERS);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['ajv', 'yaml']);
  });
});

describe('the consumer project', () => {
  test('has one cdk8s and one constructs, its own, which the package uses too (one construct tree)', () => {
    for (const peer of ['cdk8s', 'constructs']) {
      expect(fs.existsSync(path.join(app, 'node_modules', PACKAGE, 'node_modules', peer))).toBe(false);
      const [fromPackage, fromConsumer] = JSON.parse(mustRun(process.execPath, ['-p', `JSON.stringify([
        require.resolve(${JSON.stringify(peer)}, { paths: [require.resolve(${JSON.stringify(PACKAGE)})] }),
        require.resolve(${JSON.stringify(peer)}),
      ])`], app).stdout) as string[];
      expect(fromPackage).toBe(fromConsumer);
      expect(fromConsumer.startsWith(path.join(app, 'node_modules', peer) + path.sep)).toBe(true);
    }
    const resolved = mustRun(process.execPath, ['-p', `require.resolve(${JSON.stringify(PACKAGE)})`], app).stdout.trim();
    expect(resolved).toBe(path.join(app, 'node_modules', PACKAGE, 'build', 'lib', 'index.js'));
  });

  test('imports the package by its name only, never a path into the repository', () => {
    const allowed = new Set([...PEERS, PACKAGE, `${PACKAGE}/todo-chatbot`, `${PACKAGE}/plus`]);
    for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts'))) {
      const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(EXAMPLES, file), 'utf-8'), true, true);
      expect(importedFiles.map((i) => i.fileName).filter((name) => !allowed.has(name))).toEqual([]);
    }
    for (const file of fs.readdirSync(path.join(app, 'out')).filter((f) => f.endsWith('.js'))) {
      expect(fs.readFileSync(path.join(app, 'out', file), 'utf-8')).not.toContain(ROOT);
    }
  });

  test('also compiles with node16 module resolution, which reads the package\'s exports map', () => {
    fs.writeFileSync(path.join(app, 'tsconfig.node16.json'), JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: { module: 'node16', moduleResolution: 'node16', noEmit: true },
    }));
    mustRun(process.execPath, [path.join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.node16.json'], app);
  });
});

describe('the synthesized shop (examples/consumer/main.ts)', () => {
  const API_SELECTOR = { 'app.kubernetes.io/name': 'shop-api', 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/component': 'api' };
  const WEB_SELECTOR = { 'app.kubernetes.io/name': 'shop-web', 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/component': 'web' };

  test('has exactly the objects the constructs make, all in the chart\'s namespace, and no Secret', () => {
    expect(shop.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'ConfigMap/shop-api-config',
      'Deployment/shop-api',
      'Deployment/shop-web',
      'Deployment/shop-worker',
      'NetworkPolicy/shop-api-ingress',
      'PersistentVolumeClaim/shop-api-images',
      'Service/shop-api',
      'Service/shop-web',
    ]);
    expect(shop.map((m) => m.metadata.namespace)).toEqual(shop.map(() => 'shop'));
  });

  test('ApiService: image, port, probe path, resources, security context, config, secret keys, no uploads, its own volume', () => {
    const deployment = find(shop, 'Deployment', 'shop-api');
    expect(deployment.spec.replicas).toBe(2);
    const c = containerOf(deployment);
    expect(c.image).toBe('ghcr.io/example/shop-api:2.3.1');
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      expect(c[probe].httpGet).toEqual({ path: '/healthz', port: 8080 });
    }
    expect(c.readinessProbe.periodSeconds).toBe(3);
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '300m', memory: '256Mi' } });
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
    });
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 });
    expect(c.env).toEqual([
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-credentials', key: 'POSTGRES_PASSWORD' } } },
      { name: 'STRIPE_API_KEY', valueFrom: { secretKeyRef: { name: 'shop-credentials', key: 'STRIPE_API_KEY', optional: true } } },
    ]);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'shop-api-config' } }]);
    expect(find(shop, 'ConfigMap', 'shop-api-config').data).toEqual({ LOG_LEVEL: 'debug', SHOP_CURRENCY: 'EUR' });
    // uploads: false leaves only /tmp and the volume of its own.
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'images', mountPath: '/data/images' }]);
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'tmp', emptyDir: {} },
      { name: 'images', persistentVolumeClaim: { claimName: 'shop-api-images' } },
    ]);
    expect(find(shop, 'PersistentVolumeClaim', 'shop-api-images').spec.resources.requests.storage).toBe('2Gi');
    expect(deployment.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' });
    expect(deployment.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);

    const service = find(shop, 'Service', 'shop-api');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('the workloads select their pods on app.kubernetes.io name, instance and component', () => {
    for (const [name, selector] of [['shop-api', API_SELECTOR], ['shop-web', WEB_SELECTOR]] as const) {
      const deployment = find(shop, 'Deployment', name);
      expect(deployment.spec.selector.matchLabels).toEqual(selector);
      expect(find(shop, 'Service', name).spec.selector).toEqual(selector);
      expect(deployment.spec.template.metadata.labels).toMatchObject(selector);
      expect(deployment.metadata.labels).toEqual(selector);
    }
  });

  test('WebApp: not Next.js (no HOSTNAME or PORT, no .next cache), pod labels, a JSON patch, a ClusterIP Service, the API URL', () => {
    const deployment = find(shop, 'Deployment', 'shop-web');
    const c = containerOf(deployment);
    expect(c.image).toBe('ghcr.io/example/shop-web:2.3.1');
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8081, protocol: 'TCP' }]);
    expect(c.env).toEqual([{ name: 'SHOP_API_URL', value: 'http://shop-api:80' }]);
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(deployment.spec.template.metadata.labels).toEqual({ ...WEB_SELECTOR, 'shop.example.com/tier': 'storefront' });
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'shop.example.com/owner': 'storefront-team' });
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      expect(c[probe].httpGet).toEqual({ path: '/ready', port: 8081 });
    }
    expect(c.securityContext).toMatchObject({ runAsUser: 10001, readOnlyRootFilesystem: true });
    expect(c.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '1Gi' } });

    const service = find(shop, 'Service', 'shop-web');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(service.spec.ports.every((p: Record<string, unknown>) => !('nodePort' in p))).toBe(true);
  });

  test('a cdk8s-plus NetworkPolicy selects the API\'s pods and lets in only the web app\'s, on the API\'s port', () => {
    expect(find(shop, 'NetworkPolicy', 'shop-api-ingress').spec).toEqual({
      podSelector: { matchLabels: API_SELECTOR },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ podSelector: { matchLabels: WEB_SELECTOR }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      }],
    });
  });

  test('a cdk8s-plus container gets HealthProbes\' probes and AppSecrets\' keys', () => {
    const c = containerOf(find(shop, 'Deployment', 'shop-worker'));
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      expect(c[probe].httpGet).toMatchObject({ path: '/livez', port: 9090 });
    }
    expect(c.livenessProbe).toMatchObject({ initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 });
    expect(c.startupProbe).toMatchObject({ initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 1 });
    expect(c.readinessProbe).toMatchObject({ initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 2, timeoutSeconds: 1 });
    expect(c.env).toEqual([
      { name: 'QUEUE', value: 'orders' },
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-credentials', key: 'POSTGRES_PASSWORD' } } },
      { name: 'STRIPE_API_KEY', valueFrom: { secretKeyRef: { name: 'shop-credentials', key: 'STRIPE_API_KEY', optional: true } } },
    ]);
  });

  test('the Secret to create by hand is named in the chart\'s namespace', () => {
    const out = mustRun(process.execPath, ['-e', `
      const { App } = require('cdk8s');
      const { ShopChart } = require('./out/main');
      const { secrets } = new ShopChart(new App({ outdir: 'dist-secrets' }), 'shop', { namespace: 'shop' });
      console.log(JSON.stringify({ manifest: secrets.exampleManifest(), command: secrets.createCommand() }));
    `], app).stdout.trim().split('\n').pop()!;
    const { manifest, command } = JSON.parse(out) as { manifest: string; command: string };
    expect(parseAllDocuments(manifest)[0].toJS().metadata).toEqual({ name: 'shop-credentials', namespace: 'shop' });
    expect(command.split(' \\\n  ')).toEqual([
      'kubectl create secret generic shop-credentials -n shop', "--from-literal=POSTGRES_PASSWORD='...'", "--from-literal=STRIPE_API_KEY=''",
    ]);
  });
});

test('without cdk8s-plus-28 (an optional peer dependency) the constructs load and synthesize; only the plus entry point needs it', () => {
  const withoutPlus = `
    const Module = require('module');
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request === 'cdk8s-plus-28' || request.startsWith('cdk8s-plus-28/')) throw Object.assign(new Error('Cannot find module ' + request), { code: 'MODULE_NOT_FOUND' });
      return resolve.call(this, request, ...rest);
    };`;
  const constructs = run(process.execPath, ['-e', `${withoutPlus}
    const { App, Chart } = require('cdk8s');
    const { ApiService } = require('${PACKAGE}');
    require('${PACKAGE}/todo-chatbot');
    const chart = new Chart(new App(), 'c');
    new ApiService(chart, 'api', { image: 'api:1.0.0' });
    console.log(chart.toJson().map((o) => o.kind).join(','));
  `], app);
  expect(constructs.stderr).toBe('');
  expect(constructs.stdout.trim()).toBe('Deployment,Service');
  const plus = run(process.execPath, ['-e', `${withoutPlus} require('${PACKAGE}/plus');`], app);
  expect(plus.status).not.toBe(0);
  expect(plus.stderr).toContain('Cannot find module cdk8s-plus-28');
  // Nor do the declarations of the other entry points name it, so a project without it type-checks them.
  const declarations = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? declarations(path.join(dir, d.name)) : d.name.endsWith('.d.ts') ? [path.join(dir, d.name)] : []));
  const built = path.join(app, 'node_modules', PACKAGE, 'build', 'lib');
  const naming = declarations(built).filter((f) => fs.readFileSync(f, 'utf-8').includes('cdk8s-plus-28'));
  expect(naming.map((f) => path.relative(built, f))).toEqual(['plus.d.ts']);
});

test('the whole todo-chatbot app, from the package\'s todo-chatbot entry point, with the consumer\'s values', () => {
  mustRun(process.execPath, ['out/todo-chatbot-app.js'], app);
  const todo = readManifests(path.join(app, 'dist-todo', 'todo.k8s.yaml'));
  const backend = todo.find((m) => m.kind === 'Deployment' && m.metadata.name.endsWith('-backend'))!;
  expect(backend.spec.replicas).toBe(2);
  expect(containerOf(backend).image).toBe('registry.example.com/todo-backend:1.0.0');
  const frontendService = todo.find((m) => m.kind === 'Service' && m.metadata.name.endsWith('-frontend'))!;
  expect(frontendService.spec.type).toBe('ClusterIP');
  expect(frontendService.spec.ports[0].nodePort).toBeUndefined();
});

describe('bad props in the consumer (examples/consumer/invalid-props.ts)', () => {
  // The same cases, run here against lib/ itself: the messages a consumer sees must be these.
  jest.mock(PACKAGE, () => jest.requireActual('../lib'), { virtual: true });
  const { cases } = require('../examples/consumer/invalid-props') as { cases: Record<string, () => void> };

  function projectMessage(name: string): string {
    try {
      cases[name]();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`case ${name} did not fail in the project`);
  }

  test.each(Object.keys(cases))('%s fails synthesis with the project\'s own message', (name) => {
    const expected = projectMessage(name);
    const result = run(process.execPath, ['-e', `require('./out/invalid-props').cases[${JSON.stringify(name)}]()`], app);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`Error: ${expected}\n`);
  });

  test('the messages name the construct, the field and the value', () => {
    expect(projectMessage('nodePort')).toBe("WebApp 'my-chart/web': nodePort must be an integer from 30000 to 32767, got 80");
    expect(projectMessage('secretKeyName')).toBe(
      "AppSecrets 'my-chart/secrets': keys[0].name must be a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*), got \"stripe-api-key\"");
    expect(projectMessage('limitAndReplicas')).toBe([
      "WebApp 'my-chart/web' has invalid props:",
      '  - replicas must be an integer >= 0, got -1',
      '  - resources.memory.limit must not be below resources.memory.request ("1Gi"), got "512Mi"',
    ].join('\n'));
    expect(projectMessage('healthPath')).toBe("HealthProbes 'my-chart/api/HealthProbes': path must start with \"/\", got \"healthz\"");
    expect(projectMessage('latestImage')).toBe("ApiService 'my-chart/api': image must not use the tag \"latest\", "
      + 'which changes under a running Deployment (pin a version, or set allowLatestTag), got "ghcr.io/example/shop-api:latest"');
    expect(projectMessage('selectorLabel')).toBe("WebApp 'my-chart/web': labels.app.kubernetes.io/name must not change the selector label "
      + 'app.kubernetes.io/name ("web" in selectorLabels, which pick the pods), got "storefront"');
    expect(projectMessage('shadowedConfig')).toBe("ApiService 'my-chart/api': env.LOG_LEVEL must not set the variable LOG_LEVEL, "
      + 'which config.LOG_LEVEL sets too (the container would see only one of them), got "debug"');
    expect(projectMessage('duplicateNames')).toBe([
      'Validation failed with the following errors:',
      "  [my-chart] WebApp 'my-chart/web' has invalid props:",
      "  - name names a Deployment that 'my-chart/api/Deployment' defines too (names are unique per kind and namespace: rename one of them), got \"shop\"",
      "  - serviceName names a Service that 'my-chart/api/Service' defines too (names are unique per kind and namespace: rename one of them), got \"shop\"",
    ].join('\n'));
  });
});

// Active once README.md's "Use the constructs in your project" section is filled: add
// `consumer: consumerReadmeSection()` to readmeSections() in scripts/readme-sections.ts.
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
const consumerSection = /<!-- consumer:start -->\n([\s\S]*?)<!-- consumer:end -->/.exec(readme)?.[1] ?? '';
(consumerSection.trim() ? test : test.skip)('README.md\'s "Use the constructs in your project" shows examples/consumer/main.ts verbatim', () => {
  const example = fs.readFileSync(path.join(EXAMPLES, 'main.ts'), 'utf-8');
  expect(consumerSection).toContain(`\`\`\`ts\n${example.trimEnd()}\n\`\`\``);
  expect(consumerSection).toBe(consumerReadmeSection());
});
