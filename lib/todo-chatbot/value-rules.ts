import { compareQuantities } from '../validation';
import { leavesOf } from '../values-model';
import { CHART_NAME, TodoChatbotValues, VALUE_FORMATS, ValueFormat, valuesModel } from './values';

/**
 * The rules on values that values.schema.json cannot state (a limit not below its request across units, two
 * objects with one name, a host path that must stay out of the node's system directories, ...). Each rule is
 * written twice, side by side: in TypeScript for the plain synthesis and as Go template code for the Helm chart
 * (`templates/validate.tpl`, which renders nothing and `fail`s with the same message), so `helm template` and
 * `helm install` refuse what the plain synthesis refuses, before the API server sees it. test/hostile-input.test.ts
 * runs both paths on every rule.
 */
interface ValueRule {
  /** Messages for the values that break the rule (the plain synthesis). */
  readonly check: (values: TodoChatbotValues, names: ReleaseNames) => string[];
  /** Go template code that appends the same messages to `$problems` (the Helm chart). */
  readonly template: string;
}

/** Names that depend on the release: what `plainIdentity` computes, or `_helpers.tpl` at render time. */
export interface ReleaseNames {
  /** The name of the frontend's Service (`<fullname>-frontend`, shortened to fit 63 characters). */
  readonly frontendService: string;
}

const COMPONENTS = ['backend', 'frontend'] as const;
const RESOURCES = ['cpu', 'memory'] as const;
const PROBES = ['startup', 'liveness', 'readiness'] as const;

/** Mount paths the backend container already has besides uploads (ApiService's writable paths). */
export const BACKEND_WRITABLE_PATHS = ['/tmp'] as const;
/** The backend image's working directory (docker/backend.Dockerfile): a volume there would hide the app. */
export const BACKEND_APP_DIRECTORY = '/app';
/** Directories of a node (and of a container) that a volume must never be, or be inside of. */
export const SYSTEM_DIRECTORIES = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/proc', '/root', '/run', '/sbin', '/sys', '/usr',
  '/var/lib/containerd', '/var/lib/docker', '/var/lib/kubelet', '/var/log', '/var/run',
] as const;
/** The most a ConfigMap's or a Secret's data may hold (the API server's limit). */
export const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

/**
 * A string quoted as Go's `%q` quotes it (strconv.Quote), so that a message of the plain synthesis is the chart's
 * to the byte: printable characters as they are, `\n`-style escapes, `\xNN` for other control bytes, `\uNNNN` for
 * other characters that do not print (a zero-width space, a no-break space).
 */
