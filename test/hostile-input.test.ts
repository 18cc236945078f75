// Hostile input, as an attacker or a tired user types it: every values file goes through BOTH paths, the plain
// synthesis (`node scripts/synth.js -f FILE -o DIR`, what `npm run synth -- -f FILE -o DIR` runs) and `helm template`
// of the generated chart. Each case pins the outcome of both: refused with the exact message and exit code 1, the
// output folder untouched, no stack trace and no secret printed; or accepted by both with the same objects.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { todoChatbotHelmChartFiles } from '../lib/todo-chatbot/helm';
import { LABEL_KEY_PREFIX_LENGTH, VALUE_FORMATS, ValueFormat } from '../lib/todo-chatbot/values';
import { helmBinary as helmBinaryPath } from './support/helm';
import {
  comparable, helmTemplate, inPool, objectsOf, plainEnv, plainSynth, REPO_ROOT, Run, run, tree,
} from './support/hostile';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chatbot-hostile-'));
const chartDir = path.join(work, 'chart', 'todo-chatbot');
const helmHome = path.join(work, 'helm-home');
const baseline = path.join(work, 'baseline');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Words a case's output must never contain: the secret values its values file holds. */
const SECRET = 'hunter2';

type Family = 'values schema' | 'API server rules' | 'dangerous' | 'YAML and encoding' | 'likely mistakes';

type Expect =
  /** Refused by both with the same messages: the plain synthesis's list, and `fail` in templates/validate.tpl. */
  | { readonly kind: 'rule'; readonly lines: readonly string[] }
  /** Refused by values.schema.json: the plain synthesis's words, and Helm's own schema messages. */
  | { readonly kind: 'schema'; readonly plain: readonly string[]; readonly helm: readonly string[] }
  /** The file itself is refused (encoding, syntax, shape): the plain message (FILE for its path), and part of Helm's. */
  | { readonly kind: 'file'; readonly plain: string; readonly helm: string }
  /** Accepted by both, with the same objects; the plain synthesis prints these warnings (FILE for the path). */
  | { readonly kind: 'accepted'; readonly warnings?: readonly string[]; readonly check?: (objects: any[]) => void };

interface Case { readonly family: Family; readonly name: string; readonly file: string | Buffer; readonly expect: Expect }

const rule = (...lines: string[]): Expect => ({ kind: 'rule', lines });
const schema = (plain: string | string[], helm: string | string[]): Expect => ({ kind: 'schema', plain: [plain].flat(), helm: [helm].flat() });
const fileError = (plain: string, helm: string): Expect => ({ kind: 'file', plain, helm });
const accepted = (check?: (objects: any[]) => void, ...warnings: string[]): Expect => ({ kind: 'accepted', check, warnings });
/** `PATH must be <the format's words>, got VALUE`: a format rule's message. */
const format = (at: string, name: ValueFormat, got: string) => `${at} must be ${VALUE_FORMATS[name].words}, got ${got}`;
const multipleDocuments = (where: string) => `warning: values file FILE holds more than one YAML document: only the first is read, as Helm reads it; `
  + `everything from ${where} on is ignored (put every setting in the first document)`;
const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';
/** A DNS subdomain of 254 characters: one past the longest prefix a label key may have. */
const LONG_PREFIX = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`;
const NULL = 'null (a key with no value; remove the line to keep the default)';
const deployment = (objects: any[], component: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === `todo-chatbot-${component}`);
const container = (objects: any[], component: string) => deployment(objects, component).spec.template.spec.containers[0];
const SYSTEM_DIRS = '/bin, /boot, /dev, /etc, /lib, /lib32, /lib64, /proc, /root, /run, /sbin, /sys, /usr, /var/lib/containerd, /var/lib/docker, /var/lib/kubelet, /var/log, /var/run';
const hostPathRule = (p: string) => `persistence.hostPath "${p}" is not a directory of its own: it must be at least two levels below / (such as /mnt/data/uploads) and outside the node's system directories (${SYSTEM_DIRS})`;
const notOwnDirectory = (at: string, p: string) => `${at} "${p}" is not a directory of its own: it must be at least two levels below / (such as /mnt/data/uploads) and outside the node's system directories (${SYSTEM_DIRS})`;
const hostPath = (p: string) => `persistence:\n  enabled: true\n  type: hostPath\n  hostPath: ${p}\n`;