function goQuote(value: string): string {
  const escapes: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (escapes[char]) out += escapes[char];
    else if (char === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(char)) out += char;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
const q = goQuote;
const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
const goList = (items: readonly string[]) => `(list ${items.map((i) => JSON.stringify(i)).join(' ')})`;
const valueAt = (values: TodoChatbotValues, path: string) => path.split('.').reduce<any>((node, key) => node[key], values);

/**
 * Whether a path is one of SYSTEM_DIRECTORIES or inside one: in TypeScript, and as the Go template
 * `<chart>.inSystemDirectory` (defined once in validate.tpl; it renders "true" or nothing).
 */
const IN_SYSTEM_DIRECTORY = {
  check: (path: string) => SYSTEM_DIRECTORIES.some((dir) => under(path, dir)),
  define: `{{- define "${CHART_NAME}.inSystemDirectory" -}}
{{- $path := . -}}
{{- range $dir := ${goList(SYSTEM_DIRECTORIES)} -}}
{{- if or (eq $path $dir) (hasPrefix (printf "%s/" $dir) $path) }}true{{ break }}{{ end -}}
{{- end -}}
{{- end -}}`,
  /** A Go template condition: true when the path in `variable` is a system directory or inside one. */
  template: (variable: string) => `include "${CHART_NAME}.inSystemDirectory" ${variable}`,
};

/** A string setting of a named format (`x-format` in its schema): its value must match the format's pattern. */
const formatRules: ValueRule[] = leavesOf(valuesModel).flatMap(({ path, leaf }) => {
  const name = leaf.schema['x-format'] as ValueFormat | undefined;
  if (!name) return [];
  const { pattern, words } = VALUE_FORMATS[name];
  const regex = new RegExp(pattern);
  const message = `${path} must be ${words}, got`;
  return [{
    check: (values: TodoChatbotValues) => {
      const value = valueAt(values, path) as string;
      return regex.test(value) ? [] : [`${message} ${q(value)}`];
    },
    template: `
{{- if not (regexMatch ${JSON.stringify(pattern)} .Values.${path}) }}
{{- $problems = append $problems (printf ${JSON.stringify(`${message.replace(/%/g, '%%')} %q`)} .Values.${path}) }}
{{- end }}`,
  }];
});

/**
 * The data of an object the chart makes from a group of values (each value one key) must stay within the API
 * server's limit: the sum of the values' UTF-8 bytes (Go's `len` of a string counts bytes too).
 */
function dataSizeRule(spec: {
  /** The values group whose values are the object's data. */
  readonly path: string;
  /** The object, in words. */
  readonly object: string;
  readonly data: (values: TodoChatbotValues) => Readonly<Record<string, unknown>>;
  /** A boolean setting without which the object is not made. */
  readonly when?: string;
}): ValueRule {
  const message = `${spec.path}: ${spec.object} would hold %d bytes of data, above the ${CONFIG_MAP_MAX_BYTES} bytes (1 MiB) Kubernetes allows`;
  const bytes = `$${spec.path.replace(/\W(\w)/g, (_, c: string) => c.toUpperCase())}Bytes`;
  const sum = `
{{- ${bytes} := 0 }}
{{- range $key, $value := .Values.${spec.path} }}{{ ${bytes} = add ${bytes} (len (toString $value)) }}{{ end }}
{{- if gt (int ${bytes}) ${CONFIG_MAP_MAX_BYTES} }}
{{- $problems = append $problems (printf ${JSON.stringify(message)} (int ${bytes})) }}
{{- end }}`;
  return {
    check: (values) => {
      if (spec.when && !valueAt(values, spec.when)) return [];
      const total = Object.values(spec.data(values)).reduce<number>((sum, value) => sum + Buffer.byteLength(String(value)), 0);
      return total > CONFIG_MAP_MAX_BYTES ? [message.replace('%d', String(total))] : [];
    },
    template: spec.when ? `\n{{- if .Values.${spec.when} }}${sum}\n{{- end }}` : sum,
  };
}

const LABEL_KEY = new RegExp(VALUE_FORMATS.labelKey.pattern);
const LABEL_VALUE = new RegExp(VALUE_FORMATS.labelValue.pattern);
/** A label key: its format, and a prefix of at most 253 characters. */
const isLabelKey = (key: string) => LABEL_KEY.test(key) && key.split('/')[0].length <= 253;
/** The same test as Go template code. */
const goIsLabelKey = (variable: string) => `(and (regexMatch ${JSON.stringify(VALUE_FORMATS.labelKey.pattern)} ${variable}) (le (len (first (splitList "/" ${variable}))) 253))`;
const goIsLabelValue = (variable: string) => `(regexMatch ${JSON.stringify(VALUE_FORMATS.labelValue.pattern)} ${variable})`;
const mustBe = (format: ValueFormat) => `must be ${VALUE_FORMATS[format].words}, got`;

/**
 * The pass-through scheduling settings, checked as the API server checks them: a nodeSelector's keys and values
 * are labels'; a toleration's key is a label key, its value a label value (or empty with operator Exists), an
 * empty key needs operator Exists, and tolerationSeconds needs effect NoExecute. (Types, enums and unknown fields
 * are the schema's.) Map keys in sorted order, as Go's range takes them.
 */
const schedulingRules: ValueRule[] = [
  {
    check: (values) => COMPONENTS.flatMap((c) => Object.keys(values[c].nodeSelector).sort().flatMap((key) => {
      const value = values[c].nodeSelector[key];
      return [
        ...(isLabelKey(key) ? [] : [`${c}.nodeSelector keys ${mustBe('labelKey')} ${q(key)}`]),
        ...(LABEL_VALUE.test(value) ? [] : [`${c}.nodeSelector[${q(key)}] ${mustBe('labelValue')} ${q(value)}`]),
      ];
    })),
    template: `
{{- range $component := ${goList(COMPONENTS)} }}
{{- range $key, $value := (index $.Values $component).nodeSelector }}
{{- if not ${goIsLabelKey('$key')} }}
{{- $problems = append $problems (printf "%s.nodeSelector keys ${mustBe('labelKey').replace(/"/g, '\\"')} %q" $component $key) }}
{{- end }}
{{- if not ${goIsLabelValue('$value')} }}
{{- $problems = append $problems (printf "%s.nodeSelector[%q] ${mustBe('labelValue').replace(/"/g, '\\"')} %q" $component $key $value) }}
{{- end }}
{{- end }}
{{- end }}`,
  },
  {
    check: (values) => COMPONENTS.flatMap((c) => (values[c].tolerations as Array<Record<string, any>>).flatMap((toleration, i) => {
      const at = `${c}.tolerations[${i}]`;
      const key: string = toleration.key ?? '';
      const operator: string = toleration.operator ?? '';
      const value: string = toleration.value ?? '';
      const problems: string[] = [];
      if (key !== '' && !isLabelKey(key)) problems.push(`${at}.key ${mustBe('labelKey')} ${q(key)}`);
      if (key === '' && operator !== 'Exists') problems.push(`${at}: an empty key (every taint) needs operator Exists`);
      if (operator === 'Exists' && value !== '') problems.push(`${at}.value must be empty with operator Exists, got ${q(value)}`);
      if (operator !== 'Exists' && !LABEL_VALUE.test(value)) problems.push(`${at}.value ${mustBe('labelValue')} ${q(value)}`);
      if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
        problems.push(`${at}.tolerationSeconds applies only to effect NoExecute, got effect ${q(toleration.effect ?? '')}`);
      }
      return problems;
    })),
    template: `
{{- range $component := ${goList(COMPONENTS)} }}
{{- range $i, $toleration := (index $.Values $component).tolerations }}
{{- $key := $toleration.key | default "" }}
{{- $operator := $toleration.operator | default "" }}
{{- $value := $toleration.value | default "" }}
{{- if and $key (not ${goIsLabelKey('$key')}) }}
{{- $problems = append $problems (printf "%s.tolerations[%d].key ${mustBe('labelKey').replace(/"/g, '\\"')} %q" $component $i $key) }}
{{- end }}
{{- if and (not $key) (ne $operator "Exists") }}
{{- $problems = append $problems (printf "%s.tolerations[%d]: an empty key (every taint) needs operator Exists" $component $i) }}
{{- end }}
{{- if and (eq $operator "Exists") $value }}
{{- $problems = append $problems (printf "%s.tolerations[%d].value must be empty with operator Exists, got %q" $component $i $value) }}
{{- end }}
{{- if and (ne $operator "Exists") (not ${goIsLabelValue('$value')}) }}
{{- $problems = append $problems (printf "%s.tolerations[%d].value ${mustBe('labelValue').replace(/"/g, '\\"')} %q" $component $i $value) }}
{{- end }}
{{- if and (hasKey $toleration "tolerationSeconds") (ne ($toleration.effect | default "") "NoExecute") }}
{{- $problems = append $problems (printf "%s.tolerations[%d].tolerationSeconds applies only to effect NoExecute, got effect %q" $component $i ($toleration.effect | default "")) }}
{{- end }}
{{- end }}
{{- end }}`,
  },
];

/** Rules across settings, applied once every setting has its format. */
const crossRules: ValueRule[] = [
  {
    check: (values) => COMPONENTS.flatMap((c) => RESOURCES.flatMap((r) => {
      const request = values[c].resources.requests[r];
      const limit = values[c].resources.limits[r];
      return (compareQuantities(limit, request) ?? 0) < 0
        ? [`${c}.resources.limits.${r} ${q(limit)} is below ${c}.resources.requests.${r} ${q(request)}: Kubernetes refuses a limit below its request`]
        : [];
    })),
    template: `
{{- range $component := list "backend" "frontend" }}
{{- range $resource := list "cpu" "memory" }}
{{- $request := index (index $.Values $component).resources.requests $resource }}
{{- $limit := index (index $.Values $component).resources.limits $resource }}
{{- if lt (float64 (include "${CHART_NAME}.quantityValue" $limit)) (float64 (include "${CHART_NAME}.quantityValue" $request)) }}
{{- $problems = append $problems (printf "%s.resources.limits.%s %q is below %s.resources.requests.%s %q: Kubernetes refuses a limit below its request" $component $resource $limit $component $resource $request) }}
{{- end }}
{{- end }}
{{- end }}`,
  },
  {
    // The constructs refuse "latest" too (lib/conflicts.ts); here it is refused with the values' own names.
    check: (values) => COMPONENTS.flatMap((c) => (values[c].image.tag === 'latest'
      ? [`${c}.image.tag "latest" changes under a running Deployment (with pullPolicy IfNotPresent each node keeps whatever it pulled first): pin a version`]
      : [])),
    template: `
{{- range $component := list "backend" "frontend" }}
{{- if eq (index $.Values $component).image.tag "latest" }}
{{- $problems = append $problems (printf "%s.image.tag \\"latest\\" changes under a running Deployment (with pullPolicy IfNotPresent each node keeps whatever it pulled first): pin a version" $component) }}
{{- end }}
{{- end }}`,
  },
  {
    // Only an enabled autoscaler reads them; the API server refuses the HorizontalPodAutoscaler otherwise.
    check: (values) => COMPONENTS.flatMap((c) => {
      const { enabled, minReplicas, maxReplicas } = values[c].autoscaling;
      return enabled && maxReplicas < minReplicas
        ? [`${c}.autoscaling.maxReplicas ${maxReplicas} is below ${c}.autoscaling.minReplicas ${minReplicas}: Kubernetes refuses an autoscaler whose most pods are fewer than its fewest`]
        : [];
    }),
    template: `
{{- range $component := list "backend" "frontend" }}
{{- $autoscaling := (index $.Values $component).autoscaling }}
{{- if and $autoscaling.enabled (lt (int $autoscaling.maxReplicas) (int $autoscaling.minReplicas)) }}
{{- $problems = append $problems (printf "%s.autoscaling.maxReplicas %d is below %s.autoscaling.minReplicas %d: Kubernetes refuses an autoscaler whose most pods are fewer than its fewest" $component (int $autoscaling.maxReplicas) $component (int $autoscaling.minReplicas)) }}
{{- end }}
{{- end }}`,
  },
  {
    // Only a rolling update reads maxSurge and maxUnavailable (Recreate ignores them).
    check: (values) => COMPONENTS.flatMap((c) => {
      const { maxSurge, maxUnavailable } = values[c].rollingUpdate;
      return values[c].strategy.type === 'RollingUpdate' && maxSurge === 0 && maxUnavailable === 0
        ? [`${c}.rollingUpdate: maxSurge and maxUnavailable are both 0, so a rollout could never replace a pod: set one of them above 0`]
        : [];
    }),
    template: `
{{- range $component := list "backend" "frontend" }}
{{- $update := (index $.Values $component).rollingUpdate }}
{{- if and (eq (index $.Values $component).strategy.type "RollingUpdate") (eq (int $update.maxSurge) 0) (eq (int $update.maxUnavailable) 0) }}
{{- $problems = append $problems (printf "%s.rollingUpdate: maxSurge and maxUnavailable are both 0, so a rollout could never replace a pod: set one of them above 0" $component) }}
{{- end }}
{{- end }}`,
  },
  {
    check: (values) => {
      const path = values.backend.uploadsPath;
      if ((BACKEND_WRITABLE_PATHS as readonly string[]).includes(path)) {
        return [`backend.uploadsPath ${q(path)} is already the mount path of the backend's writable ${path} volume: Kubernetes refuses two volumes at one path`];
      }
      if (path === BACKEND_APP_DIRECTORY || IN_SYSTEM_DIRECTORY.check(path)) {
        return [`backend.uploadsPath ${q(path)} would hide the image's own files (the app in ${BACKEND_APP_DIRECTORY}, or a system directory): use a directory of its own, such as /app/uploads`];
      }
      return [];
    },
    template: `
{{- $uploads := .Values.backend.uploadsPath }}
{{- if has $uploads ${goList(BACKEND_WRITABLE_PATHS)} }}
{{- $problems = append $problems (printf "backend.uploadsPath %q is already the mount path of the backend's writable %s volume: Kubernetes refuses two volumes at one path" $uploads $uploads) }}
{{- else }}
{{- if or (eq $uploads ${JSON.stringify(BACKEND_APP_DIRECTORY)}) (${IN_SYSTEM_DIRECTORY.template('$uploads')}) }}
{{- $problems = append $problems (printf "backend.uploadsPath %q would hide the image's own files (the app in ${BACKEND_APP_DIRECTORY}, or a system directory): use a directory of its own, such as /app/uploads" $uploads) }}
{{- end }}
{{- end }}`,
  },
  {
    check: (values) => {
      const { enabled, type, hostPath } = values.persistence;
      if (!enabled || type !== 'hostPath') return [];
      const depth = hostPath.split('/').length - 1;
      return depth < 2 || IN_SYSTEM_DIRECTORY.check(hostPath)
        ? [`persistence.hostPath ${q(hostPath)} is not a directory of its own: it must be at least two levels below / (such as /mnt/data/uploads) and outside the node's system directories (${SYSTEM_DIRECTORIES.join(', ')})`]
        : [];
    },
    template: `
{{- if and .Values.persistence.enabled (eq .Values.persistence.type "hostPath") }}
{{- $hostPath := .Values.persistence.hostPath }}
{{- if or (lt (len (splitList "/" $hostPath)) 3) (${IN_SYSTEM_DIRECTORY.template('$hostPath')}) }}
{{- $problems = append $problems (printf "persistence.hostPath %q is not a directory of its own: it must be at least two levels below / (such as /mnt/data/uploads) and outside the node's system directories (${SYSTEM_DIRECTORIES.join(', ')})" $hostPath) }}
{{- end }}
{{- end }}`,
  },
  {
    check: (values, names) => {
      const problems: string[] = [];
      if (!/^[a-z]/.test(names.frontendService)) {
        problems.push(`the frontend Service would be named ${q(names.frontendService)}: a Service name must start with a letter, `
          + 'so fullnameOverride (or nameOverride, or the release name) must too');
      }
      if (values.backend.service.name === names.frontendService) {
        problems.push(`backend.service.name ${q(values.backend.service.name)} is also the name of the frontend Service: two Services cannot share a name`);
      }
      return problems;
    },
    template: `
{{- if not (regexMatch "^[a-z]" $frontendService) }}
{{- $problems = append $problems (printf "the frontend Service would be named %q: a Service name must start with a letter, so fullnameOverride (or nameOverride, or the release name) must too" $frontendService) }}
{{- end }}
{{- if eq .Values.backend.service.name $frontendService }}
{{- $problems = append $problems (printf "backend.service.name %q is also the name of the frontend Service: two Services cannot share a name" .Values.backend.service.name) }}
{{- end }}`,
  },
  dataSizeRule({ path: 'config', object: 'the backend\'s ConfigMap', data: (values) => values.config }),
  // A Secret's limit is the ConfigMap's; the message counts bytes and never shows a value.
  dataSizeRule({ path: 'secrets.values', object: 'the Secret the chart creates', data: (values) => values.secrets.values, when: 'secrets.create' }),
];