const cases: Case[] = [
  // ---- values schema: unknown keys, nulls and empty values, types, enums, ranges ----
  { family: 'values schema', name: 'a misspelt top-level key', file: 'persistance:\n  enabled: true\n',
    expect: schema('persistance is not a setting of the chart (did you mean "persistence"?)', '- (root): Additional property persistance is not allowed') },
  { family: 'values schema', name: 'a key that names a setting by another name', file: 'backend:\n  replicas: 2\n',
    expect: schema('backend.replicas is not a setting of the chart (did you mean "replicaCount"?)', '- backend: Additional property replicas is not allowed') },
  { family: 'values schema', name: 'a misspelt key deep down', file: 'frontend:\n  probes:\n    livenes:\n      periodSeconds: 5\n',
    expect: schema('frontend.probes.livenes is not a setting of the chart (did you mean "liveness"?)', '- frontend.probes: Additional property livenes is not allowed') },
  { family: 'values schema', name: 'a key the chart has nowhere near', file: 'gateway:\n  enabled: true\n',
    expect: schema('gateway is not a setting of the chart (the settings there: nameOverride, fullnameOverride, commonLabels, global, imagePullSecrets, serviceAccount, backend, frontend, config, ingress, networkPolicy, persistence, secrets)',
      '- (root): Additional property gateway is not allowed') },
  { family: 'values schema', name: 'enabled, as a parent chart\'s condition would set it', file: 'enabled: true\n',
    expect: schema('enabled is not a setting of the chart (as a dependency, give the chart a condition in the parent\'s own values, such as condition: features.todoChatbot)',
      '- (root): Additional property enabled is not allowed') },
  { family: 'values schema', name: 'keys of a parent chart under global (Helm passes them to subcharts)', file: 'global:\n  imageRegistry: registry.local\n  runAsUser: 1001\n',
    expect: accepted() },
  { family: 'values schema', name: 'a misspelt key set to null', file: 'persistance: null\n',
    expect: schema('persistance is not a setting of the chart (did you mean "persistence"?)', '- (root): Additional property persistance is not allowed') },
  { family: 'values schema', name: 'a misspelt key set to null deep down', file: 'backend:\n  replicas: ~\n',
    expect: schema('backend.replicas is not a setting of the chart (did you mean "replicaCount"?)', '- backend: Additional property replicas is not allowed') },
  { family: 'values schema', name: 'a null setting (Helm drops it before the schema sees it)', file: 'backend:\n  replicaCount: null\n',
    expect: schema(`backend.replicaCount must be an integer from 0 to 100, got ${NULL}`, '- backend: replicaCount is required') },
  { family: 'values schema', name: 'a null group', file: 'frontend: ~\n',
    expect: schema(`frontend must be a mapping of settings (key: value lines), got ${NULL}`, '- (root): frontend is required') },
  { family: 'values schema', name: 'a key with nothing after the colon', file: 'backend:\n  image:\n    tag:\n',
    expect: schema(`${format('backend.image.tag', 'imageTag', NULL)}`, '- backend.image: tag is required') },
  { family: 'values schema', name: 'a null secret name', file: 'secrets:\n  existingSecret: null\n',
    expect: schema(`${format('secrets.existingSecret', 'dnsNameOrEmpty', NULL)}`, '- secrets: existingSecret is required') },
  { family: 'values schema', name: 'a null secret value', file: 'secrets:\n  values:\n    GMAIL_APP_PASSWORD: null\n',
    expect: schema('secrets.values.GMAIL_APP_PASSWORD must be a string, got (value not shown)', '- secrets.values: GMAIL_APP_PASSWORD is required') },
  { family: 'values schema', name: 'an empty image repository', file: 'backend:\n  image:\n    repository: ""\n',
    expect: schema(format('backend.image.repository', 'imageRepository', '""').replace(', got', ', at most 255 characters, got'),
      '- backend.image.repository: String length must be greater than or equal to 1') },
  { family: 'values schema', name: 'a single value where settings belong', file: 'backend:\n  image: latest\n',
    expect: schema('backend.image must be a mapping of settings (key: value lines), got "latest"', '- backend.image: Invalid type. Expected: object, given: string') },
  { family: 'values schema', name: 'an empty Secret name: the release\'s own, <fullname>-secrets', file: 'secrets:\n  existingSecret: ""\n',
    expect: accepted((o) => expect(container(o, 'backend').env.find((e: any) => e.valueFrom?.secretKeyRef).valueFrom.secretKeyRef.name).toBe('todo-chatbot-secrets')) },
  { family: 'values schema', name: 'empty CORS origins: the frontend\'s address', file: 'config:\n  corsOrigins: ""\n',
    expect: accepted((o) => expect(o.find((x) => x.kind === 'ConfigMap').data.CORS_ORIGINS).toBe('http://localhost:30000')) },
  { family: 'values schema', name: 'an unknown log level: the allowed ones are listed', file: 'config:\n  logLevel: verbose\n',
    expect: schema('config.logLevel must be one of "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", got "verbose"',
      '- config.logLevel: config.logLevel must be one of the following: "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"') },
  { family: 'values schema', name: 'a pull policy in the wrong case', file: 'backend:\n  image:\n    pullPolicy: always\n',
    expect: schema('backend.image.pullPolicy must be one of "IfNotPresent", "Always", "Never", got "always"',
      '- backend.image.pullPolicy: backend.image.pullPolicy must be one of the following: "IfNotPresent", "Always", "Never"') },
  { family: 'values schema', name: 'a Service type the chart does not offer', file: 'frontend:\n  service:\n    type: LoadBalancer\n',
    expect: schema('frontend.service.type must be one of "NodePort", "ClusterIP", got "LoadBalancer"',
      '- frontend.service.type: frontend.service.type must be one of the following: "NodePort", "ClusterIP"') },
  { family: 'values schema', name: 'an unknown persistence type', file: 'persistence:\n  type: nfs\n',
    expect: schema('persistence.type must be one of "pvc", "hostPath", got "nfs"', '- persistence.type: persistence.type must be one of the following: "pvc", "hostPath"') },
  { family: 'values schema', name: 'an access mode abbreviation', file: 'persistence:\n  accessMode: RWO\n',
    expect: schema('persistence.accessMode must be one of "ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany", "ReadWriteOncePod", got "RWO"',
      '- persistence.accessMode: persistence.accessMode must be one of the following: "ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany", "ReadWriteOncePod"') },
  { family: 'values schema', name: 'a quoted replica count', file: 'backend:\n  replicaCount: "2"\n',
    expect: schema('backend.replicaCount must be an integer from 0 to 100, got "2"', '- backend.replicaCount: Invalid type. Expected: integer, given: string') },
  { family: 'values schema', name: 'a fractional replica count', file: 'frontend:\n  replicaCount: 1.5\n',
    expect: schema('frontend.replicaCount must be an integer from 0 to 100, got 1.5', '- frontend.replicaCount: Invalid type. Expected: integer, given: number') },
  { family: 'values schema', name: 'a quoted boolean', file: 'persistence:\n  enabled: "true"\n',
    expect: schema('persistence.enabled must be true or false, got "true"', '- persistence.enabled: Invalid type. Expected: boolean, given: string') },
  { family: 'values schema', name: 'an unquoted version tag that YAML reads as a number', file: 'backend:\n  image:\n    tag: 1.10\n',
    expect: schema(`${format('backend.image.tag', 'imageTag', '1.1')} (put it in quotes to make it a string)`, '- backend.image.tag: Invalid type. Expected: string, given: number') },
  { family: 'values schema', name: 'a list where settings belong', file: 'backend: [1, 2]\n',
    expect: schema('backend must be a mapping of settings (key: value lines), got a list [1,2]', '- backend: Invalid type. Expected: object, given: array') },
  { family: 'values schema', name: 'a mapping where a number belongs', file: 'backend:\n  replicaCount:\n    min: 1\n',
    expect: schema('backend.replicaCount must be an integer from 0 to 100, got {"min":1}', '- backend.replicaCount: Invalid type. Expected: integer, given: object') },
  { family: 'values schema', name: 'a chart-created Secret without its required values', file: 'secrets:\n  create: true\n',
    expect: schema([
      'secrets.values.DATABASE_URL is required and must not be empty when secrets.create is true',
      'secrets.values.JWT_SECRET is required and must not be empty when secrets.create is true',
    ], [
      '- secrets.values.DATABASE_URL: String length must be greater than or equal to 1',
      '- secrets.values.JWT_SECRET: String length must be greater than or equal to 1',
      '- secrets: Must validate "then" as "if" was valid',
    ]) },
  { family: 'values schema', name: 'a misspelt secret key, its value never printed', file: `secrets:\n  values:\n    JWT_SECRTE: ${SECRET}\n`,
    expect: schema('secrets.values.JWT_SECRTE is not a setting of the chart (did you mean "JWT_SECRET"?)', '- secrets.values: Additional property JWT_SECRTE is not allowed') },
  { family: 'values schema', name: 'a secret value of the wrong type, never printed', file: 'secrets:\n  values:\n    JWT_SECRET: 20212223\n',
    expect: schema('secrets.values.JWT_SECRET must be a string, got (value not shown) (put it in quotes to make it a string)',
      '- secrets.values.JWT_SECRET: Invalid type. Expected: string, given: integer') },
  { family: 'values schema', name: 'a surge above the maximum', file: 'backend:\n  rollingUpdate:\n    maxSurge: 101\n',
    expect: schema('backend.rollingUpdate.maxSurge must be an integer from 0 to 100, got 101', '- backend.rollingUpdate.maxSurge: Must be less than or equal to 100') },
  { family: 'values schema', name: 'root as the containers\' user', file: 'global:\n  runAsUser: 0\n',
    expect: schema('global.runAsUser must be an integer from 1 to 2147483647, got 0', '- global.runAsUser: Must be greater than or equal to 1') },
  { family: 'values schema', name: 'a port above 65535', file: 'backend:\n  containerPort: 70000\n',
    expect: schema('backend.containerPort must be an integer from 1 to 65535, got 70000', '- backend.containerPort: Must be less than or equal to 65535') },
  { family: 'values schema', name: 'a probe period of 0', file: 'frontend:\n  probes:\n    readiness:\n      periodSeconds: 0\n',
    expect: schema('frontend.probes.readiness.periodSeconds must be an integer from 1 to 3600, got 0', '- frontend.probes.readiness.periodSeconds: Must be greater than or equal to 1') },
  { family: 'values schema', name: 'a null nodePort: the cluster picks one', file: 'frontend:\n  service:\n    nodePort: null\n',
    expect: accepted((o) => expect(o.find((x) => x.kind === 'Service' && x.spec.type === 'NodePort').spec.ports[0]).not.toHaveProperty('nodePort')) },
  { family: 'values schema', name: 'a nodePort outside 30000-32767', file: 'frontend:\n  service:\n    nodePort: 80\n',
    expect: schema('frontend.service.nodePort must be an integer from 30000 to 32767, got 80', '- frontend.service.nodePort: Must be greater than or equal to 30000') },
  { family: 'values schema', name: 'a name override that is not a DNS label', file: 'nameOverride: Bad_Name\n',
    expect: rule(format('nameOverride', 'nameOverride', '"Bad_Name"')) },
  { family: 'values schema', name: 'a rolling update that can neither add nor remove a pod (not "must NOT be valid")',
    file: 'backend:\n  rollingUpdate:\n    maxSurge: 0\n    maxUnavailable: 0\n',
    expect: rule('backend.rollingUpdate: maxSurge and maxUnavailable are both 0, so a rollout could never replace a pod: set one of them above 0') },
  { family: 'values schema', name: 'no surge and no unavailable pod with strategy Recreate (which reads neither)',
    file: 'backend:\n  strategy:\n    type: Recreate\n  rollingUpdate:\n    maxSurge: 0\n    maxUnavailable: 0\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.strategy).toEqual({ type: 'Recreate' })) },
  { family: 'values schema', name: 'several problems at once, each named', file: 'backend:\n  replicaCount: -1\nfrontend:\n  containerPort: 0\n',
    expect: schema(['backend.replicaCount must be an integer from 0 to 100, got -1', 'frontend.containerPort must be an integer from 1 to 65535, got 0'],
      ['- backend.replicaCount: Must be greater than or equal to 0', '- frontend.containerPort: Must be greater than or equal to 1']) },

  // ---- rules the API server enforces, refused first ----
  { family: 'API server rules', name: 'a memory limit below its request, in other units', file: 'backend:\n  resources:\n    requests:\n      memory: 1Gi\n    limits:\n      memory: 1000Mi\n',
    expect: rule('backend.resources.limits.memory "1000Mi" is below backend.resources.requests.memory "1Gi": Kubernetes refuses a limit below its request') },
  { family: 'API server rules', name: 'a CPU limit below its request', file: 'frontend:\n  resources:\n    requests:\n      cpu: 600m\n    limits:\n      cpu: "0.5"\n',
    expect: rule('frontend.resources.limits.cpu "0.5" is below frontend.resources.requests.cpu "600m": Kubernetes refuses a limit below its request') },
  { family: 'API server rules', name: 'a limit one byte below its request', file: 'backend:\n  resources:\n    requests:\n      memory: 1Gi\n    limits:\n      memory: "1073741823"\n',
    expect: rule('backend.resources.limits.memory "1073741823" is below backend.resources.requests.memory "1Gi": Kubernetes refuses a limit below its request') },
  { family: 'API server rules', name: 'an autoscaler with fewer pods at most than at least', file: 'frontend:\n  autoscaling:\n    enabled: true\n    minReplicas: 4\n    maxReplicas: 3\n',
    expect: rule('frontend.autoscaling.maxReplicas 3 is below frontend.autoscaling.minReplicas 4: Kubernetes refuses an autoscaler whose most pods are fewer than its fewest') },
  { family: 'API server rules', name: 'min above max with the autoscaler off (nothing reads them)', file: 'backend:\n  autoscaling:\n    minReplicas: 4\n    maxReplicas: 3\n',
    expect: accepted((o) => expect(o.some((x) => x.kind === 'HorizontalPodAutoscaler')).toBe(false)) },
  { family: 'API server rules', name: 'a limit equal to its request in other units', file: 'backend:\n  resources:\n    requests:\n      memory: 1024Mi\n    limits:\n      memory: 1Gi\n',
    expect: accepted((o) => expect(container(o, 'backend').resources.limits.memory).toBe('1Gi')) },
  { family: 'API server rules', name: 'a limit equal to its request where floating point would differ (700m and 0.7)', file: 'frontend:\n  resources:\n    requests:\n      cpu: 700m\n    limits:\n      cpu: "0.7"\n',
    expect: accepted((o) => expect(container(o, 'frontend').resources.requests.cpu).toBe('700m')) },
  { family: 'API server rules', name: 'both limits below their requests, both named', file: 'backend:\n  resources:\n    requests: {cpu: "2", memory: 2Gi}\n    limits: {cpu: "1", memory: 1Gi}\n',
    expect: rule(
      'backend.resources.limits.cpu "1" is below backend.resources.requests.cpu "2": Kubernetes refuses a limit below its request',
      'backend.resources.limits.memory "1Gi" is below backend.resources.requests.memory "2Gi": Kubernetes refuses a limit below its request') },
  { family: 'API server rules', name: 'a negative quantity', file: 'backend:\n  resources:\n    requests:\n      memory: -1Gi\n',
    expect: rule(format('backend.resources.requests.memory', 'quantity', '"-1Gi"')) },
  { family: 'API server rules', name: 'a zero CPU request', file: 'frontend:\n  resources:\n    requests:\n      cpu: "0"\n',
    expect: rule(format('frontend.resources.requests.cpu', 'quantity', '"0"')) },
  { family: 'API server rules', name: 'a zero-size claim', file: 'persistence:\n  enabled: true\n  size: "0"\n',
    expect: rule(format('persistence.size', 'quantity', '"0"')) },
  { family: 'API server rules', name: 'a zero-size claim in Gi', file: 'persistence:\n  enabled: true\n  size: 0Gi\n',
    expect: rule(format('persistence.size', 'quantity', '"0Gi"')) },
  { family: 'API server rules', name: 'a quantity with a plus sign (the API server takes it)', file: 'backend:\n  resources:\n    limits:\n      cpu: "+2"\n',
    expect: accepted((o) => expect(container(o, 'backend').resources.limits.cpu).toBe('+2')) },
  { family: 'API server rules', name: 'an unquoted CPU count', file: 'backend:\n  resources:\n    limits:\n      cpu: 1\n',
    expect: schema(`${format('backend.resources.limits.cpu', 'quantity', '1')} (put it in quotes to make it a string)`,
      '- backend.resources.limits.cpu: Invalid type. Expected: string, given: integer') },
  { family: 'API server rules', name: 'megabytes the way people write them', file: 'backend:\n  resources:\n    requests:\n      memory: 512MB\n',
    expect: rule(format('backend.resources.requests.memory', 'quantity', '"512MB"')) },
  { family: 'API server rules', name: 'an upper-case image repository', file: 'backend:\n  image:\n    repository: Todo-Backend\n',
    expect: rule(format('backend.image.repository', 'imageRepository', '"Todo-Backend"')) },
  { family: 'API server rules', name: 'a tag in the repository field', file: 'backend:\n  image:\n    repository: todo-backend:2.0\n',
    expect: rule(format('backend.image.repository', 'imageRepository', '"todo-backend:2.0"')) },
  { family: 'API server rules', name: 'a digest in the repository field', file: 'frontend:\n  image:\n    repository: todo-frontend@sha256:0123456789abcdef\n',
    expect: rule(format('frontend.image.repository', 'imageRepository', '"todo-frontend@sha256:0123456789abcdef"')) },
  { family: 'API server rules', name: 'a space in the repository', file: 'frontend:\n  image:\n    repository: "todo frontend"\n',
    expect: rule(format('frontend.image.repository', 'imageRepository', '"todo frontend"')) },
  { family: 'API server rules', name: 'a registry with a port', file: 'backend:\n  image:\n    repository: localhost:5000/team/todo-backend\n',
    expect: accepted((o) => expect(container(o, 'backend').image).toBe('localhost:5000/team/todo-backend:1.0.0')) },
  { family: 'API server rules', name: 'a tag with a build suffix', file: 'backend:\n  image:\n    tag: 1.0+build\n',
    expect: rule(format('backend.image.tag', 'imageTag', '"1.0+build"')) },
  { family: 'API server rules', name: 'a tag that starts with "-"', file: 'frontend:\n  image:\n    tag: -rc1\n',
    expect: rule(format('frontend.image.tag', 'imageTag', '"-rc1"')) },
  { family: 'API server rules', name: 'uploads mounted where /tmp already is', file: 'backend:\n  uploadsPath: /tmp\n',
    expect: rule('backend.uploadsPath "/tmp" is already the mount path of the backend\'s writable /tmp volume: Kubernetes refuses two volumes at one path') },
  { family: 'API server rules', name: 'uploads mounted over the app', file: 'backend:\n  uploadsPath: /app\n',
    expect: rule('backend.uploadsPath "/app" would hide the image\'s own files (the app in /app, or a system directory): use a directory of its own, such as /app/uploads') },
  { family: 'API server rules', name: 'uploads mounted over /etc', file: 'backend:\n  uploadsPath: /etc/uploads\n',
    expect: rule('backend.uploadsPath "/etc/uploads" would hide the image\'s own files (the app in /app, or a system directory): use a directory of its own, such as /app/uploads') },
  { family: 'API server rules', name: 'a relative uploads path', file: 'backend:\n  uploadsPath: uploads\n',
    expect: rule(format('backend.uploadsPath', 'absolutePath', '"uploads"')) },
  { family: 'API server rules', name: 'an uploads path that climbs with ..', file: 'backend:\n  uploadsPath: /app/../etc\n',
    expect: rule(format('backend.uploadsPath', 'absolutePath', '"/app/../etc"')) },
  { family: 'API server rules', name: 'an uploads path with a trailing slash', file: 'backend:\n  uploadsPath: /app/uploads/\n',
    expect: rule(format('backend.uploadsPath', 'absolutePath', '"/app/uploads/"')) },
  { family: 'API server rules', name: 'the backend Service named like the frontend\'s', file: 'backend:\n  service:\n    name: todo-chatbot-frontend\n',
    expect: rule('backend.service.name "todo-chatbot-frontend" is also the name of the frontend Service: two Services cannot share a name') },
  { family: 'API server rules', name: 'a Service name that starts with a digit', file: 'backend:\n  service:\n    name: 1api\n',
    expect: rule(format('backend.service.name', 'serviceName', '"1api"')) },
  { family: 'API server rules', name: 'an upper-case Service name', file: 'backend:\n  service:\n    name: API\n',
    expect: rule(format('backend.service.name', 'serviceName', '"API"')) },
  { family: 'API server rules', name: 'a full name too long for the Service names once a suffix is added: shortened to fit, on both paths', file: `fullnameOverride: ${'a'.repeat(60)}\n`,
    expect: accepted((o) => expect(o.filter((x) => x.kind === 'Service').map((x) => x.metadata.name)).toContain(`${'a'.repeat(54)}-frontend`)) },
  { family: 'API server rules', name: 'a name override that is too long once the release name is added: shortened to fit', file: `nameOverride: ${'b'.repeat(55)}\n`,
    expect: accepted((o) => expect(o.filter((x) => x.kind === 'Service').map((x) => x.metadata.name)).toContain(`todo-chatbot-${'b'.repeat(41)}-frontend`)) },
  { family: 'API server rules', name: 'a full name that starts with a digit', file: 'fullnameOverride: 1chat\n',
    expect: rule('the frontend Service would be named "1chat-frontend": a Service name must start with a letter, so fullnameOverride (or nameOverride, or the release name) must too') },
  { family: 'API server rules', name: 'a ConfigMap over 1 MiB', file: `config:\n  mcpServerName: "${'x'.repeat(1024 * 1024)}"\n`,
    expect: rule('config: the backend\'s ConfigMap would hold 1048638 bytes of data, above the 1048576 bytes (1 MiB) Kubernetes allows') },
  { family: 'API server rules', name: 'a chart-created Secret over 1 MiB: counted in bytes, no value shown',
    file: `secrets:\n  create: true\n  values:\n    DATABASE_URL: "${'\u00e9'.repeat(524289)}"\n    JWT_SECRET: ${SECRET}\n`,
    expect: rule('secrets.values: the Secret the chart creates would hold 1048585 bytes of data, above the 1048576 bytes (1 MiB) Kubernetes allows') },
  { family: 'API server rules', name: 'a chart-created Secret of exactly 1 MiB', file: `secrets:\n  create: true\n  values:\n    DATABASE_URL: "${'d'.repeat(1024 * 1024 - 7)}"\n    JWT_SECRET: ${SECRET}\n`,
    expect: accepted((o) => expect(o.find((x) => x.kind === 'Secret').stringData.JWT_SECRET).toBe(SECRET)) },
  { family: 'API server rules', name: 'Secret values over 1 MiB that no Secret is made of (secrets.create false)', file: `secrets:\n  values:\n    DATABASE_URL: "${'d'.repeat(1024 * 1024 + 1)}"\n`,
    expect: accepted((o) => expect(o.filter((x) => x.kind === 'Secret')).toEqual([])) },
  { family: 'API server rules', name: 'a StorageClass name with capitals and "_"', file: 'persistence:\n  storageClass: Fast_SSD\n',
    expect: rule(format('persistence.storageClass', 'storageClass', '"Fast_SSD"')) },
  ...(['a..b', 'a.-b', 'a-.b', '-fast', 'fast.', 'Standard'] as const).map((name): Case => ({
    family: 'API server rules', name: `a StorageClass name the API server refuses: ${name}`, file: `persistence:\n  enabled: true\n  storageClass: ${name}\n`,
    expect: rule(format('persistence.storageClass', 'storageClass', JSON.stringify(name))),
  })),
  { family: 'API server rules', name: 'a StorageClass name of dotted parts', file: 'persistence:\n  enabled: true\n  storageClass: fast.ssd.example-1\n',
    expect: accepted((o) => expect(o.find((x) => x.kind === 'PersistentVolumeClaim').spec.storageClassName).toBe('fast.ssd.example-1')) },
  { family: 'API server rules', name: 'a StorageClass name over 253 characters', file: `persistence:\n  storageClass: ${'s'.repeat(254)}\n`,
    expect: schema(`${format('persistence.storageClass', 'storageClass', `"${'s'.repeat(80)}..." (254 characters)`)}`,
      '- persistence.storageClass: String length must be less than or equal to 253') },
  { family: 'API server rules', name: 'an existing claim name that is not a DNS name', file: 'persistence:\n  enabled: true\n  existingClaim: My_Claim\n',
    expect: rule(format('persistence.existingClaim', 'dnsNameOrEmpty', '"My_Claim"')) },
  { family: 'API server rules', name: 'a Secret name that is not a DNS name', file: 'secrets:\n  existingSecret: My_Secret\n',
    expect: rule(format('secrets.existingSecret', 'dnsNameOrEmpty', '"My_Secret"')) },
  // ---- the pass-through scheduling settings, checked as the API server checks them ----
  { family: 'API server rules', name: 'a nodeSelector key with a capital in its prefix', file: 'backend:\n  nodeSelector:\n    Kubernetes.io/os: linux\n',
    expect: rule(`backend.nodeSelector keys must be ${VALUE_FORMATS.labelKey.words}, got "Kubernetes.io/os"`) },
  { family: 'API server rules', name: 'a nodeSelector key and value that look like placeholders: refused alike, never taken for one', file: 'backend:\n  nodeSelector:\n    "\u27e6k\u27e7": "-4503599627370497"\n',
    expect: rule(`backend.nodeSelector keys must be ${VALUE_FORMATS.labelKey.words}, got "\u27e6k\u27e7"`, format('backend.nodeSelector["\u27e6k\u27e7"]', 'labelValue', '"-4503599627370497"')) },
  { family: 'API server rules', name: 'a nodeSelector value with a space', file: 'frontend:\n  nodeSelector:\n    disktype: fast ssd\n',
    expect: rule(format('frontend.nodeSelector["disktype"]', 'labelValue', '"fast ssd"')) },
  { family: 'API server rules', name: 'a nodeSelector value that is not a string', file: 'backend:\n  nodeSelector:\n    kubernetes.io/os: 1\n',
    expect: schema('backend.nodeSelector.kubernetes.io/os must be a string, got 1', '- backend.nodeSelector.kubernetes.io/os: Invalid type. Expected: string, given: integer') },
  { family: 'API server rules', name: 'a toleration without a key, not Exists', file: 'backend:\n  tolerations:\n    - effect: NoSchedule\n',
    expect: rule('backend.tolerations[0]: an empty key (every taint) needs operator Exists') },
  { family: 'API server rules', name: 'a toleration Exists with a value', file: 'backend:\n  tolerations:\n    - key: dedicated\n      operator: Exists\n      value: todo\n',
    expect: rule('backend.tolerations[0].value must be empty with operator Exists, got "todo"') },
  { family: 'API server rules', name: 'tolerationSeconds without effect NoExecute', file: 'frontend:\n  tolerations:\n    - key: a\n      operator: Exists\n    - key: b\n      value: c\n      tolerationSeconds: 60\n      effect: NoSchedule\n',
    expect: rule('frontend.tolerations[1].tolerationSeconds applies only to effect NoExecute, got effect "NoSchedule"') },
  { family: 'API server rules', name: 'a misspelt toleration field (Kubernetes would drop it)', file: 'backend:\n  tolerations:\n    - keys: dedicated\n      operator: Exists\n',
    expect: schema('backend.tolerations[0].keys is not a field Kubernetes knows there (did you mean "key"?)', '- backend.tolerations.0: Additional property keys is not allowed') },
  { family: 'API server rules', name: 'a toleration operator in lower case', file: 'backend:\n  tolerations:\n    - key: a\n      operator: exists\n',
    expect: schema('backend.tolerations[0].operator must be one of "Equal", "Exists", "", got "exists"',
      '- backend.tolerations.0.operator: backend.tolerations.0.operator must be one of the following: "Equal", "Exists", ""') },
  { family: 'API server rules', name: 'tolerations as they should be', file: 'backend:\n  tolerations:\n    - key: dedicated\n      operator: Equal\n      value: todo\n      effect: NoSchedule\n    - operator: Exists\n      effect: NoExecute\n      tolerationSeconds: 300\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.template.spec.tolerations).toHaveLength(2)) },
  { family: 'API server rules', name: 'a misspelt affinity field (the plain synthesis would drop it, Helm would not)', file: 'backend:\n  affinity:\n    nodeAfinity: {}\n',
    expect: schema('backend.affinity.nodeAfinity is not a field Kubernetes knows there (did you mean "nodeAffinity"?)', '- backend.affinity: Additional property nodeAfinity is not allowed') },
  { family: 'API server rules', name: 'a node affinity In without values', file: `backend:\n  affinity:\n    nodeAffinity:\n      ${REQUIRED}:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - {key: kubernetes.io/arch, operator: In, values: []}\n`,
    expect: schema(`backend.affinity.nodeAffinity.${REQUIRED}.nodeSelectorTerms[0].matchExpressions[0].values must hold at least one value with operator In, got a list []`, [
      `- backend.affinity.nodeAffinity.${REQUIRED}.nodeSelectorTerms.0.matchExpressions.0: Must validate "then" as "if" was valid`,
      `- backend.affinity.nodeAffinity.${REQUIRED}.nodeSelectorTerms.0.matchExpressions.0.values: Array must have at least 1 items`,
      `- backend.affinity.nodeAffinity.${REQUIRED}.nodeSelectorTerms.0.matchExpressions.0: Must validate all the schemas (allOf)`,
    ]) },
  { family: 'API server rules', name: 'a pod anti-affinity term without its topology key', file: `frontend:\n  affinity:\n    podAntiAffinity:\n      ${REQUIRED}:\n        - labelSelector:\n            matchLabels: {app.kubernetes.io/component: frontend}\n`,
    expect: schema(`frontend.affinity.podAntiAffinity.${REQUIRED}[0].topologyKey is missing`, `- frontend.affinity.podAntiAffinity.${REQUIRED}.0: topologyKey is required`) },
  { family: 'API server rules', name: 'a label selector value with a space', file: `frontend:\n  affinity:\n    podAffinity:\n      ${REQUIRED}:\n        - labelSelector:\n            matchLabels: {app: todo chatbot}\n          topologyKey: kubernetes.io/hostname\n`,
    expect: schema(format(`frontend.affinity.podAffinity.${REQUIRED}[0].labelSelector.matchLabels.app`, 'labelValue', '"todo chatbot"'),
      `- frontend.affinity.podAffinity.${REQUIRED}.0.labelSelector.matchLabels.app: Does not match pattern '${VALUE_FORMATS.labelValue.pattern}'`) },
  { family: 'API server rules', name: 'an affinity as it should be', file: `backend:\n  affinity:\n    nodeAffinity:\n      ${REQUIRED}:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}\n    podAntiAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n        - weight: 100\n          podAffinityTerm:\n            topologyKey: kubernetes.io/hostname\n            labelSelector:\n              matchLabels: {app.kubernetes.io/component: backend}\n`,
    expect: accepted((o) => expect(deployment(o, 'backend').spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(100)) },
  { family: 'API server rules', name: 'a misspelt topology spread field (the plain synthesis would drop it, Helm would not)', file: 'backend:\n  topologySpreadConstraints:\n    - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelectr: {}}\n',
    expect: schema('backend.topologySpreadConstraints[0].labelSelectr is not a field Kubernetes knows there (did you mean "labelSelector"?)',
      '- backend.topologySpreadConstraints.0: Additional property labelSelectr is not allowed') },
  { family: 'API server rules', name: 'a topology spread constraint with maxSkew 0', file: 'frontend:\n  topologySpreadConstraints:\n    - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n',
    expect: schema('frontend.topologySpreadConstraints[0].maxSkew must be an integer from 1 to 2147483647, got 0',
      '- frontend.topologySpreadConstraints.0.maxSkew: Must be greater than or equal to 1') },
  { family: 'API server rules', name: 'a topology spread constraint as it should be', file: 'backend:\n  topologySpreadConstraints:\n    - maxSkew: 1\n      topologyKey: topology.kubernetes.io/zone\n      whenUnsatisfiable: ScheduleAnyway\n      nodeTaintsPolicy: Honor\n      labelSelector:\n        matchLabels: {app.kubernetes.io/component: backend}\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.template.spec.topologySpreadConstraints[0].labelSelector.matchLabels['app.kubernetes.io/component']).toBe('backend')) },
  { family: 'API server rules', name: 'an image registry with a scheme', file: 'global:\n  imageRegistry: https://registry.example.com\n',
    expect: rule(format('global.imageRegistry', 'imageRegistry', '"https://registry.example.com"')) },
  // ---- the chart's options for a shared cluster ----
  { family: 'API server rules', name: 'an image pull Secret name that is not a DNS name', file: 'imagePullSecrets:\n  - name: Reg_Cred\n',
    expect: schema(format('imagePullSecrets[0].name', 'dnsName', '"Reg_Cred"'), `- imagePullSecrets.0.name: Does not match pattern '${VALUE_FORMATS.dnsName.pattern}'`) },
  { family: 'API server rules', name: 'an Ingress annotation key with a space', file: 'ingress:\n  enabled: true\n  annotations:\n    "proxy body size": 10m\n',
    expect: rule(`ingress.annotations keys must be ${VALUE_FORMATS.labelKey.words}, got "proxy body size"`) },
  { family: 'API server rules', name: 'an Ingress host that is an IP address', file: 'ingress:\n  enabled: true\n  host: 192.168.49.2\n',
    expect: rule('ingress.host "192.168.49.2" is an IP address: an Ingress host must be a DNS name') },
  { family: 'API server rules', name: 'a label key whose prefix is one past 253 characters, in an affinity\'s selector', file: `frontend:\n  affinity:\n    podAffinity:\n      ${REQUIRED}:\n        - topologyKey: kubernetes.io/hostname\n          labelSelector:\n            matchLabels:\n              ${LONG_PREFIX}/app: web\n`,
    expect: schema(`frontend.affinity.podAffinity.${REQUIRED}[0].labelSelector.matchLabels keys must be ${VALUE_FORMATS.labelKey.words}, got "${LONG_PREFIX}/app"`, [
      `- frontend.affinity.podAffinity.${REQUIRED}.0.labelSelector.matchLabels: Does not match pattern '${LABEL_KEY_PREFIX_LENGTH}'`,
      `- frontend.affinity.podAffinity.${REQUIRED}.0.labelSelector.matchLabels: Must validate all the schemas (allOf)`,
      `- frontend.affinity.podAffinity.${REQUIRED}.0.labelSelector.matchLabels: Property name of "${LONG_PREFIX}/app" does not match`]) },
  { family: 'API server rules', name: 'a topology key whose prefix is one past 253 characters', file: `backend:\n  topologySpreadConstraints:\n    - {maxSkew: 1, topologyKey: ${LONG_PREFIX}/zone, whenUnsatisfiable: DoNotSchedule}\n`,
    expect: schema(format('backend.topologySpreadConstraints[0].topologyKey', 'labelKey', `"${LONG_PREFIX.slice(0, 80)}..." (259 characters)`), [
      `- backend.topologySpreadConstraints.0.topologyKey: Does not match pattern '${LABEL_KEY_PREFIX_LENGTH}'`,
      '- backend.topologySpreadConstraints.0.topologyKey: Must validate all the schemas (allOf)']) },
  { family: 'API server rules', name: 'a label key whose prefix is exactly 253 characters', file: `backend:\n  topologySpreadConstraints:\n    - {maxSkew: 1, topologyKey: ${LONG_PREFIX.slice(1)}/zone, whenUnsatisfiable: DoNotSchedule}\n`,
    expect: accepted((o) => expect(deployment(o, 'backend').spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe(`${LONG_PREFIX.slice(1)}/zone`)) },
  { family: 'API server rules', name: 'minDomains with ScheduleAnyway', file: 'frontend:\n  topologySpreadConstraints:\n    - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, minDomains: 2}\n',
    expect: rule('frontend.topologySpreadConstraints[0].minDomains applies only with whenUnsatisfiable DoNotSchedule, got whenUnsatisfiable "ScheduleAnyway"') },
  { family: 'API server rules', name: 'two topology spread constraints for one key and action', file: 'backend:\n  topologySpreadConstraints:\n    - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n    - {maxSkew: 1, topologyKey: host, whenUnsatisfiable: DoNotSchedule}\n    - {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n',
    expect: rule('backend.topologySpreadConstraints[2] repeats topologyKey "zone" with whenUnsatisfiable "DoNotSchedule" of [0]: Kubernetes takes one constraint per pair') },
  { family: 'API server rules', name: 'one topology key with both actions', file: 'backend:\n  topologySpreadConstraints:\n    - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n    - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.template.spec.topologySpreadConstraints).toHaveLength(2)) },
  { family: 'API server rules', name: 'matchLabelKeys without a labelSelector', file: 'frontend:\n  topologySpreadConstraints:\n    - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, matchLabelKeys: [pod-template-hash]}\n',
    expect: rule('frontend.topologySpreadConstraints[0].matchLabelKeys needs a labelSelector: Kubernetes refuses them without one') },
  { family: 'API server rules', name: 'a matchLabelKeys key that its labelSelector has too', file: 'frontend:\n  topologySpreadConstraints:\n    - maxSkew: 1\n      topologyKey: zone\n      whenUnsatisfiable: DoNotSchedule\n      matchLabelKeys: [pod-template-hash, app]\n      labelSelector:\n        matchExpressions:\n          - {key: app, operator: Exists}\n',
    expect: rule('frontend.topologySpreadConstraints[0].matchLabelKeys[1] "app" is a key of its labelSelector too: Kubernetes refuses a key in both') },
  { family: 'API server rules', name: 'matchLabelKeys with a selector of other keys', file: 'frontend:\n  topologySpreadConstraints:\n    - maxSkew: 1\n      topologyKey: zone\n      whenUnsatisfiable: DoNotSchedule\n      matchLabelKeys: [pod-template-hash]\n      labelSelector:\n        matchLabels: {app.kubernetes.io/component: frontend}\n',
    expect: accepted((o) => expect(deployment(o, 'frontend').spec.template.spec.topologySpreadConstraints[0].matchLabelKeys).toEqual(['pod-template-hash'])) },
  { family: 'API server rules', name: 'matchLabelKeys in a pod affinity term (not a field in Kubernetes 1.28)', file: `backend:\n  affinity:\n    podAntiAffinity:\n      ${REQUIRED}:\n        - {topologyKey: kubernetes.io/hostname, matchLabelKeys: [pod-template-hash], labelSelector: {}}\n`,
    expect: schema(`backend.affinity.podAntiAffinity.${REQUIRED}[0].matchLabelKeys is not a field Kubernetes knows there (the fields: labelSelector, namespaceSelector, namespaces, topologyKey)`,
      `- backend.affinity.podAntiAffinity.${REQUIRED}.0: Additional property matchLabelKeys is not allowed`) },
  { family: 'API server rules', name: 'Ingress annotations over 256 KiB', file: `ingress:\n  enabled: true\n  annotations:\n    example.com/blob: ${'x'.repeat(300_000)}\n`,
    expect: rule('ingress.annotations hold 300016 bytes, above the 262144 bytes (256 KiB) Kubernetes allows an object\'s annotations') },
  ...(['a..b', 'registry..local:5000', '-registry.local', 'registry.local:5000/team//x'] as const).map((registry): Case => ({
    family: 'API server rules', name: `an image registry that is no host name: ${registry}`, file: `global:\n  imageRegistry: "${registry}"\n`,
    expect: rule(format('global.imageRegistry', 'imageRegistry', JSON.stringify(registry))),
  })),
  { family: 'API server rules', name: 'a health path without its slash', file: 'backend:\n  probes:\n    path: health\n',
    expect: rule(format('backend.probes.path', 'urlPath', '"health"')) },
  { family: 'API server rules', name: 'a health path with a space', file: 'frontend:\n  probes:\n    path: /api/health check\n',
    expect: rule(format('frontend.probes.path', 'urlPath', '"/api/health check"')) },

  // ---- dangerous ----
  { family: 'dangerous', name: 'the node\'s root as the uploads host path', file: hostPath('/'),
    expect: rule(format('persistence.hostPath', 'absolutePath', '"/"')) },
  { family: 'dangerous', name: '/etc as the host path', file: hostPath('/etc'), expect: rule(hostPathRule('/etc')) },
  { family: 'dangerous', name: 'the kubelet\'s pods as the host path', file: hostPath('/var/lib/kubelet/pods'), expect: rule(hostPathRule('/var/lib/kubelet/pods')) },
  { family: 'dangerous', name: 'a whole top-level directory as the host path', file: hostPath('/mnt'), expect: rule(hostPathRule('/mnt')) },
  { family: 'dangerous', name: 'a process\'s root as the host path', file: hostPath('/proc/1/root'), expect: rule(hostPathRule('/proc/1/root')) },
  { family: 'dangerous', name: 'the container runtime\'s socket folder', file: hostPath('/var/run/docker'), expect: rule(hostPathRule('/var/run/docker')) },
  { family: 'dangerous', name: 'a host path that climbs out with ..', file: hostPath('/mnt/data/../../etc'),
    expect: rule(format('persistence.hostPath', 'absolutePath', '"/mnt/data/../../etc"')) },
  { family: 'dangerous', name: 'a system host path while persistence is off (unused, so accepted)', file: 'persistence:\n  enabled: false\n  type: hostPath\n  hostPath: /etc\n',
    expect: accepted((o) => expect(JSON.stringify(o)).not.toContain('hostPath')) },
  { family: 'dangerous', name: 'a syntax error on the line holding a secret', file: `secrets:\n  values:\n    DATABASE_URL: postgres://u:${SECRET}@db/x: y\n`,
    expect: fileError('values file FILE: YAML syntax error at line 3, column 19: Nested mappings are not allowed in compact mappings',
      'yaml: line 3: mapping values are not allowed in this context') },
  { family: 'dangerous', name: 'a secret run into a block scalar header', file: `secrets:\n  values:\n    JWT_SECRET: |${SECRET}\n`,
    expect: fileError('values file FILE: YAML syntax error at line 3, column 18: Block scalar header includes extra characters',
      'yaml: line 3: did not find expected comment or line break') },
  { family: 'dangerous', name: 'a bad escape inside a quoted secret', file: `secrets:\n  values:\n    JWT_SECRET: "${SECRET}\\q"\n`,
    expect: fileError('values file FILE: YAML syntax error at line 3, column 25: Invalid escape sequence \\q',
      'yaml: line 3: found unknown escape character') },
  { family: 'dangerous', name: 'an unclosed quote before a secret', file: `secrets:\n  values:\n    JWT_SECRET: "${SECRET}\n    DATABASE_URL: x\n`,
    expect: fileError('values file FILE: YAML syntax error at line 5, column 1: Missing closing "quote',
      'yaml: line 5: found unexpected end of stream') },

  // ---- YAML and encoding: read as Helm reads it ----
  { family: 'YAML and encoding', name: 'a byte that is not UTF-8', file: Buffer.from('config:\n  environment: "\xff"\n', 'latin1'),
    expect: fileError('values file FILE is not UTF-8 text: byte 0xff at line 2 is not valid UTF-8 (save the file as UTF-8; Helm refuses it too)',
      'yaml: invalid leading UTF-8 octet') },
  { family: 'YAML and encoding', name: 'a Latin-1 accent', file: Buffer.from('config:\n  environment: "caf\xe9"\n', 'latin1'),
    expect: fileError('values file FILE is not UTF-8 text: byte 0xe9 at line 2 is not valid UTF-8 (save the file as UTF-8; Helm refuses it too)',
      'yaml: invalid trailing UTF-8 octet') },
  // Invisible and look-alike characters: named in the message exactly as Go's %q writes them, on both paths.
  { family: 'YAML and encoding', name: 'a zero-width space, a control character and an accent in a Service name', file: 'backend:\n  service:\n    name: "a\\u200bb\\x01c\\u00e9"\n',
    expect: rule(format('backend.service.name', 'serviceName', '"a\\u200bb\\x01c\u00e9"')) },
  { family: 'YAML and encoding', name: 'a no-break space in a StorageClass name', file: 'persistence:\n  storageClass: "fast\\u00a0ssd"\n',
    expect: rule(format('persistence.storageClass', 'storageClass', '"fast\\u00a0ssd"')) },
  { family: 'YAML and encoding', name: 'a full-width letter in a claim name', file: 'persistence:\n  existingClaim: "\uff54odo"\n',
    expect: rule(format('persistence.existingClaim', 'dnsNameOrEmpty', '"\uff54odo"')) },
  { family: 'YAML and encoding', name: 'UTF-16 with a byte order mark (Helm reads it)', file: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('backend:\n  replicaCount: 2\n', 'utf16le')]),
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(2)) },
  { family: 'YAML and encoding', name: 'a UTF-8 byte order mark', file: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('backend:\n  replicaCount: 3\n')]),
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(3)) },
  { family: 'YAML and encoding', name: 'a key given twice: the last one wins, as in Helm, with a warning', file: 'backend:\n  replicaCount: 2\n  replicaCount: 3\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(3),
      'warning: values file FILE: backend.replicaCount is set twice (line 2, column 3 and line 3, column 3); the last one wins, as in Helm') },
  { family: 'YAML and encoding', name: 'a group given twice replaces the first whole, as in Helm', file: 'backend:\n  replicaCount: 2\nbackend:\n  containerPort: 8080\n',
    expect: accepted((o) => {
      expect(deployment(o, 'backend').spec.replicas).toBe(1);
      expect(container(o, 'backend').ports[0].containerPort).toBe(8080);
    }, 'warning: values file FILE: backend is set twice (line 1, column 1 and line 3, column 1); the last one wins, as in Helm') },
  { family: 'YAML and encoding', name: 'a secret key given twice: named, its values never printed', file: `secrets:\n  values:\n    JWT_SECRET: ${SECRET}-one\n    JWT_SECRET: ${SECRET}-two\n`,
    expect: accepted(undefined, 'warning: values file FILE: secrets.values.JWT_SECRET is set twice (line 3, column 5 and line 4, column 5); the last one wins, as in Helm') },
  // Helm reads only the first document (and never parses the rest): so does the plain synthesis, with a warning.
  { family: 'YAML and encoding', name: 'two YAML documents in one file: the first is read, as in Helm, with a warning', file: 'backend:\n  replicaCount: 2\n---\nbackend:\n  replicaCount: 3\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(2), multipleDocuments('line 3, column 1')) },
  { family: 'YAML and encoding', name: 'an empty first document: no values are read, as in Helm', file: '# settings below\n---\n---\nbackend:\n  replicaCount: 4\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(1), multipleDocuments('line 3, column 1')) },
  { family: 'YAML and encoding', name: 'a syntax error in a second document (Helm never parses it)', file: 'backend:\n  replicaCount: 2\n---\nbackend: [\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(2), multipleDocuments('line 3, column 1')) },
  { family: 'YAML and encoding', name: 'a secret in an ignored document is never printed', file: `backend:\n  replicaCount: 2\n---\nsecrets:\n  values:\n    JWT_SECRET: ${SECRET}\n`,
    expect: accepted((o) => expect(JSON.stringify(o)).not.toContain(SECRET), multipleDocuments('line 3, column 1')) },
  { family: 'YAML and encoding', name: 'a document start marker before the only document', file: '---\nbackend:\n  replicaCount: 2\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(2)) },
  { family: 'YAML and encoding', name: 'a trailing document start marker with nothing after it', file: 'backend:\n  replicaCount: 2\n---\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(2)) },
  { family: 'YAML and encoding', name: 'a document end marker with nothing after it', file: 'backend:\n  replicaCount: 2\n...\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(2)) },
  { family: 'YAML and encoding', name: 'a sexagesimal-looking port (a string in Helm)', file: 'frontend:\n  service:\n    nodePort: 30:00\n',
    expect: schema('frontend.service.nodePort must be an integer from 30000 to 32767, got "30:00"', '- frontend.service.nodePort: Invalid type. Expected: integer, given: string') },
  { family: 'YAML and encoding', name: 'a date-like tag (a string in Helm)', file: 'backend:\n  image:\n    tag: 2024-01-01\n',
    expect: accepted((o) => expect(container(o, 'backend').image).toBe('todo-backend:2024-01-01')) },
  { family: 'YAML and encoding', name: 'an 0o octal number', file: 'backend:\n  replicaCount: 0o10\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(8)) },
  { family: 'YAML and encoding', name: 'a YAML 1.1 octal number', file: 'backend:\n  replicaCount: 010\n',
    expect: accepted((o) => expect(deployment(o, 'backend').spec.replicas).toBe(8)) },
  { family: 'YAML and encoding', name: 'yes for true', file: 'persistence:\n  enabled: yes\n',
    expect: accepted((o) => expect(o.filter((x) => x.kind === 'PersistentVolumeClaim')).toHaveLength(1)) },
  { family: 'YAML and encoding', name: 'infinity', file: 'backend:\n  replicaCount: .inf\n',
    expect: fileError('values file FILE: backend.replicaCount is Infinity, which is not a number a values file can hold (Helm refuses it too)',
      'json: unsupported value: +Inf') },
  { family: 'YAML and encoding', name: 'an alias bomb', file: ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n') + '\n',
    expect: fileError('values file FILE: Excessive alias count indicates a resource exhaustion attack (too many aliases)', 'excessive aliasing') },
  { family: 'YAML and encoding', name: 'merge keys', file: 'x: &probe {periodSeconds: 7, failureThreshold: 4}\n'.replace(/^x/, 'backend:\n  probes:\n    liveness') + '    readiness:\n      <<: *probe\n      periodSeconds: 8\n',
    expect: accepted((o) => expect(container(o, 'backend').readinessProbe).toMatchObject({ periodSeconds: 8, failureThreshold: 4 })) },
  { family: 'YAML and encoding', name: 'a list as a key', file: '? [a, b]\n: c\n',
    expect: fileError('values file FILE: the key at line 1, column 3 must be a plain name, not a list or mapping', 'invalid map key') },
  { family: 'YAML and encoding', name: 'a tab as indentation', file: 'backend:\n\treplicaCount: 2\n',
    expect: fileError('values file FILE: YAML syntax error at line 2, column 1: Tabs are not allowed as indentation', 'found character that cannot start any token') },
  { family: 'YAML and encoding', name: 'an empty file', file: '', expect: accepted() },
  { family: 'YAML and encoding', name: 'comments only', file: '# nothing to change yet\n', expect: accepted() },
  { family: 'YAML and encoding', name: 'a single value instead of settings', file: 'hello\n',
    expect: fileError('values file FILE must hold a mapping of settings (key: value lines), not a single value', 'cannot unmarshal string into Go value') },
  { family: 'YAML and encoding', name: 'a list instead of settings', file: '- backend\n',
    expect: fileError('values file FILE must hold a mapping of settings (key: value lines), not a list', 'cannot unmarshal array into Go value') },
  { family: 'YAML and encoding', name: '!!binary, decoded as Helm decodes it', file: 'backend:\n  image:\n    repository: !!binary dG9kby1hcGk=\n',
    expect: accepted((o) => expect(container(o, 'backend').image).toBe('todo-api:1.0.0')) },
  { family: 'YAML and encoding', name: '!!str keeps a version a string', file: 'backend:\n  image:\n    tag: !!str 1.10\n',
    expect: accepted((o) => expect(container(o, 'backend').image).toBe('todo-backend:1.10')) },

  // ---- pass-through pod items, checked as the API server checks what they refer to ----
  { family: 'API server rules', name: 'a variable with both a value and a valueFrom', file: 'backend:\n  extraEnv:\n    - {name: POD, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}\n',
    expect: rule('backend.extraEnv[0].valueFrom cannot go with a value that is not empty: give one of them') },
  { family: 'API server rules', name: 'a valueFrom with no source', file: 'backend:\n  extraEnv:\n    - {name: POD, valueFrom: {}}\n',
    expect: rule('backend.extraEnv[0].valueFrom must give exactly one of configMapKeyRef, fieldRef, resourceFieldRef, secretKeyRef, got 0') },
  { family: 'API server rules', name: 'a valueFrom with two sources', file: 'frontend:\n  extraEnv:\n    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}, resourceFieldRef: {resource: limits.cpu}}}\n',
    expect: rule('frontend.extraEnv[0].valueFrom must give exactly one of configMapKeyRef, fieldRef, resourceFieldRef, secretKeyRef, got 2') },
  { family: 'API server rules', name: 'a pod field Kubernetes does not offer', file: 'backend:\n  extraEnv:\n    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.nam}}}\n',
    expect: rule('backend.extraEnv[0].valueFrom.fieldRef.fieldPath must be one of metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, '
      + 'or metadata.labels[\'KEY\'] or metadata.annotations[\'KEY\'] with KEY a label key, got "metadata.nam"') },
  { family: 'API server rules', name: 'a pod label by a key that is no label key', file: 'backend:\n  extraEnv:\n    - {name: TIER, valueFrom: {fieldRef: {fieldPath: "metadata.labels[\'bad key\']"}}}\n',
    expect: rule('backend.extraEnv[0].valueFrom.fieldRef.fieldPath must be one of metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, '
      + 'or metadata.labels[\'KEY\'] or metadata.annotations[\'KEY\'] with KEY a label key, got "metadata.labels[\'bad key\']"') },
  { family: 'API server rules', name: 'pod fields, labels, annotations and resources Kubernetes offers',
    file: 'backend:\n  extraEnv:\n    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}\n    - {name: TIER, valueFrom: {fieldRef: {fieldPath: "metadata.labels[\'app.kubernetes.io/component\']"}}}\n'
      + '    - {name: NOTE, valueFrom: {fieldRef: {fieldPath: "metadata.annotations[\'Example.com/Note\']"}}}\n    - {name: MEMORY, valueFrom: {resourceFieldRef: {resource: limits.memory}}}\n',
    expect: accepted((o) => expect(container(o, 'backend').env.map((e: any) => e.name)).toEqual(expect.arrayContaining(['POD', 'TIER', 'NOTE', 'MEMORY']))) },
  { family: 'API server rules', name: 'a container resource Kubernetes does not offer', file: 'backend:\n  extraEnv:\n    - {name: MEMORY, valueFrom: {resourceFieldRef: {resource: limits.mem}}}\n',
    expect: rule('backend.extraEnv[0].valueFrom.resourceFieldRef.resource must be one of limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, requests.ephemeral-storage, got "limits.mem"') },
  { family: 'API server rules', name: 'a Secret reference with a bad name and key', file: 'backend:\n  extraEnv:\n    - {name: TOKEN, valueFrom: {secretKeyRef: {name: Bad_Name, key: "bad key"}}}\n',
    expect: rule(`backend.extraEnv[0].valueFrom.secretKeyRef.name must be ${VALUE_FORMATS.dnsName.words}, got "Bad_Name"`,
      'backend.extraEnv[0].valueFrom.secretKeyRef.key must be a key of a ConfigMap or Secret (letters, digits, "-", "_" and ".", at most 253 characters), got "bad key"') },
  { family: 'API server rules', name: 'a ConfigMap reference without a name', file: 'frontend:\n  extraEnv:\n    - {name: THEME, valueFrom: {configMapKeyRef: {key: theme}}}\n',
    expect: rule(`frontend.extraEnv[0].valueFrom.configMapKeyRef.name must be ${VALUE_FORMATS.dnsName.words}, got ""`) },
  { family: 'API server rules', name: 'an envFrom with no source', file: 'backend:\n  extraEnvFrom:\n    - {prefix: X_}\n',
    expect: rule('backend.extraEnvFrom[0] must give exactly one of configMapRef, secretRef, got 0') },
  { family: 'API server rules', name: 'an envFrom with a bad ConfigMap name', file: 'backend:\n  extraEnvFrom:\n    - {configMapRef: {name: Bad_Name}}\n',
    expect: rule(`backend.extraEnvFrom[0].configMapRef.name must be ${VALUE_FORMATS.dnsName.words}, got "Bad_Name"`) },
  { family: 'API server rules', name: 'a volume with two sources', file: 'backend:\n  extraVolumes:\n    - {name: cache, emptyDir: {}, configMap: {name: c}}\n',
    expect: rule('backend.extraVolumes[0] must give one volume source, got configMap, emptyDir') },
  { family: 'API server rules', name: 'an emptyDir size below 0', file: 'backend:\n  extraVolumes:\n    - {name: cache, emptyDir: {sizeLimit: -1Gi}}\n',
    expect: rule('backend.extraVolumes[0].emptyDir.sizeLimit must be a quantity of at least 0 (such as 1Gi), got "-1Gi"') },
  { family: 'API server rules', name: 'an emptyDir size that is no quantity', file: 'backend:\n  extraVolumes:\n    - {name: cache, emptyDir: {sizeLimit: 1GB}}\n',
    expect: rule('backend.extraVolumes[0].emptyDir.sizeLimit must be a quantity of at least 0 (such as 1Gi), got "1GB"') },
  { family: 'API server rules', name: 'a subPath that climbs out of its volume', file: 'backend:\n  extraVolumes:\n    - {name: cache, emptyDir: {}}\n  extraVolumeMounts:\n    - {name: cache, mountPath: /cache, subPath: ../etc}\n',
    expect: rule('backend.extraVolumeMounts[0].subPath must be a relative path without "..", got "../etc"') },
  { family: 'API server rules', name: 'an absolute subPath', file: 'backend:\n  extraVolumes:\n    - {name: cache, emptyDir: {}}\n  extraVolumeMounts:\n    - {name: cache, mountPath: /cache, subPathExpr: /a}\n',
    expect: rule('backend.extraVolumeMounts[0].subPathExpr must be a relative path without "..", got "/a"') },
  { family: 'API server rules', name: 'a subPath inside the volume', file: 'backend:\n  extraVolumes:\n    - {name: cache, emptyDir: {}}\n  extraVolumeMounts:\n    - {name: cache, mountPath: /cache, subPath: a/b..c}\n',
    expect: accepted((o) => expect(container(o, 'backend').volumeMounts.find((v: any) => v.name === 'cache').subPath).toBe('a/b..c')) },
  { family: 'API server rules', name: 'Bidirectional mount propagation (privileged containers only)', file: 'backend:\n  extraVolumes:\n    - {name: cache, emptyDir: {}}\n  extraVolumeMounts:\n    - {name: cache, mountPath: /cache, mountPropagation: Bidirectional}\n',
    expect: rule('backend.extraVolumeMounts[0].mountPropagation must be None or HostToContainer (Bidirectional needs a privileged container, which the chart\'s are never), got "Bidirectional"') },
  { family: 'API server rules', name: 'an Ingress path with "//"', file: 'ingress:\n  enabled: true\n  path: //app\n',
    expect: rule('ingress.path "//app" must not hold "//", "/./", "/../", "%2f", "%2F" nor end with "/.." or "/." with pathType Prefix or Exact') },
  { family: 'API server rules', name: 'an Ingress path ending in "/." (ImplementationSpecific leaves it to the controller)', file: 'ingress:\n  enabled: true\n  path: /app/.\n  pathType: ImplementationSpecific\n',
    expect: accepted((o) => expect(o.find((x) => x.kind === 'Ingress').spec.rules[0].http.paths[0].path).toBe('/app/.')) },
  { family: 'dangerous', name: 'a created ServiceAccount named default (the namespace\'s own)', file: 'serviceAccount:\n  create: true\n  name: default\n',
    expect: rule('serviceAccount.name "default" with serviceAccount.create: every namespace has a ServiceAccount named default already (Helm would refuse to take it over, kubectl apply would change it); choose another name, or leave create false to use it') },
  { family: 'dangerous', name: 'an extra hostPath volume at the node\'s root', file: 'frontend:\n  extraVolumes:\n    - {name: host, hostPath: {path: /}}\n',
    expect: rule(format('frontend.extraVolumes[0].hostPath.path', 'absolutePath', '"/"')) },
  ...(['/etc', '/var/lib/kubelet/pods', '/data', '/root/.ssh'] as const).map((p): Case => ({
    family: 'dangerous', name: `an extra hostPath volume at ${p}`, file: `backend:\n  extraVolumes:\n    - {name: host, hostPath: {path: ${p}}}\n`,
    expect: rule(notOwnDirectory('backend.extraVolumes[0].hostPath.path', p)),
  })),
  { family: 'dangerous', name: 'an extra hostPath volume with ".."', file: 'backend:\n  extraVolumes:\n    - {name: host, hostPath: {path: /mnt/../etc}}\n',
    expect: rule(format('backend.extraVolumes[0].hostPath.path', 'absolutePath', '"/mnt/../etc"')) },

  { family: 'API server rules', name: 'a memory request without its unit: a fraction of a byte', file: 'backend:\n  resources:\n    requests:\n      memory: "1.5"\n',
    expect: rule('backend.resources.requests.memory "1.5" is a fraction of a byte: memory and storage are whole bytes (is a unit missing, as in "1.5Gi"?)') },
  { family: 'API server rules', name: 'a claim size in milli-bytes', file: 'persistence:\n  size: 500m\n',
    expect: rule('persistence.size "500m" is a fraction of a byte: memory and storage are whole bytes (is a unit missing, as in "1.5Gi"?)') },
  { family: 'API server rules', name: 'a memory limit in whole bytes with a decimal unit', file: 'frontend:\n  resources:\n    limits:\n      memory: 1.5Gi\n',
    expect: accepted((o) => expect(container(o, 'frontend').resources.limits.memory).toBe('1.5Gi')) },
  { family: 'API server rules', name: 'one image pull Secret twice', file: 'imagePullSecrets:\n  - name: regcred\n  - name: other\n  - name: regcred\n',
    expect: rule('imagePullSecrets[2].name "regcred" is given at imagePullSecrets[0] too') },
  { family: 'values schema', name: 'a CORS origin with a trailing slash (a browser\'s Origin never has one)', file: 'config:\n  corsOrigins: http://localhost:30000/\n',
    expect: rule(format('config.corsOrigins', 'corsOrigins', '"http://localhost:30000/"')) },
  { family: 'values schema', name: 'a CORS origin without its scheme', file: 'config:\n  corsOrigins: localhost:30000\n',
    expect: rule(format('config.corsOrigins', 'corsOrigins', '"localhost:30000"')) },
  { family: 'values schema', name: 'CORS origins separated by commas and spaces', file: 'config:\n  corsOrigins: "http://localhost:30000, https://todo.example.com:8443,http://[::1]:3000"\n',
    expect: accepted((o) => expect(o.find((x) => x.kind === 'ConfigMap').data.CORS_ORIGINS).toBe('http://localhost:30000, https://todo.example.com:8443,http://[::1]:3000')) },
  { family: 'dangerous', name: 'a frontend URL that is a script', file: 'config:\n  frontendUrl: "javascript:alert(1)"\n',
    expect: rule(format('config.frontendUrl', 'httpUrl', '"javascript:alert(1)"')) },
  // ---- legal, but likely a mistake: a warning ----
  { family: 'likely mistakes', name: 'a disruption budget that lets no pod move', file: 'backend:\n  podDisruptionBudget:\n    enabled: true\n    maxUnavailable: 0\n',
    expect: accepted((o) => expect(o.find((x) => x.kind === 'PodDisruptionBudget').spec.maxUnavailable).toBe(0),
      'warning: FILE: backend.podDisruptionBudget.maxUnavailable is 0: no voluntary disruption may take a backend pod, so kubectl drain (and a node upgrade) waits for ever; 1 lets one pod move at a time') },
  { family: 'likely mistakes', name: 'CORS open to every origin', file: 'config:\n  corsOrigins: "*"\n',
    expect: accepted((o) => expect(o.find((x) => x.kind === 'ConfigMap').data.CORS_ORIGINS).toBe('*'),
      'warning: FILE: config.corsOrigins "*" lets any web site call the API from its visitors\' browsers: list the frontend\'s origins') },
  { family: 'likely mistakes', name: 'an image registry without a dot or a port: read as a Docker Hub namespace', file: 'global:\n  imageRegistry: myregistry\n',
    expect: accepted((o) => expect(container(o, 'backend').image).toBe('myregistry/todo-backend:1.0.0'),
      'warning: FILE: global.imageRegistry "myregistry" is read as a Docker Hub namespace (docker.io/<it>/<repository>), not a registry host: a host has a "." or a port (registry.local, myregistry:5000), or is localhost') },
  { family: 'likely mistakes', name: 'localhost as the image registry: a host, no warning', file: 'global:\n  imageRegistry: localhost/team\n',
    expect: accepted((o) => expect(container(o, 'frontend').image).toBe('localhost/team/todo-frontend:1.0.0')) },
  { family: 'likely mistakes', name: 'a probe timeout longer than its period', file: 'backend:\n  probes:\n    liveness:\n      timeoutSeconds: 15\n',
    expect: accepted((o) => expect(container(o, 'backend').livenessProbe.timeoutSeconds).toBe(15),
      'warning: FILE: backend.probes.liveness.timeoutSeconds (15) is longer than its periodSeconds (10): a slow probe overlaps the next one') },
  { family: 'likely mistakes', name: 'two probes too slow for their periods, each named', file: 'frontend:\n  probes:\n    startup:\n      timeoutSeconds: 6\n    readiness:\n      timeoutSeconds: 6\n',
    expect: accepted(undefined,
      'warning: FILE: frontend.probes.startup.timeoutSeconds (6) is longer than its periodSeconds (5): a slow probe overlaps the next one',
      'warning: FILE: frontend.probes.readiness.timeoutSeconds (6) is longer than its periodSeconds (5): a slow probe overlaps the next one') },
  { family: 'likely mistakes', name: 'a probe timeout set twice, the last one too slow: both warnings, only the probe\'s in Helm\'s NOTES',
    file: 'backend:\n  probes:\n    readiness:\n      timeoutSeconds: 2\n      timeoutSeconds: 30\n',
    expect: accepted((o) => expect(container(o, 'backend').readinessProbe.timeoutSeconds).toBe(30),
      'warning: values file FILE: backend.probes.readiness.timeoutSeconds is set twice (line 4, column 7 and line 5, column 7); the last one wins, as in Helm',
      'warning: FILE: backend.probes.readiness.timeoutSeconds (30) is longer than its periodSeconds (5): a slow probe overlaps the next one') },
  { family: 'likely mistakes', name: 'a probe timeout equal to its period (no warning)', file: 'frontend:\n  probes:\n    liveness:\n      timeoutSeconds: 10\n      periodSeconds: 10\n',
    expect: accepted((o) => expect(container(o, 'frontend').livenessProbe.timeoutSeconds).toBe(10)) },
  { family: 'likely mistakes', name: 'the image tag latest with pullPolicy IfNotPresent (silently stale)', file: 'frontend:\n  image:\n    tag: latest\n',
    expect: rule('frontend.image.tag "latest" changes under a running Deployment (with pullPolicy IfNotPresent each node keeps whatever it pulled first): pin a version') },
  { family: 'likely mistakes', name: 'the image tag latest with pullPolicy Always (pods of one Deployment run different builds)', file: 'backend:\n  image:\n    tag: latest\n    pullPolicy: Always\n',
    expect: rule('backend.image.tag "latest" changes under a running Deployment (with pullPolicy IfNotPresent each node keeps whatever it pulled first): pin a version') },
  { family: 'likely mistakes', name: 'a tag that only looks like latest', file: 'backend:\n  image:\n    tag: latest-1.2\n',
    expect: accepted((o) => expect(container(o, 'backend').image).toBe('todo-backend:latest-1.2')) },

  // ---- values merged into the chart's own labels and annotations (commonLabels, podLabels, podAnnotations) ----
  { family: 'values schema', name: 'null commonLabels', file: 'commonLabels: null\n',
    expect: schema(`commonLabels must be a mapping (key: value lines), got ${NULL}`, '- (root): commonLabels is required') },
  { family: 'values schema', name: 'a null pod label', file: 'backend:\n  podLabels:\n    team: ~\n',
    expect: schema(`backend.podLabels.team must be a string, got ${NULL}`, '- backend.podLabels.team: Invalid type. Expected: string, given: null') },
  { family: 'values schema', name: 'pod annotations as a list', file: 'frontend:\n  podAnnotations:\n    - prometheus.io/scrape\n',
    expect: schema('frontend.podAnnotations must be a mapping (key: value lines), got a list ["prometheus.io/scrape"]', '- frontend.podAnnotations: Invalid type. Expected: object, given: array') },
  { family: 'values schema', name: 'a label value YAML reads as a number', file: 'commonLabels:\n  replicas: 3\n',
    expect: schema('commonLabels.replicas must be a string, got 3', '- commonLabels.replicas: Invalid type. Expected: string, given: integer') },
  { family: 'API server rules', name: 'a label key that looks like a placeholder', file: 'commonLabels:\n  "\u27e6a1b2c3d4e5f6a1b2c3d4e5f6:0\u27e7": x\n',
    expect: rule(`commonLabels keys must be ${VALUE_FORMATS.labelKey.words}, got "\u27e6a1b2c3d4e5f6a1b2c3d4e5f6:0\u27e7"`) },
  { family: 'API server rules', name: 'a label value with a line break', file: 'frontend:\n  podLabels:\n    team: "a\\nb"\n',
    expect: rule(`frontend.podLabels.team must be ${VALUE_FORMATS.labelValue.words}, got "a\\nb"`) },
  { family: 'API server rules', name: 'pod annotations over 256 KiB', file: `backend:\n  podAnnotations:\n    example.com/blob: ${'x'.repeat(300_000)}\n`,
    expect: rule('backend.podAnnotations hold 300016 bytes: with the chart\'s own (158 bytes) the pods\' annotations would exceed the 262144 bytes (256 KiB) Kubernetes allows') },
  { family: 'dangerous', name: 'a pod label that would move the pods to another release\'s selector', file: 'frontend:\n  podLabels:\n    app.kubernetes.io/instance: other-release\n',
    expect: rule('frontend.podLabels.app.kubernetes.io/instance is a label the chart sets itself (app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/version, '
      + 'app.kubernetes.io/part-of, app.kubernetes.io/managed-by, app.kubernetes.io/component, helm.sh/chart), which selects or describes the release\'s objects') },
  { family: 'dangerous', name: 'a fixed config checksum that would stop config changes from rolling the pods', file: 'backend:\n  podAnnotations:\n    checksum/config: fixed\n',
    expect: rule('backend.podAnnotations.checksum/config is the chart\'s own annotation (checksum/config, checksum/secret), which rolls the pods when the config or the chart-created Secret changes') },

  // ---- variables, volumes and mounts added to the chart's own (extraEnv, extraEnvFrom, extraVolumes, extraVolumeMounts) ----
  { family: 'values schema', name: 'a misspelt field of an extra variable', file: 'backend:\n  extraEnv:\n    - name: TZ\n      valu: UTC\n',
    expect: schema('backend.extraEnv[0].valu is not a field Kubernetes knows there (did you mean "value"?)', '- backend.extraEnv.0: Additional property valu is not allowed') },
  { family: 'values schema', name: 'extra volumes as a mapping', file: 'frontend:\n  extraVolumes:\n    name: x\n',
    expect: schema('frontend.extraVolumes must be a list, got {"name":"x"}', '- frontend.extraVolumes: Invalid type. Expected: array, given: object') },
  { family: 'values schema', name: 'a null extra variable', file: 'backend:\n  extraEnv:\n    - null\n',
    expect: schema(`backend.extraEnv[0] must be a mapping (key: value lines), got ${NULL}`, '- backend.extraEnv.0: Invalid type. Expected: object, given: null') },
  { family: 'API server rules', name: 'an extra variable named like a placeholder', file: 'frontend:\n  extraEnv:\n    - name: "\u27e6a1b2c3d4e5f6a1b2c3d4e5f6:0\u27e7"\n      value: x\n',
    expect: rule('frontend.extraEnv[0].name must be an environment variable name (letters, digits and "_", not starting with a digit), got "\u27e6a1b2c3d4e5f6a1b2c3d4e5f6:0\u27e7"') },
  { family: 'API server rules', name: 'an extra mount at the backend\'s /tmp', file: 'backend:\n  extraVolumes:\n    - name: big-tmp\n      emptyDir:\n        sizeLimit: 10Gi\n  extraVolumeMounts:\n    - name: big-tmp\n      mountPath: /tmp\n',
    expect: rule('backend.extraVolumeMounts[0].mountPath "/tmp" is already a mount path of the backend container (/tmp, /app/uploads): Kubernetes refuses two volumes at one path') },
  { family: 'dangerous', name: 'an extra variable that would replace the database URL from the Secret', file: 'backend:\n  extraEnv:\n    - name: DATABASE_URL\n      value: postgresql://attacker.example/db\n',
    expect: rule('backend.extraEnv[0].name "DATABASE_URL" is a variable the chart sets itself (CORS_ORIGINS, ENVIRONMENT, FRONTEND_URL, LOG_LEVEL, MCP_SERVER_NAME, MCP_SERVER_PORT, '
      + 'DATABASE_URL, JWT_SECRET, OPENAI_API_KEY, GEMINI_API_KEY, CLOUDINARY_CLOUD_NAME, CLOUDINARY_API_KEY, CLOUDINARY_API_SECRET, GMAIL_EMAIL, GMAIL_APP_PASSWORD): '
      + 'the container would see only one of the two values') },
  { family: 'API server rules', name: 'an image digest in upper case', file: `backend:\n  image:\n    digest: sha256:${'AB'.repeat(32)}\n`,
    expect: rule(`backend.image.digest must be empty or an image digest: "sha256:" and 64 lower-case hexadecimal digits, got "sha256:${'AB'.repeat(32)}"`) },
  { family: 'values schema', name: 'a digest without its algorithm', file: `frontend:\n  image:\n    digest: ${'ab'.repeat(32)}\n`,
    expect: rule(`frontend.image.digest must be empty or an image digest: "sha256:" and 64 lower-case hexadecimal digits, got "${'ab'.repeat(32)}"`) },
  { family: 'values schema', name: 'extra variables, volumes and mounts Kubernetes accepts', file: [
    'backend:', '  extraEnv:', '    - name: POD_IP', '      valueFrom:', '        fieldRef:', '          fieldPath: status.podIP',
    '  extraVolumes:', '    - name: certs', '      secret:', '        secretName: todo-certs', '        defaultMode: 0440',
    '  extraVolumeMounts:', '    - name: certs', '      mountPath: /etc/ssl/todo', '      readOnly: true', ''].join('\n'),
  expect: accepted((o) => {
    expect(deployment(o, 'backend').spec.template.spec.volumes.at(-1)).toEqual({ name: 'certs', secret: { secretName: 'todo-certs', defaultMode: 288 } });
    expect(container(o, 'backend').volumeMounts.at(-1)).toEqual({ name: 'certs', mountPath: '/etc/ssl/todo', readOnly: true });
  }) },
];

interface Outcome {
  readonly file: string; readonly outdir: string; readonly before: Map<string, string>; readonly plain: Run; readonly helm: Run;
  /** The chart's NOTES.txt as `helm install` would print it, for the accepted cases. */
  readonly notes?: Run;
}

/**
 * A copy of the chart whose NOTES.txt is also a named template, rendered into a document by notes-probe.yaml:
 * `helm template` never renders NOTES.txt (and `helm install` needs a cluster), so this shows its text as Helm makes it.
 */
const notesChartDir = path.join(work, 'notes-chart', 'todo-chatbot');
const NOTES_PROBE = 'templates/notes-probe.yaml';
function writeNotesChart(): void {
  fs.cpSync(chartDir, notesChartDir, { recursive: true });
  const notes = fs.readFileSync(path.join(chartDir, 'templates', 'NOTES.txt'), 'utf-8');
  fs.writeFileSync(path.join(notesChartDir, 'templates', '_notes-probe.tpl'), `{{- define "notes-probe" -}}\n${notes}{{- end -}}\n`);
  fs.writeFileSync(path.join(notesChartDir, NOTES_PROBE), 'notes: {{ include "notes-probe" . | toJson }}\n');
}

const outcomes = new Map<Case, Outcome>();

beforeAll(async () => {
  for (const [file, content] of todoChatbotHelmChartFiles()) {
    fs.mkdirSync(path.dirname(path.join(chartDir, file)), { recursive: true });
    fs.writeFileSync(path.join(chartDir, file), content);
  }
  // An output folder as an earlier synthesis left it, plus a file of the user's: refusals must leave both alone.
  const first = await plainSynth(['-o', baseline]);
  if (first.status !== 0) throw new Error(`the baseline synthesis failed:\n${first.stderr}`);
  fs.writeFileSync(path.join(baseline, 'keep-me.txt'), 'the user\'s own file\n');
  writeNotesChart();

  const tasks = cases.map((c, i) => async () => {
    const file = path.join(work, 'values', `case-${i}.yaml`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, c.file);
    const outdir = path.join(work, 'out', `case-${i}`);
    fs.cpSync(baseline, outdir, { recursive: true });
    const before = tree(outdir);
    const [plain, helm] = await Promise.all([plainSynth(['-f', file, '-o', outdir]), helmTemplate(chartDir, ['-f', file], helmHome)]);
    const notes = c.expect.kind === 'accepted' ? await helmTemplate(notesChartDir, ['-f', file, '--show-only', NOTES_PROBE], helmHome) : undefined;
    outcomes.set(c, { file, outdir, before, plain, helm, notes });
  });
  await inPool(tasks, 2);
}, 900_000);

const SCHEMA_HEADER = 'Error: values don\'t meet the specifications of the schema(s) in the following chart(s):\ntodo-chatbot:\n';

describe.each(['values schema', 'API server rules', 'dangerous', 'YAML and encoding', 'likely mistakes'] as Family[])('%s', (family) => {
  test.each(cases.filter((c) => c.family === family).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { file, outdir, before, plain, helm, notes } = outcomes.get(c)!;
    const expected = c.expect;
    const withFile = (text: string) => text.split('FILE').join(file);

    // Never a secret, never a stack trace, on either path.
    for (const output of [plain.stdout, plain.stderr, helm.stderr]) expect(output).not.toContain(SECRET);
    expect(plain.stderr).not.toMatch(/^\s+at /m);

    if (expected.kind === 'accepted') {
      expect({ plain: plain.status, helm: helm.status }).toEqual({ plain: 0, helm: 0 });
      const plainObjects = objectsOf(fs.readFileSync(path.join(outdir, 'todo-chatbot.k8s.yaml'), 'utf-8'));
      expect(comparable(objectsOf(helm.stdout))).toEqual(comparable(plainObjects));
      expected.check?.(plainObjects);
      const warnings = plain.stderr.split('\n').filter((l) => l.startsWith('warning: '));
      expect(warnings).toEqual((expected.warnings ?? []).map(withFile));
      // Helm users see the warnings on the values (not those on the file, which Helm reads without a word) in NOTES.txt.
      const valueWarnings = (expected.warnings ?? []).filter((w) => w.startsWith('warning: FILE: ')).map((w) => `WARNING: ${w.slice('warning: FILE: '.length)}`);
      expect(notes?.status).toBe(0);
      const notesText = objectsOf(notes!.stdout)[0].notes as string;
      expect(notesText.split('\n').filter((l) => /warning/i.test(l))).toEqual(valueWarnings);
      expect(fs.readFileSync(path.join(outdir, 'keep-me.txt'), 'utf-8')).toBe('the user\'s own file\n');
      return;
    }

    // Refused by the plain synthesis: exit 1, one message, the output folder exactly as it was.
    expect(plain.status).toBe(1);
    expect(plain.stdout).toBe('');
    expect(tree(outdir)).toEqual(before);
    switch (expected.kind) {
      case 'rule':
        expect(plain.stderr).toBe(`invalid values in ${file}:\n${expected.lines.map((l) => `  - ${l}`).join('\n')}\n`);
        expect(helm.status).toBe(1);
        expect(helm.stderr.replace(/validate\.tpl:\d+:\d+/, 'validate.tpl'))
          .toBe(`Error: execution error at (todo-chatbot/templates/validate.tpl): invalid values:\n${expected.lines.map((l) => `  - ${l}`).join('\n')}\n\nUse --debug flag to render out invalid YAML\n`);
        break;
      case 'schema':
        expect(plain.stderr).toBe(`invalid values in ${file}:\n${expected.plain.map((l) => `  - ${l}`).join('\n')}\n`);
        expect(helm.status).toBe(1);
        {
          // Helm may first warn that a value cannot replace a mapping (or the reverse) before its schema refuses it.
          const stderr = helm.stderr.replace(/^coalesce\.go:\d+: warning: .*\n/gm, '');
          expect(stderr.startsWith(SCHEMA_HEADER)).toBe(true);
          expect(stderr.slice(SCHEMA_HEADER.length).trim().split('\n').sort()).toEqual([...expected.helm].sort());
        }
        break;
      case 'file':
        expect(plain.stderr).toBe(`${withFile(expected.plain)}\n`);
        expect(helm.status).toBe(1);
        expect(helm.stderr).toContain(expected.helm);
        break;
    }
  });
});

test('the suite covers each family with many cases', () => {
  const counts = Object.fromEntries(['values schema', 'API server rules', 'dangerous', 'YAML and encoding', 'likely mistakes']
    .map((f) => [f, cases.filter((c) => c.family === f).length]));
  expect(counts).toEqual({ 'values schema': 53, 'API server rules': 118, 'dangerous': 23, 'YAML and encoding': 33, 'likely mistakes': 11 });
});

// ---- secrets through the plain synthesis ----

describe('secrets.create through the plain synthesis', () => {
  const values = path.join(work, 'secret-values.yaml');
  beforeAll(() => fs.writeFileSync(values, `secrets:\n  create: true\n  values:\n    DATABASE_URL: postgres://u:${SECRET}@db/x\n    JWT_SECRET: ${SECRET}\n`));

  test('is refused for a folder git would track, before anything is written; Helm renders the Secret (it writes no file)', async () => {
    // A folder inside this repository that .gitignore does not cover.
    const outdir = fs.mkdtempSync(path.join(REPO_ROOT, 'hostile-secret-out-'));
    try {
      const result = await plainSynth(['-f', values, '-o', outdir]);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`secrets.create is true in ${values}: the plain synthesis would write the Secret's values into ${path.join(outdir, 'todo-chatbot.k8s.yaml')}, `
        + 'which git would track. Write to a folder git ignores or one outside the repository (npm run synth -- -f VALUES -o out; out/ is git-ignored), '
        + 'or leave secrets.create false and create the Secret with kubectl (secrets.yaml.example).\n');
      expect(fs.readdirSync(outdir)).toEqual([]);
      const helm = await helmTemplate(chartDir, ['-f', values], helmHome);
      expect(helm.status).toBe(0);
      expect(objectsOf(helm.stdout).find((o) => o.kind === 'Secret')?.stringData.JWT_SECRET).toBe(SECRET);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('writes the Secret to a folder git ignores (out/), the same as Helm, and never prints its values', async () => {
    const outdir = path.join(REPO_ROOT, 'out', `hostile-${process.pid}`);
    try {
      const [result, helm] = await Promise.all([plainSynth(['-f', values, '-o', outdir]), helmTemplate(chartDir, ['-f', values], helmHome)]);
      expect(result.status).toBe(0);
      expect(result.stderr).toContain("WARNING: secrets.create is true, so");
      expect(result.stdout + result.stderr).not.toContain(SECRET);
      const objects = objectsOf(fs.readFileSync(path.join(outdir, 'todo-chatbot.k8s.yaml'), 'utf-8'));
      expect(objects.find((o) => o.kind === 'Secret')?.stringData.JWT_SECRET).toBe(SECRET);
      expect(comparable(objectsOf(helm.stdout))).toEqual(comparable(objects));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('is written to a folder outside any git work tree', async () => {
    const outdir = path.join(work, 'outside-git');
    const result = await plainSynth(['-f', values, '-o', outdir]);
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(outdir, 'todo-chatbot.k8s.yaml'), 'utf-8')).toContain('kind: Secret');
  });
});

// ---- the command line ----

describe('command line', () => {
  const good = path.join(work, 'good-values.yaml');
  const bad = path.join(work, 'bad-values.yaml');
  beforeAll(() => {
    fs.writeFileSync(good, 'backend:\n  replicaCount: 2\n');
    fs.writeFileSync(bad, 'backend:\n  replicaCount: -1\n');
  });
  const fresh = (name: string) => {
    const dir = path.join(work, 'cli', name);
    fs.cpSync(baseline, dir, { recursive: true });
    return dir;
  };
  const refused = async (args: string[], message: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const result = await plainSynth(args, options);
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 1, stdout: '', stderr: `${message}\n` });
  };
  const USAGE = 'usage: npm run synth -- [-f|--values FILE]... [-o|--output DIR]\n  (or TODO_CHATBOT_VALUES=FILE[,FILE...] cdk8s synth)';

  test('-o / is refused', () => refused(['-o', '/'], '-o "/" is the root folder: give the synthesis a folder of its own, such as dist'));
  test('-o \'\' is refused', () => refused(['-o', ''], `-o needs an output folder, got an empty one\n${USAGE}`));
  test('-o . (the project itself) is refused', () => refused(['-o', '.'], '-o "." is the current folder or one of its parents: give the synthesis a folder of its own, such as dist'));
  test('-o .. is refused', () => refused(['-o', '..'], '-o ".." is the current folder or one of its parents: give the synthesis a folder of its own, such as dist'));
  test('-o at the home folder is refused', async () => {
    const home = fs.mkdtempSync(path.join(work, 'home-'));
    await refused(['-o', home], `-o ${JSON.stringify(home)} is your home folder: give the synthesis a folder of its own, such as dist`, { env: plainEnv({ HOME: home }) });
    expect(fs.readdirSync(home)).toEqual([]);
  });
  test('-o at a file is refused', async () => {
    const file = path.join(work, 'a-file');
    fs.writeFileSync(file, 'mine\n');
    await refused(['-o', file], `-o ${JSON.stringify(file)} is a file, not a folder`);
    expect(fs.readFileSync(file, 'utf-8')).toBe('mine\n');
  });
  test('-o without a folder is refused', () => refused(['-o'], `-o needs an output folder\n${USAGE}`));
  test('-f at a folder says so', () => refused(['-f', work, '-o', fresh('f-dir')], `values file ${work} is a directory, not a file`));
  test('-f at a missing file says so', () => refused(['-f', path.join(work, 'nope.yaml'), '-o', fresh('f-missing')], `values file ${path.join(work, 'nope.yaml')} does not exist`));
  test('-f \'\' is refused', () => refused(['-f', ''], `-f needs a values file, got an empty one\n${USAGE}`));
  test('-f followed by another flag is refused', () => refused(['-f', '-o', 'x'], `-f needs a values file\n${USAGE}`));
  test('an unknown flag is refused', () => refused(['--value', good], `unknown argument "--value"\n${USAGE}`));
  test('-h prints the usage and writes nothing', async () => {
    const result = await plainSynth(['-h']);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: `${USAGE}\n` });
  });
  test('--values=FILE and --output=DIR work', async () => {
    const dir = path.join(work, 'cli', 'equals');
    const result = await plainSynth([`--values=${good}`, `--output=${dir}`]);
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'todo-chatbot.k8s.yaml'), 'utf-8')).toMatch(/^ {2}replicas: 2$/m);
  });
  test('-f - reads the values from standard input, as Helm does', async () => {
    const dir = path.join(work, 'cli', 'stdin');
    const result = await plainSynth(['-f', '-', '-o', dir], { input: 'backend:\n  replicaCount: 4\n' });
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'todo-chatbot.k8s.yaml'), 'utf-8')).toMatch(/^ {2}replicas: 4$/m);
  });
  const TOO_BIG = 'is larger than the 16777216 bytes (16 MiB) a values file may be: every object the chart makes together holds far less '
    + '(Kubernetes takes at most 3 MiB in one request); is it the right file?';
  test('a values file over 16 MiB is refused before it is parsed, the output folder untouched', async () => {
    const huge = path.join(work, 'huge-values.yaml');
    fs.writeFileSync(huge, `config:\n  mcpServerName: "${'a'.repeat(16 * 1024 * 1024)}"\n`);
    const dir = fresh('huge');
    const before = tree(dir);
    await refused(['-f', huge, '-o', dir], `values file ${huge} ${TOO_BIG}`);
    expect(tree(dir)).toEqual(before);
  });
  test('a values file of exactly 16 MiB is read', async () => {
    const file = path.join(work, 'limit-values.yaml');
    const head = 'secrets:\n  values:\n    DATABASE_URL: "';
    fs.writeFileSync(file, `${head}${'d'.repeat(16 * 1024 * 1024 - head.length - 2)}"\n`);
    expect(fs.statSync(file).size).toBe(16 * 1024 * 1024);
    const result = await plainSynth(['-f', file, '-o', path.join(work, 'cli', 'limit')]);
    expect(result.status).toBe(0);
  });
  test('standard input over 16 MiB is refused too (a pipe has no size to check first)', async () => {
    const result = await plainSynth(['-f', '-', '-o', fresh('huge-stdin')], { input: `config:\n  mcpServerName: "${'a'.repeat(16 * 1024 * 1024)}"\n` });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 1, stderr: `values file - ${TOO_BIG}\n` });
  });
  test('DEBUG=1 adds the stack trace', async () => {
    const result = await plainSynth(['-f', bad, '-o', fresh('debug')], { env: plainEnv({ DEBUG: '1' }) });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^InvalidInputError: invalid values in .*\n {2}- backend\.replicaCount must be an integer from 0 to 100, got -1\n\s+at /);
  });
  test('a values file that fails names the file among several, and the later file wins', async () => {
    const dir = fresh('two-files');
    const before = tree(dir);
    await refused(['-f', good, '-f', bad, '-o', dir], `invalid values in ${good}, ${bad}:\n  - backend.replicaCount must be an integer from 0 to 100, got -1`);
    expect(tree(dir)).toEqual(before);
  });
  test('a successful synthesis replaces only its own files: the user\'s files stay', async () => {
    const dir = fresh('foreign');
    fs.writeFileSync(path.join(dir, 'other-app.k8s.yaml'), 'kind: ConfigMap\n');
    fs.mkdirSync(path.join(dir, 'helm', 'other-chart'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'helm', 'other-chart', 'Chart.yaml'), 'name: other\n');
    fs.writeFileSync(path.join(dir, 'helm', 'todo-chatbot', 'templates', 'stale.yaml'), 'kind: Stale\n');
    const result = await plainSynth(['-f', good, '-o', dir]);
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'other-app.k8s.yaml'), 'utf-8')).toBe('kind: ConfigMap\n');
    expect(fs.readFileSync(path.join(dir, 'helm', 'other-chart', 'Chart.yaml'), 'utf-8')).toBe('name: other\n');
    expect(fs.readFileSync(path.join(dir, 'keep-me.txt'), 'utf-8')).toBe('the user\'s own file\n');
    // A stale template inside the generated chart would be rendered by helm: the chart folder is replaced whole.
    expect(fs.existsSync(path.join(dir, 'helm', 'todo-chatbot', 'templates', 'stale.yaml'))).toBe(false);
  });
  test('a manifests file the synthesis did not write is not replaced', async () => {
    const dir = path.join(work, 'cli', 'foreign-manifests');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'todo-chatbot.k8s.yaml'), 'kind: Namespace\nmetadata:\n  name: mine\n');
    await refused(['-o', dir], `${path.join(dir, 'todo-chatbot.k8s.yaml')} does not look generated, so the synthesis did not write it and will not replace it: `
      + 'move it away or choose another output folder (-o DIR)');
    expect(tree(dir)).toEqual(new Map([['todo-chatbot.k8s.yaml', 'kind: Namespace\nmetadata:\n  name: mine\n']]));
  });
  test('a chart folder the synthesis did not write is not replaced', async () => {
    const dir = path.join(work, 'cli', 'foreign-chart');
    fs.mkdirSync(path.join(dir, 'helm', 'todo-chatbot'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'helm', 'todo-chatbot', 'Chart.yaml'), 'name: todo-chatbot\nversion: 9.9.9\n');
    await refused(['-o', dir], `${path.join(dir, 'helm', 'todo-chatbot')} is not a chart generated from lib/todo-chatbot/values.ts, so the synthesis did not write it `
      + 'and will not replace it: move it away or choose another output folder (-o DIR)');
    expect([...tree(dir).keys()]).toEqual(['helm/todo-chatbot/Chart.yaml']);
  });
  test('a link where the manifests go is not followed', async () => {
    const dir = path.join(work, 'cli', 'link');
    const target = path.join(work, 'link-target.txt');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(target, 'precious\n');
    fs.symlinkSync(target, path.join(dir, 'todo-chatbot.k8s.yaml'));
    await refused(['-o', dir], `${path.join(dir, 'todo-chatbot.k8s.yaml')} is not a regular file, so the synthesis did not write it and will not replace it: `
      + 'move it away or choose another output folder (-o DIR)');
    expect(fs.readFileSync(target, 'utf-8')).toBe('precious\n');
  });
  test('cdk8s synth with a missing TODO_CHATBOT_VALUES file leaves dist/ as it was', async () => {
    const before = tree(path.join(REPO_ROOT, 'dist'));
    const result = await run(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth'], {
      env: plainEnv({ TODO_CHATBOT_VALUES: path.join(work, 'nope.yaml') }),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`values file ${path.join(work, 'nope.yaml')} does not exist\n`);
    expect(tree(path.join(REPO_ROOT, 'dist'))).toEqual(before);
  });
});