/** The problems of values that passed values.schema.json, one message each (empty when there are none). */
export function valueRuleProblems(values: TodoChatbotValues, names: ReleaseNames): string[] {
  const problems = [...formatRules, ...schedulingRules].flatMap((rule) => rule.check(values, names));
  return problems.length > 0 ? problems : crossRules.flatMap((rule) => rule.check(values, names));
}

/** A legal value that is likely a mistake: its messages, and Go template code that appends the same to `$warnings`. */
interface WarningRule {
  readonly check: (values: TodoChatbotValues) => string[];
  readonly template: string;
}

const warningRules: WarningRule[] = [
  {
    check: (values) => COMPONENTS.flatMap((c) => PROBES.flatMap((probe) => {
      const { timeoutSeconds, periodSeconds } = values[c].probes[probe];
      return timeoutSeconds > periodSeconds
        ? [`${c}.probes.${probe}.timeoutSeconds (${timeoutSeconds}) is longer than its periodSeconds (${periodSeconds}): a slow probe overlaps the next one`]
        : [];
    })),
    template: `
{{- range $component := ${goList(COMPONENTS)} }}
{{- range $probe := ${goList(PROBES)} }}
{{- $timing := index (index $.Values $component).probes $probe }}
{{- if gt (int $timing.timeoutSeconds) (int $timing.periodSeconds) }}
{{- $warnings = append $warnings (printf "%s.probes.%s.timeoutSeconds (%d) is longer than its periodSeconds (%d): a slow probe overlaps the next one" $component $probe (int $timing.timeoutSeconds) (int $timing.periodSeconds)) }}
{{- end }}
{{- end }}
{{- end }}`,
  },
];