// ---- as a dependency of another chart ----

test('as a subchart: the closed schema takes a parent\'s globals, and a condition in the parent\'s values; the objects are the plain synthesis\'s', async () => {
  const parent = path.join(work, 'parent');
  fs.mkdirSync(path.join(parent, 'templates'), { recursive: true });
  fs.cpSync(chartDir, path.join(parent, 'charts', 'todo-chatbot'), { recursive: true });
  fs.writeFileSync(path.join(parent, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\ndependencies:\n'
    + '  - name: todo-chatbot\n    version: 1.0.0\n    condition: features.todoChatbot\n');
  fs.writeFileSync(path.join(parent, 'values.yaml'), 'features:\n  todoChatbot: true\nglobal:\n  imageRegistry: registry.local\ntodo-chatbot:\n  backend:\n    replicaCount: 2\n');
  const values = path.join(work, 'subchart-values.yaml');
  // Helm hands the parent's globals to the subchart; global.imageRegistry is a setting of this chart, so the plain
  // synthesis gets it too.
  fs.writeFileSync(values, 'global:\n  imageRegistry: registry.local\nbackend:\n  replicaCount: 2\n');
  const outdir = path.join(work, 'subchart-plain');
  const [helm, plain] = await Promise.all([
    run(helmBinaryPath(), ['template', 'todo-chatbot', parent], { env: { PATH: process.env.PATH ?? '', HOME: helmHome } }),
    plainSynth(['-f', values, '-o', outdir]),
  ]);
  expect({ helm: helm.status, plain: plain.status, stderr: helm.stderr }).toEqual({ helm: 0, plain: 0, stderr: '' });
  expect(comparable(objectsOf(helm.stdout))).toEqual(comparable(objectsOf(fs.readFileSync(path.join(outdir, 'todo-chatbot.k8s.yaml'), 'utf-8'))));
  // The usual `condition: todo-chatbot.enabled` would put `enabled` into the chart's values: refused, with the way out.
  const enabled = await run(helmBinaryPath(), ['template', 'todo-chatbot', parent, '--set', 'todo-chatbot.enabled=true'], { env: { PATH: process.env.PATH ?? '', HOME: helmHome } });
  expect(enabled.status).toBe(1);
  expect(enabled.stderr).toContain('- (root): Additional property enabled is not allowed');
});