/** Legal values that are likely mistakes, one message each: the plain synthesis prints them and goes on. */
export function valueWarnings(values: TodoChatbotValues): string[] {
  return warningRules.flatMap((rule) => rule.check(values));
}

/** The prefix of each warning line in the chart's NOTES.txt. */
export const NOTES_WARNING_PREFIX = 'WARNING: ';

/**
 * The named template `<chart>.warnings`: the same warnings as `valueWarnings`, one `WARNING: ` line each (empty
 * when there are none). The chart's NOTES.txt includes it, so `helm install` and `helm upgrade` print them.
 */
export function warningsTemplate(): string {
  return `{{- define "${CHART_NAME}.warnings" -}}
{{- $warnings := list }}
${warningRules.map((rule) => rule.template.trim()).join('\n')}
{{- range $i, $warning := $warnings }}{{ if $i }}{{ "\\n" }}{{ end }}${NOTES_WARNING_PREFIX}{{ $warning }}{{ end }}
{{- end -}}`;
}

/**
 * `templates/validate.tpl` of the Helm chart: the same rules as Go template code. It renders nothing; when a
 * rule is broken it fails the render with the plain synthesis's messages, one per line. `names` are Go template
 * expressions of the release's names (the chart's `_helpers.tpl` computes them).
 */
export function validateTemplate(names: { readonly [K in keyof ReleaseNames]: string }): string {
  return `{{- /*
Rules on the values that values.schema.json cannot state; the plain synthesis applies the same rules with the
same messages. Generated from lib/todo-chatbot/value-rules.ts. This template renders nothing; it defines the
warnings NOTES.txt prints.
*/}}
{{- define "${CHART_NAME}.quantityValue" -}}
{{- /* The numeric value of a Kubernetes quantity ("512Mi" is 536870912, "250m" is 0.25). */ -}}
{{- $number := regexFind "^[+-]?([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)" . -}}
{{- $suffix := trimPrefix $number . -}}
{{- if regexMatch "^[eE][+-]?[0-9]+$" $suffix -}}
{{- float64 (printf "%s%s" $number $suffix) -}}
{{- else -}}
{{- $factors := dict "n" 0.000000001 "u" 0.000001 "m" 0.001 "" 1 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 "P" 1000000000000000 "E" 1000000000000000000 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "Pi" 1125899906842624 "Ei" 1152921504606846976 -}}
{{- mulf (float64 $number) (get $factors $suffix) -}}
{{- end -}}
{{- end -}}
${IN_SYSTEM_DIRECTORY.define}
${warningsTemplate()}
{{- $problems := list }}
{{- $frontendService := ${names.frontendService} }}
${[...formatRules, ...schedulingRules].map((rule) => rule.template.trim()).join('\n')}
{{- if not $problems }}
${crossRules.map((rule) => rule.template.trim()).join('\n')}
{{- end }}
{{- if $problems }}
{{- fail (printf "invalid values:\\n  - %s" (join "\\n  - " $problems)) }}
{{- end }}
`;
}
