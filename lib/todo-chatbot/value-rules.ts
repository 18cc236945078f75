import { CONFIG_CHECKSUM_ANNOTATION } from '../api-service';
import { SECRET_CHECKSUM_ANNOTATION } from '../http-workload';
import { App } from 'cdk8s';
import { compareQuantities, DNS_LABEL, ENV_NAME, QUANTITY_PATTERN } from '../validation';
import { leavesOf } from '../values-model';
import { COMPONENT_LABEL, commonLabelsOf, HELM_CHART_LABEL, plainIdentity, TodoChatbotChart } from './chart';
import { CHART_NAME, defaultValues, LABEL_KEY_PREFIX_LENGTH, TodoChatbotValues, VALUE_FORMATS, ValueFormat, valuesModel } from './values';

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
  /** Keys whose data the chart derives when the value is empty: each one's named template gives it (`_helpers.tpl`). */
  readonly derived?: readonly string[];
}): ValueRule {
  const message = `${spec.path}: ${spec.object} would hold %d bytes of data, above the ${CONFIG_MAP_MAX_BYTES} bytes (1 MiB) Kubernetes allows`;
  const bytes = `$${spec.path.replace(/\W(\w)/g, (_, c: string) => c.toUpperCase())}Bytes`;
  const sum = `
{{- ${bytes} := 0 }}
{{- range $key, $value := .Values.${spec.path} }}{{ $text := toString $value }}${spec.derived ? `{{ if and (not $value) (has $key (list ${spec.derived.map((k) => JSON.stringify(k)).join(' ')})) }}{{ $text = include (printf "${CHART_NAME}.%s" $key) $ }}{{ end }}` : ''}{{ ${bytes} = add ${bytes} (len $text) }}{{ end }}
{{- if gt (int ${bytes}) ${CONFIG_MAP_MAX_BYTES} }}
{{- $problems = append $problems (printf ${JSON.stringify(message)} (int ${bytes})) }}
{{- end }}`;
  return {
    check: (values) => {
      if (spec.when && !valueAt(values, spec.when)) return [];
      const data = spec.data(values);
      const total = Object.keys(data).reduce<number>((sum, key) => sum + Buffer.byteLength(String(data[key])), 0);
      return total > CONFIG_MAP_MAX_BYTES ? [message.replace('%d', String(total))] : [];
    },
    template: spec.when ? `\n{{- if .Values.${spec.when} }}${sum}\n{{- end }}` : sum,
  };
}

/** The most an object's annotations may hold, keys and values together (the API server's limit). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;
const ingressAnnotationsTooBig = (bytes: string) => `ingress.annotations hold ${bytes} bytes, above the ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB) Kubernetes allows an object's annotations`;
const LABEL_KEY = new RegExp(VALUE_FORMATS.labelKey.pattern);
const LABEL_VALUE = new RegExp(VALUE_FORMATS.labelValue.pattern);
const LABEL_KEY_PREFIX = new RegExp(LABEL_KEY_PREFIX_LENGTH);
const IPV4 = /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/;
/** A label key: its format, and a prefix of at most 253 characters (the two patterns values.schema.json holds). */
const isLabelKey = (key: string) => LABEL_KEY.test(key) && LABEL_KEY_PREFIX.test(key);
/** The same test as Go template code. */
const goIsLabelKey = (variable: string) => `(and (regexMatch ${JSON.stringify(VALUE_FORMATS.labelKey.pattern)} ${variable}) (regexMatch ${JSON.stringify(LABEL_KEY_PREFIX_LENGTH)} ${variable}))`;
const goIsLabelValue = (variable: string) => `(regexMatch ${JSON.stringify(VALUE_FORMATS.labelValue.pattern)} ${variable})`;
const mustBe = (format: ValueFormat) => `must be ${VALUE_FORMATS[format].words}, got`;
/** Text inside a Go string literal of the templates (the words quote with "). */
const goText = (text: string) => text.replace(/"/g, '\\"');

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
{{- $problems = append $problems (printf "%s.nodeSelector keys ${goText(mustBe('labelKey'))} %q" $component $key) }}
{{- end }}
{{- if not ${goIsLabelValue('$value')} }}
{{- $problems = append $problems (printf "%s.nodeSelector[%q] ${goText(mustBe('labelValue'))} %q" $component $key $value) }}
{{- end }}
{{- end }}
{{- end }}`,
  },
  {
    // An annotation key is a label key too, and all of them fit the API server's limit; the Ingress (and so its
    // annotations) exists only when enabled.
    check: (values) => {
      if (!values.ingress.enabled) return [];
      const annotations = values.ingress.annotations;
      const problems = sortedKeys(annotations).filter((key) => !isLabelKey(key)).map((key) => `ingress.annotations keys ${mustBe('labelKey')} ${q(key)}`);
      const bytes = Object.entries(annotations).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
      return bytes > ANNOTATIONS_MAX_BYTES ? [...problems, ingressAnnotationsTooBig(String(bytes))] : problems;
    },
    template: `
{{- if .Values.ingress.enabled }}
{{- $ingressAnnotationBytes := 0 }}
{{- range $key, $value := .Values.ingress.annotations }}
{{- $ingressAnnotationBytes = add $ingressAnnotationBytes (len $key) (len $value) }}
{{- if not ${goIsLabelKey('$key')} }}
{{- $problems = append $problems (printf "ingress.annotations keys ${goText(mustBe('labelKey'))} %q" $key) }}
{{- end }}
{{- end }}
{{- if gt (int $ingressAnnotationBytes) ${ANNOTATIONS_MAX_BYTES} }}
{{- $problems = append $problems (printf ${JSON.stringify(ingressAnnotationsTooBig('%d'))} (int $ingressAnnotationBytes)) }}
{{- end }}
{{- end }}`,
  },
  {
    // The API server takes a DNS name only: an IPv4 address (which the host's format would let through) is refused.
    check: (values) => (values.ingress.enabled && IPV4.test(values.ingress.host)
      ? [`ingress.host ${q(values.ingress.host)} is an IP address: an Ingress host must be a DNS name`] : []),
    template: `
{{- if and .Values.ingress.enabled (regexMatch ${JSON.stringify(IPV4.source)} .Values.ingress.host) }}
{{- $problems = append $problems (printf "ingress.host %q is an IP address: an Ingress host must be a DNS name" .Values.ingress.host) }}
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
{{- $problems = append $problems (printf "%s.tolerations[%d].key ${goText(mustBe('labelKey'))} %q" $component $i $key) }}
{{- end }}
{{- if and (not $key) (ne $operator "Exists") }}
{{- $problems = append $problems (printf "%s.tolerations[%d]: an empty key (every taint) needs operator Exists" $component $i) }}
{{- end }}
{{- if and (eq $operator "Exists") $value }}
{{- $problems = append $problems (printf "%s.tolerations[%d].value must be empty with operator Exists, got %q" $component $i $value) }}
{{- end }}
{{- if and (ne $operator "Exists") (not ${goIsLabelValue('$value')}) }}
{{- $problems = append $problems (printf "%s.tolerations[%d].value ${goText(mustBe('labelValue'))} %q" $component $i $value) }}
{{- end }}
{{- if and (hasKey $toleration "tolerationSeconds") (ne ($toleration.effect | default "") "NoExecute") }}
{{- $problems = append $problems (printf "%s.tolerations[%d].tolerationSeconds applies only to effect NoExecute, got effect %q" $component $i ($toleration.effect | default "")) }}
{{- end }}
{{- end }}
{{- end }}`,
  },
  {
    // Across a constraint's fields and across constraints, as the API server checks them: minDomains only with
    // DoNotSchedule; one constraint per {topologyKey, whenUnsatisfiable}; matchLabelKeys need a labelSelector and
    // name none of its keys (Kubernetes 1.28; later servers merge the two for pods, but 1.28 refuses it).
    check: (values) => COMPONENTS.flatMap((c) => {
      const constraints = values[c].topologySpreadConstraints as Array<Record<string, any>>;
      return constraints.flatMap((constraint, i) => {
        const at = `${c}.topologySpreadConstraints[${i}]`;
        const problems: string[] = [];
        if (constraint.minDomains !== undefined && constraint.whenUnsatisfiable !== 'DoNotSchedule') {
          problems.push(`${at}.minDomains applies only with whenUnsatisfiable DoNotSchedule, got whenUnsatisfiable ${q(constraint.whenUnsatisfiable)}`);
        }
        const first = constraints.findIndex((other) => other.topologyKey === constraint.topologyKey && other.whenUnsatisfiable === constraint.whenUnsatisfiable);
        if (first < i) {
          problems.push(`${at} repeats topologyKey ${q(constraint.topologyKey)} with whenUnsatisfiable ${q(constraint.whenUnsatisfiable)} of [${first}]: Kubernetes takes one constraint per pair`);
        }
        const keys: string[] = constraint.matchLabelKeys ?? [];
        if (keys.length > 0 && constraint.labelSelector === undefined) {
          problems.push(`${at}.matchLabelKeys needs a labelSelector: Kubernetes refuses them without one`);
        } else {
          const selected = [...Object.keys(constraint.labelSelector?.matchLabels ?? {}), ...(constraint.labelSelector?.matchExpressions ?? []).map((e: { key: string }) => e.key)];
          keys.forEach((key, k) => {
            if (selected.includes(key)) problems.push(`${at}.matchLabelKeys[${k}] ${q(key)} is a key of its labelSelector too: Kubernetes refuses a key in both`);
          });
        }
        return problems;
      });
    }),
    template: `
{{- range $component := ${goList(COMPONENTS)} }}
{{- $constraints := (index $.Values $component).topologySpreadConstraints }}
{{- range $i, $constraint := $constraints }}
{{- if and (hasKey $constraint "minDomains") (ne $constraint.whenUnsatisfiable "DoNotSchedule") }}
{{- $problems = append $problems (printf "%s.topologySpreadConstraints[%d].minDomains applies only with whenUnsatisfiable DoNotSchedule, got whenUnsatisfiable %q" $component $i $constraint.whenUnsatisfiable) }}
{{- end }}
{{- $first := -1 }}
{{- range $j, $other := $constraints }}
{{- if and (lt $j $i) (eq $first -1) (eq $other.topologyKey $constraint.topologyKey) (eq $other.whenUnsatisfiable $constraint.whenUnsatisfiable) }}{{ $first = $j }}{{ end }}
{{- end }}
{{- if ge $first 0 }}
{{- $problems = append $problems (printf "%s.topologySpreadConstraints[%d] repeats topologyKey %q with whenUnsatisfiable %q of [%d]: Kubernetes takes one constraint per pair" $component $i $constraint.topologyKey $constraint.whenUnsatisfiable $first) }}
{{- end }}
{{- $keys := $constraint.matchLabelKeys | default list }}
{{- if and $keys (not (hasKey $constraint "labelSelector")) }}
{{- $problems = append $problems (printf "%s.topologySpreadConstraints[%d].matchLabelKeys needs a labelSelector: Kubernetes refuses them without one" $component $i) }}
{{- else }}
{{- $selected := list }}
{{- with $constraint.labelSelector }}
{{- range $key, $value := .matchLabels }}{{ $selected = append $selected $key }}{{ end }}
{{- range $expression := .matchExpressions }}{{ $selected = append $selected $expression.key }}{{ end }}
{{- end }}
{{- range $k, $key := $keys }}
{{- if has $key $selected }}
{{- $problems = append $problems (printf "%s.topologySpreadConstraints[%d].matchLabelKeys[%d] %q is a key of its labelSelector too: Kubernetes refuses a key in both" $component $i $k $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}`,
  },
];
/** The labels the chart sets on its objects and pods (Helm's `helm.sh/chart` included): no value may replace one. */
export const CHART_LABEL_KEYS: readonly string[] = [...Object.keys(commonLabelsOf(plainIdentity(defaultValues))), COMPONENT_LABEL, HELM_CHART_LABEL];
/** The annotations the chart sets on pods: checksums that roll the pods when the config or the created Secret changes. */
export const CHART_POD_ANNOTATIONS: readonly string[] = [CONFIG_CHECKSUM_ANNOTATION, SECRET_CHECKSUM_ANNOTATION];
/** The bytes of the chart's own pod annotations: each key and a hex sha256. */
const CHART_POD_ANNOTATIONS_BYTES = CHART_POD_ANNOTATIONS.reduce((sum, key) => sum + key.length + 64, 0);

/**
 * The message for a key that is no label (or annotation) key, for the plain synthesis (`quotedKey` quoted with `q`)
 * or as a Go `printf` format (`%q` in its place; the rest holds no `%`).
 */
const labelKeyProblem = (path: string, quotedKey: string, what: 'label' | 'annotation') =>
  `${path} keys must be ${VALUE_FORMATS.labelKey.words.replace(/^a label key/, what === 'label' ? 'a label key' : 'an annotation key')}, got ${quotedKey}`;
/** Keys in the order Go templates range over a map: sorted by their bytes. */
const sortedKeys = (map: Readonly<Record<string, unknown>>) => Object.keys(map).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

/**
 * Labels a values setting adds (commonLabels, a component's podLabels): label keys and values Kubernetes accepts,
 * none the chart sets itself, and, for pod labels, none that `beside` (commonLabels) sets too (the chart's YAML
 * would hold the key twice).
 */
function labelRule(path: string, beside?: string): ValueRule {
  const reserved = (key: string) => `${path}.${key} is a label the chart sets itself (${CHART_LABEL_KEYS.join(', ')}), which selects or describes the release's objects`;
  const twice = (key: string) => `${path}.${key} is set in ${beside} too: set it in one of them`;
  const badValue = (key: string, quotedValue: string) => `${path}.${key} ${mustBe('labelValue')} ${quotedValue}`;
  return {
    check: (values) => {
      const labels = valueAt(values, path) as Record<string, string>;
      return sortedKeys(labels).flatMap((key) => {
        if (!isLabelKey(key)) return [labelKeyProblem(path, q(key), 'label')];
        if (CHART_LABEL_KEYS.includes(key)) return [reserved(key)];
        if (beside && key in valueAt(values, beside)) return [twice(key)];
        return LABEL_VALUE.test(labels[key]) ? [] : [badValue(key, q(labels[key]))];
      });
    },
    template: `
{{- range $key, $value := .Values.${path} }}
{{- if not ${goIsLabelKey('$key')} }}
{{- $problems = append $problems (printf ${JSON.stringify(labelKeyProblem(path, '%q', 'label'))} $key) }}
{{- else if has $key ${goList(CHART_LABEL_KEYS)} }}
{{- $problems = append $problems (printf ${JSON.stringify(reserved('%s'))} $key) }}
${beside ? `{{- else if hasKey $.Values.${beside} $key }}
{{- $problems = append $problems (printf ${JSON.stringify(twice('%s'))} $key) }}
` : ''}{{- else if not ${goIsLabelValue('$value')} }}
{{- $problems = append $problems (printf ${JSON.stringify(badValue('%s', '%q'))} $key $value) }}
{{- end }}
{{- end }}`,
  };
}

/** A component's podAnnotations: annotation keys Kubernetes accepts, and none of the chart's own checksums. */
function podAnnotationsRule(component: typeof COMPONENTS[number]): ValueRule {
  const path = `${component}.podAnnotations`;
  const reserved = (key: string) => `${path}.${key} is the chart's own annotation (${CHART_POD_ANNOTATIONS.join(', ')}), `
    + 'which rolls the pods when the config or the chart-created Secret changes';
  const tooBig = (bytes: string) => `${path} hold ${bytes} bytes: with the chart's own (${CHART_POD_ANNOTATIONS_BYTES} bytes) the pods' annotations would exceed `
    + `the ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB) Kubernetes allows`;
  return {
    check: (values) => {
      const annotations = values[component].podAnnotations;
      const problems = sortedKeys(annotations).flatMap((key) => {
        if (!isLabelKey(key)) return [labelKeyProblem(path, q(key), 'annotation')];
        return CHART_POD_ANNOTATIONS.includes(key) ? [reserved(key)] : [];
      });
      const bytes = Object.entries(annotations).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
      return bytes + CHART_POD_ANNOTATIONS_BYTES > ANNOTATIONS_MAX_BYTES ? [...problems, tooBig(String(bytes))] : problems;
    },
    template: `
{{- $annotationBytes := 0 }}
{{- range $key, $value := .Values.${path} }}
{{- $annotationBytes = add $annotationBytes (len $key) (len $value) }}
{{- if not ${goIsLabelKey('$key')} }}
{{- $problems = append $problems (printf ${JSON.stringify(labelKeyProblem(path, '%q', 'annotation'))} $key) }}
{{- else if has $key ${goList(CHART_POD_ANNOTATIONS)} }}
{{- $problems = append $problems (printf ${JSON.stringify(reserved('%s'))} $key) }}
{{- end }}
{{- end }}
{{- if gt (add $annotationBytes ${CHART_POD_ANNOTATIONS_BYTES}) ${ANNOTATIONS_MAX_BYTES} }}
{{- $problems = append $problems (printf ${JSON.stringify(tooBig('%d'))} (int $annotationBytes)) }}
{{- end }}`,
  };
}

/** What a component's container has of its own: variables, volumes and mount paths (besides the uploads volume's). */
interface OwnPodItems {
  readonly env: readonly string[];
  readonly volumes: readonly string[];
  readonly mountPaths: readonly string[];
}

let ownPodItems: Record<typeof COMPONENTS[number], OwnPodItems> | undefined;

/**
 * The variables, volumes and mount paths the chart gives each component's container, read from a synthesis with the
 * defaults (the variables of its ConfigMap included). The uploads volume's mount path is `backend.uploadsPath`, a
 * value: the rules add it themselves.
 */
export function chartPodItems(): Record<typeof COMPONENTS[number], OwnPodItems> {
  ownPodItems ??= (() => {
    const objects = new TodoChatbotChart(new App(), CHART_NAME, { values: defaultValues }).toJson() as any[];
    const of = (component: string): OwnPodItems => {
      const pod = objects.find((o) => o.kind === 'Deployment' && o.metadata.labels[COMPONENT_LABEL] === component).spec.template.spec;
      const container = pod.containers[0];
      const fromConfigMaps = (container.envFrom ?? []).flatMap((source: any) => Object.keys(
        objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === source.configMapRef?.name)?.data ?? {}));
      return {
        env: [...fromConfigMaps, ...(container.env ?? []).map((e: any) => e.name as string)],
        volumes: (pod.volumes ?? []).map((v: any) => v.name as string),
        mountPaths: (container.volumeMounts ?? []).map((m: any) => m.mountPath as string).filter((p: string) => p !== defaultValues.backend.uploadsPath),
      };
    };
    return { backend: of('backend'), frontend: of('frontend') };
  })();
  return ownPodItems;
}

const ENV_NAME_WORDS = 'an environment variable name (letters, digits and "_", not starting with a digit)';
const DNS_LABEL_WORDS = 'a DNS label (lower-case letters, digits and "-", at most 63 characters)';
const TWO_VALUES = 'the container would see only one of the two values';

/**
 * A component's extraEnv, extraVolumes and extraVolumeMounts: names Kubernetes accepts, no variable, volume name or
 * mount path the chart (or an earlier item) has already, and each mount of a volume the pod has.
 */
function podItemsRule(component: typeof COMPONENTS[number]): ValueRule {
  const at = (field: string, i: number | string) => `${component}.${field}[${i}]`;
  // Each message for the plain synthesis, and as a Go printf format (the arguments in the order of the placeholders).
  const messages = {
    envName: (i: string, name: string) => `${at('extraEnv', i)}.name must be ${ENV_NAME_WORDS}, got ${name}`,
    envChart: (i: string, name: string, list: string) => `${at('extraEnv', i)}.name ${name} is a variable the chart sets itself (${list}): ${TWO_VALUES}`,
    envTwice: (i: string, name: string, j: string) => `${at('extraEnv', i)}.name ${name} is set by ${at('extraEnv', j)} too: ${TWO_VALUES}`,
    volumeName: (i: string, name: string) => `${at('extraVolumes', i)}.name must be ${DNS_LABEL_WORDS}, got ${name}`,
    volumeTaken: (i: string, name: string, list: string) => `${at('extraVolumes', i)}.name ${name} is already the name of a volume of the ${component} pods (${list})`,
    mountRelative: (i: string, path: string) => `${at('extraVolumeMounts', i)}.mountPath must be an absolute path, got ${path}`,
    mountTaken: (i: string, path: string, list: string) => `${at('extraVolumeMounts', i)}.mountPath ${path} is already a mount path of the ${component} container (${list}): `
      + 'Kubernetes refuses two volumes at one path',
    mountVolume: (i: string, name: string, list: string) => `${at('extraVolumeMounts', i)}.name ${name} names no volume of the ${component} pods (${list})`,
  };
  const own = () => chartPodItems()[component];
  const goFormat = (message: string) => JSON.stringify(message);
  const ownPaths = (values: TodoChatbotValues) => [...own().mountPaths, ...(component === 'backend' ? [values.backend.uploadsPath] : [])];
  return {
    check: (values) => {
      const problems: string[] = [];
      const { extraEnv, extraVolumes, extraVolumeMounts } = values[component];
      // The chart's own items come from a synthesis: not needed when there is nothing to check them against.
      if (extraEnv.length + extraVolumes.length + extraVolumeMounts.length === 0) return problems;
      const envSeen = new Map<string, number>();
      extraEnv.forEach(({ name }, i) => {
        if (!ENV_NAME.test(name)) problems.push(messages.envName(String(i), q(name)));
        else if (own().env.includes(name)) problems.push(messages.envChart(String(i), q(name), own().env.join(', ')));
        else if (envSeen.has(name)) problems.push(messages.envTwice(String(i), q(name), String(envSeen.get(name))));
        envSeen.set(name, i);
      });
      const volumes = [...own().volumes];
      extraVolumes.forEach(({ name }, i) => {
        if (!(DNS_LABEL.test(name) && name.length <= 63)) problems.push(messages.volumeName(String(i), q(name)));
        else if (volumes.includes(name)) problems.push(messages.volumeTaken(String(i), q(name), volumes.join(', ')));
        volumes.push(name);
      });
      const paths = ownPaths(values);
      extraVolumeMounts.forEach(({ name, mountPath }, i) => {
        if (!mountPath.startsWith('/')) problems.push(messages.mountRelative(String(i), q(mountPath)));
        else if (paths.includes(mountPath)) problems.push(messages.mountTaken(String(i), q(mountPath), paths.join(', ')));
        paths.push(mountPath);
        if (!volumes.includes(name)) problems.push(messages.mountVolume(String(i), q(name), volumes.join(', ')));
      });
      return problems;
    },
    template: `
{{- $envSeen := dict }}
{{- range $i, $var := .Values.${component}.extraEnv }}
{{- if not (regexMatch ${JSON.stringify(ENV_NAME.source)} $var.name) }}
{{- $problems = append $problems (printf ${goFormat(messages.envName('%d', '%q'))} $i $var.name) }}
{{- else if has $var.name ${goList(own().env)} }}
{{- $problems = append $problems (printf ${goFormat(messages.envChart('%d', '%q', own().env.join(', ')))} $i $var.name) }}
{{- else if hasKey $envSeen $var.name }}
{{- $problems = append $problems (printf ${goFormat(messages.envTwice('%d', '%q', '%d'))} $i $var.name (index $envSeen $var.name)) }}
{{- end }}
{{- $_ := set $envSeen $var.name $i }}
{{- end }}
{{- $volumes := ${goList(own().volumes)} }}
{{- range $i, $volume := .Values.${component}.extraVolumes }}
{{- if not (and (regexMatch ${JSON.stringify(DNS_LABEL.source)} $volume.name) (le (len $volume.name) 63)) }}
{{- $problems = append $problems (printf ${goFormat(messages.volumeName('%d', '%q'))} $i $volume.name) }}
{{- else if has $volume.name $volumes }}
{{- $problems = append $problems (printf ${goFormat(messages.volumeTaken('%d', '%q', '%s'))} $i $volume.name (join ", " $volumes)) }}
{{- end }}
{{- $volumes = append $volumes $volume.name }}
{{- end }}
{{- $paths := ${component === 'backend' ? `concat ${goList(own().mountPaths)} (list .Values.backend.uploadsPath)` : goList(own().mountPaths)} }}
{{- range $i, $mount := .Values.${component}.extraVolumeMounts }}
{{- if not (hasPrefix "/" $mount.mountPath) }}
{{- $problems = append $problems (printf ${goFormat(messages.mountRelative('%d', '%q'))} $i $mount.mountPath) }}
{{- else if has $mount.mountPath $paths }}
{{- $problems = append $problems (printf ${goFormat(messages.mountTaken('%d', '%q', '%s'))} $i $mount.mountPath (join ", " $paths)) }}
{{- end }}
{{- $paths = append $paths $mount.mountPath }}
{{- if not (has $mount.name $volumes) }}
{{- $problems = append $problems (printf ${goFormat(messages.mountVolume('%d', '%q', '%s'))} $i $mount.name (join ", " $volumes)) }}
{{- end }}
{{- end }}`,
  };
}

/** A host path that is no directory of its own (the node's root, a system directory): `quoted` is the value, quoted. */
function notOwnDirectory(path: string, quoted: string): string {
  return `${path} ${quoted} is not a directory of its own: it must be at least two levels below / (such as /mnt/data/uploads) `
    + `and outside the node's system directories (${SYSTEM_DIRECTORIES.join(', ')})`;
}

const ENV_SOURCES = ['configMapKeyRef', 'fieldRef', 'resourceFieldRef', 'secretKeyRef'];
const KEY_SELECTORS = ['configMapKeyRef', 'secretKeyRef'];
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs'];
/** A label or annotation of the pod by key (an annotation's key is checked in lower case, as the API server checks it). */
const SUBSCRIPTED_FIELD_PATH = /^metadata\.(labels|annotations)\['([^']*)'\]$/;
const CONTAINER_RESOURCES = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
/** A key of a ConfigMap or Secret, as the API server checks it. */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_WORDS = 'a key of a ConfigMap or Secret (letters, digits, "-", "_" and ".", at most 253 characters)';
const DNS_SUBDOMAIN = new RegExp(VALUE_FORMATS.dnsName.pattern);
const QUANTITY = new RegExp(QUANTITY_PATTERN);
const ENV_FROM_SOURCES = ['configMapRef', 'secretRef'];
const INGRESS_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INGRESS_PATH_SUFFIXES = ['/..', '/.'];

/**
 * What a component's pass-through pod items refer to and how, as the API server checks it: a variable's valueFrom
 * (exactly one source, none with a value, names and keys of ConfigMaps and Secrets, the pod fields and container
 * resources Kubernetes offers), an envFrom source (exactly one, named), a volume (one source; a host path that is a
 * directory of its own, as for persistence.hostPath; an emptyDir size of at least 0) and a mount (a relative subPath
 * without "..", and no Bidirectional propagation: the chart's containers are never privileged). The schema has the
 * fields and their types (Kubernetes 1.28's definitions); these are the rules across and inside them.
 */
function podItemSourcesRule(component: typeof COMPONENTS[number]): ValueRule {
  const at = (field: string, i: number | string) => `${component}.${field}[${i}]`;
  const m = {
    valueAndFrom: (i: string) => `${at('extraEnv', i)}.valueFrom cannot go with a value that is not empty: give one of them`,
    sources: (i: string, n: string) => `${at('extraEnv', i)}.valueFrom must give exactly one of ${ENV_SOURCES.join(', ')}, got ${n}`,
    refName: (i: string, source: string, name: string) => `${at('extraEnv', i)}.valueFrom.${source}.name must be ${VALUE_FORMATS.dnsName.words}, got ${name}`,
    refKey: (i: string, source: string, key: string) => `${at('extraEnv', i)}.valueFrom.${source}.key must be ${CONFIG_KEY_WORDS}, got ${key}`,
    fieldPath: (i: string, path: string) => `${at('extraEnv', i)}.valueFrom.fieldRef.fieldPath must be one of ${ENV_FIELD_PATHS.join(', ')}, `
      + `or metadata.labels['KEY'] or metadata.annotations['KEY'] with KEY a label key, got ${path}`,
    resource: (i: string, resource: string) => `${at('extraEnv', i)}.valueFrom.resourceFieldRef.resource must be one of ${CONTAINER_RESOURCES.join(', ')}, got ${resource}`,
    envFromSources: (i: string, n: string) => `${at('extraEnvFrom', i)} must give exactly one of ${ENV_FROM_SOURCES.join(', ')}, got ${n}`,
    envFromName: (i: string, source: string, name: string) => `${at('extraEnvFrom', i)}.${source}.name must be ${VALUE_FORMATS.dnsName.words}, got ${name}`,
    volumeSources: (i: string, list: string) => `${at('extraVolumes', i)} must give one volume source, got ${list}`,
    hostPath: (i: string, path: string) => notOwnDirectory(`${at('extraVolumes', i)}.hostPath.path`, path),
    hostPathFormat: (i: string, path: string) => `${at('extraVolumes', i)}.hostPath.path must be ${VALUE_FORMATS.absolutePath.words}, got ${path}`,
    sizeLimit: (i: string, size: string) => `${at('extraVolumes', i)}.emptyDir.sizeLimit must be a quantity of at least 0 (such as 1Gi), got ${size}`,
    subPath: (i: string, field: string, path: string) => `${at('extraVolumeMounts', i)}.${field} must be a relative path without "..", got ${path}`,
    subPathBoth: (i: string) => `${at('extraVolumeMounts', i)}: give subPath or subPathExpr, not both`,
    propagation: (i: string, value: string) => `${at('extraVolumeMounts', i)}.mountPropagation must be None or HostToContainer `
      + `(Bidirectional needs a privileged container, which the chart's are never), got ${value}`,
  };
  const goFormat = (message: string) => JSON.stringify(message);
  const isFieldPath = (path: string) => {
    if (ENV_FIELD_PATHS.includes(path)) return true;
    const subscript = SUBSCRIPTED_FIELD_PATH.exec(path);
    return subscript !== null && isLabelKey(subscript[1] === 'annotations' ? subscript[2].toLowerCase() : subscript[2]);
  };
  const isLocalPath = (path: string) => !path.startsWith('/') && !path.split('/').includes('..');
  return {
    check: (values) => {
      const problems: string[] = [];
      const { extraEnv, extraEnvFrom, extraVolumes, extraVolumeMounts } = values[component] as unknown as Record<string, Array<Record<string, any>>>;
      extraEnv.forEach((variable, index) => {
        const i = String(index);
        const from = variable.valueFrom;
        if (from === undefined) return;
        const sources = ENV_SOURCES.filter((source) => from[source] !== undefined);
        if ((variable.value ?? '') !== '') problems.push(m.valueAndFrom(i));
        else if (sources.length !== 1) problems.push(m.sources(i, String(sources.length)));
        for (const source of KEY_SELECTORS.filter((k) => from[k] !== undefined)) {
          const { name = '', key } = from[source];
          if (!DNS_SUBDOMAIN.test(name) || name.length > 253) problems.push(m.refName(i, source, q(name)));
          if (!CONFIG_KEY.test(key) || key.length > 253) problems.push(m.refKey(i, source, q(key)));
        }
        if (from.fieldRef !== undefined && !isFieldPath(from.fieldRef.fieldPath)) problems.push(m.fieldPath(i, q(from.fieldRef.fieldPath)));
        if (from.resourceFieldRef !== undefined && !CONTAINER_RESOURCES.includes(from.resourceFieldRef.resource)) {
          problems.push(m.resource(i, q(from.resourceFieldRef.resource)));
        }
      });
      extraEnvFrom.forEach((source, index) => {
        const i = String(index);
        const given = ENV_FROM_SOURCES.filter((k) => source[k] !== undefined);
        if (given.length !== 1) problems.push(m.envFromSources(i, String(given.length)));
        for (const k of given) {
          const name: string = source[k].name ?? '';
          if (!DNS_SUBDOMAIN.test(name) || name.length > 253) problems.push(m.envFromName(i, k, q(name)));
        }
      });
      extraVolumes.forEach((volume, index) => {
        const i = String(index);
        const sources = Object.keys(volume).filter((k) => k !== 'name').sort();
        if (sources.length > 1) problems.push(m.volumeSources(i, sources.join(', ')));
        if (volume.hostPath !== undefined) {
          const hostPath: string = volume.hostPath.path;
          if (!new RegExp(VALUE_FORMATS.absolutePath.pattern).test(hostPath)) problems.push(m.hostPathFormat(i, q(hostPath)));
          else if (hostPath.split('/').length < 3 || IN_SYSTEM_DIRECTORY.check(hostPath)) problems.push(m.hostPath(i, q(hostPath)));
        }
        const size = volume.emptyDir?.sizeLimit;
        if (size !== undefined && (!QUANTITY.test(String(size)) || /^-.*[1-9]/.test(String(size)))) problems.push(m.sizeLimit(i, q(String(size))));
      });
      extraVolumeMounts.forEach((mount, index) => {
        const i = String(index);
        for (const field of ['subPath', 'subPathExpr']) {
          const path: string = mount[field] ?? '';
          if (path !== '' && !isLocalPath(path)) problems.push(m.subPath(i, field, q(path)));
        }
        if ((mount.subPath ?? '') !== '' && (mount.subPathExpr ?? '') !== '') problems.push(m.subPathBoth(i));
        if (mount.mountPropagation !== undefined && !['None', 'HostToContainer'].includes(mount.mountPropagation)) {
          problems.push(m.propagation(i, q(mount.mountPropagation)));
        }
      });
      return problems;
    },
    template: `
{{- range $i, $var := .Values.${component}.extraEnv }}
{{- if hasKey $var "valueFrom" }}
{{- $from := $var.valueFrom }}
{{- $sources := 0 }}
{{- range $source := ${goList(ENV_SOURCES)} }}{{ if hasKey $from $source }}{{ $sources = add1 $sources }}{{ end }}{{ end }}
{{- if ne ($var.value | default "") "" }}
{{- $problems = append $problems (printf ${goFormat(m.valueAndFrom('%d'))} $i) }}
{{- else if ne (int $sources) 1 }}
{{- $problems = append $problems (printf ${goFormat(m.sources('%d', '%d'))} $i (int $sources)) }}
{{- end }}
{{- range $source := ${goList(KEY_SELECTORS)} }}
{{- if hasKey $from $source }}
{{- $ref := index $from $source }}
{{- $name := $ref.name | default "" }}
{{- if not (and (regexMatch ${JSON.stringify(VALUE_FORMATS.dnsName.pattern)} $name) (le (len $name) 253)) }}
{{- $problems = append $problems (printf ${goFormat(m.refName('%d', '%s', '%q'))} $i $source $name) }}
{{- end }}
{{- if not (and (regexMatch ${JSON.stringify(CONFIG_KEY.source)} $ref.key) (le (len $ref.key) 253)) }}
{{- $problems = append $problems (printf ${goFormat(m.refKey('%d', '%s', '%q'))} $i $source $ref.key) }}
{{- end }}
{{- end }}
{{- end }}
{{- with $from.fieldRef }}
{{- $path := .fieldPath }}
{{- $ok := has $path ${goList(ENV_FIELD_PATHS)} }}
{{- $subscript := regexFind ${JSON.stringify(SUBSCRIPTED_FIELD_PATH.source)} $path }}
{{- if $subscript }}
{{- $key := regexReplaceAll ${JSON.stringify(SUBSCRIPTED_FIELD_PATH.source)} $path "$2" }}
{{- if hasPrefix "metadata.annotations" $path }}{{ $key = lower $key }}{{ end }}
{{- $ok = ${goIsLabelKey('$key')} }}
{{- end }}
{{- if not $ok }}
{{- $problems = append $problems (printf ${goFormat(m.fieldPath('%d', '%q'))} $i $path) }}
{{- end }}
{{- end }}
{{- with $from.resourceFieldRef }}
{{- if not (has .resource ${goList(CONTAINER_RESOURCES)}) }}
{{- $problems = append $problems (printf ${goFormat(m.resource('%d', '%q'))} $i .resource) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $source := .Values.${component}.extraEnvFrom }}
{{- $given := list }}
{{- range $k := ${goList(ENV_FROM_SOURCES)} }}{{ if hasKey $source $k }}{{ $given = append $given $k }}{{ end }}{{ end }}
{{- if ne (len $given) 1 }}
{{- $problems = append $problems (printf ${goFormat(m.envFromSources('%d', '%d'))} $i (len $given)) }}
{{- end }}
{{- range $k := $given }}
{{- $name := (index $source $k).name | default "" }}
{{- if not (and (regexMatch ${JSON.stringify(VALUE_FORMATS.dnsName.pattern)} $name) (le (len $name) 253)) }}
{{- $problems = append $problems (printf ${goFormat(m.envFromName('%d', '%s', '%q'))} $i $k $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $volume := .Values.${component}.extraVolumes }}
{{- $sources := without (keys $volume | sortAlpha) "name" }}
{{- if gt (len $sources) 1 }}
{{- $problems = append $problems (printf ${goFormat(m.volumeSources('%d', '%s'))} $i (join ", " $sources)) }}
{{- end }}
{{- with $volume.hostPath }}
{{- if not (regexMatch ${JSON.stringify(VALUE_FORMATS.absolutePath.pattern)} .path) }}
{{- $problems = append $problems (printf ${goFormat(m.hostPathFormat('%d', '%q'))} $i .path) }}
{{- else if or (lt (len (splitList "/" .path)) 3) (${IN_SYSTEM_DIRECTORY.template('.path')}) }}
{{- $problems = append $problems (printf ${goFormat(m.hostPath('%d', '%q'))} $i .path) }}
{{- end }}
{{- end }}
{{- if and $volume.emptyDir (hasKey $volume.emptyDir "sizeLimit") }}
{{- $size := toString $volume.emptyDir.sizeLimit }}
{{- if or (not (regexMatch ${JSON.stringify(QUANTITY_PATTERN)} $size)) (regexMatch "^-.*[1-9]" $size) }}
{{- $problems = append $problems (printf ${goFormat(m.sizeLimit('%d', '%q'))} $i $size) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $mount := .Values.${component}.extraVolumeMounts }}
{{- range $field := list "subPath" "subPathExpr" }}
{{- $path := index $mount $field | default "" }}
{{- if and $path (or (hasPrefix "/" $path) (has ".." (splitList "/" $path))) }}
{{- $problems = append $problems (printf ${goFormat(m.subPath('%d', '%s', '%q'))} $i $field $path) }}
{{- end }}
{{- end }}
{{- if and ($mount.subPath | default "") ($mount.subPathExpr | default "") }}
{{- $problems = append $problems (printf ${goFormat(m.subPathBoth('%d'))} $i) }}
{{- end }}
{{- if and (hasKey $mount "mountPropagation") (not (has $mount.mountPropagation (list "None" "HostToContainer"))) }}
{{- $problems = append $problems (printf ${goFormat(m.propagation('%d', '%q'))} $i $mount.mountPropagation) }}
{{- end }}
{{- end }}`,
  };
}

/** Rules across settings, applied once every setting has its format. */
/** `percent` writes a "%" of the words: "%%" in a Go printf format. */
const ingressPathProblem = (path: string, percent = '%') => `ingress.path ${path} must not hold ${INGRESS_PATH_SEQUENCES.map((x) => `"${x.replace(/%/g, percent)}"`).join(', ')} `
  + `nor end with ${INGRESS_PATH_SUFFIXES.map((x) => `"${x}"`).join(' or ')} with pathType Prefix or Exact`;
const defaultServiceAccount = 'serviceAccount.name "default" with serviceAccount.create: every namespace has a ServiceAccount named default already '
  + '(Helm would refuse to take it over, kubectl apply would change it); choose another name, or leave create false to use it';
/** A memory or storage quantity that is a fraction of a byte ("1.5", "500m", "1e-3"): the API server only warns and rounds. */
const FRACTIONAL_BYTES = /^[+-]?([0-9]*\.[0-9]*[1-9][0-9]*|([0-9]+(\.[0-9]*)?|\.[0-9]+)[mun]|([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE]-[0-9]+)$/;
const BYTE_QUANTITIES = [...COMPONENTS.flatMap((c) => [`${c}.resources.requests.memory`, `${c}.resources.limits.memory`]), 'persistence.size'];
const fractionalBytes = (path: string, quoted: string) => `${path} ${quoted} is a fraction of a byte: memory and storage are whole bytes (is a unit missing, as in "1.5Gi"?)`;
const pullSecretTwice = (i: string, name: string, j: string) => `imagePullSecrets[${i}].name ${name} is given at imagePullSecrets[${j}] too`;
const crossRules: ValueRule[] = [
  labelRule('commonLabels'),
  ...COMPONENTS.flatMap((c) => [labelRule(`${c}.podLabels`, 'commonLabels'), podAnnotationsRule(c), podItemsRule(c), podItemSourcesRule(c)]),
  {
    // The API server's rule for the paths of pathType Prefix and Exact (ImplementationSpecific leaves them to the controller).
    check: (values) => {
      const { enabled, path, pathType } = values.ingress;
      const bad = enabled && ['Prefix', 'Exact'].includes(pathType)
        && (INGRESS_PATH_SEQUENCES.some((x) => path.includes(x)) || INGRESS_PATH_SUFFIXES.some((x) => path.endsWith(x)));
      return bad ? [ingressPathProblem(q(path))] : [];
    },
    template: `
{{- $ingressPath := .Values.ingress.path }}
{{- if and .Values.ingress.enabled (has .Values.ingress.pathType (list "Prefix" "Exact")) }}
{{- $badPath := false }}
{{- range $x := ${goList(INGRESS_PATH_SEQUENCES)} }}{{ if contains $x $ingressPath }}{{ $badPath = true }}{{ end }}{{ end }}
{{- range $x := ${goList(INGRESS_PATH_SUFFIXES)} }}{{ if hasSuffix $x $ingressPath }}{{ $badPath = true }}{{ end }}{{ end }}
{{- if $badPath }}
{{- $problems = append $problems (printf ${JSON.stringify(ingressPathProblem('%q', '%%'))} $ingressPath) }}
{{- end }}
{{- end }}`,
  },
  {
    check: (values) => BYTE_QUANTITIES.filter((path) => FRACTIONAL_BYTES.test(valueAt(values, path))).map((path) => fractionalBytes(path, q(valueAt(values, path)))),
    template: BYTE_QUANTITIES.map((path) => `
{{- if regexMatch ${JSON.stringify(FRACTIONAL_BYTES.source)} .Values.${path} }}
{{- $problems = append $problems (printf ${JSON.stringify(fractionalBytes(path, '%q'))} .Values.${path}) }}
{{- end }}`).join(''),
  },
  {
    // The API server only warns of a repeated pull Secret; a repeat is a copy-paste slip, and the two paths would print different warnings.
    check: (values) => values.imagePullSecrets.flatMap(({ name }, i) => {
      const first = values.imagePullSecrets.findIndex((s) => s.name === name);
      return first < i ? [pullSecretTwice(String(i), q(name), String(first))] : [];
    }),
    template: `
{{- $pullSecrets := dict }}
{{- range $i, $secret := .Values.imagePullSecrets }}
{{- if hasKey $pullSecrets $secret.name }}
{{- $problems = append $problems (printf ${JSON.stringify(pullSecretTwice('%d', '%q', '%d'))} $i $secret.name (index $pullSecrets $secret.name)) }}
{{- else }}
{{- $_ := set $pullSecrets $secret.name $i }}
{{- end }}
{{- end }}`,
  },
  {
    check: (values) => (values.serviceAccount.create && values.serviceAccount.name === 'default' ? [defaultServiceAccount] : []),
    template: `
{{- if and .Values.serviceAccount.create (eq .Values.serviceAccount.name "default") }}
{{- $problems = append $problems ${JSON.stringify(defaultServiceAccount)} }}
{{- end }}`,
  },
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
        ? [notOwnDirectory('persistence.hostPath', q(hostPath))]
        : [];
    },
    template: `
{{- if and .Values.persistence.enabled (eq .Values.persistence.type "hostPath") }}
{{- $hostPath := .Values.persistence.hostPath }}
{{- if or (lt (len (splitList "/" $hostPath)) 3) (${IN_SYSTEM_DIRECTORY.template('$hostPath')}) }}
{{- $problems = append $problems (printf ${JSON.stringify(notOwnDirectory('persistence.hostPath', '%q'))} $hostPath) }}
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
  dataSizeRule({
    path: 'config', object: 'the backend\'s ConfigMap', derived: ['corsOrigins', 'frontendUrl'],
    // Empty URLs are the frontend's address (names.ts), whatever the release.
    data: (values) => {
      const identity = plainIdentity(values);
      return { ...values.config, corsOrigins: identity.corsOrigins, frontendUrl: identity.frontendUrl };
    },
  }),
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

const registryReadAsNamespace = (registry: string) => `global.imageRegistry ${registry} is read as a Docker Hub namespace (docker.io/<it>/<repository>), `
  + 'not a registry host: a host has a "." or a port (registry.local, myregistry:5000), or is localhost';
const drainsBlocked = (component: string) => `${component}.podDisruptionBudget.maxUnavailable is 0: no voluntary disruption may take a ${component} pod, `
  + 'so kubectl drain (and a node upgrade) waits for ever; 1 lets one pod move at a time';
const anyOrigin = 'config.corsOrigins "*" lets any web site call the API from its visitors\' browsers: list the frontend\'s origins';
const warningRules: WarningRule[] = [
  {
    check: (values) => COMPONENTS.filter((c) => values[c].podDisruptionBudget.enabled && values[c].podDisruptionBudget.maxUnavailable === 0).map(drainsBlocked),
    template: `
{{- range $component := ${goList(COMPONENTS)} }}
{{- $budget := (index $.Values $component).podDisruptionBudget }}
{{- if and $budget.enabled (eq (int $budget.maxUnavailable) 0) }}
{{- $warnings = append $warnings (printf ${JSON.stringify(drainsBlocked('%s'))} $component $component) }}
{{- end }}
{{- end }}`,
  },
  {
    check: (values) => (values.config.corsOrigins.trim() === '*' ? [anyOrigin] : []),
    template: `
{{- if eq (trim .Values.config.corsOrigins) "*" }}
{{- $warnings = append $warnings ${JSON.stringify(anyOrigin)} }}
{{- end }}`,
  },
  {
    // Container runtimes take the part before the first "/" for a host only with a "." or ":" in it, or localhost.
    check: (values) => {
      const registry = values.global.imageRegistry;
      const host = registry.split('/')[0];
      return registry && !/[.:]/.test(host) && host !== 'localhost' ? [registryReadAsNamespace(q(registry))] : [];
    },
    template: `
{{- $registry := .Values.global.imageRegistry }}
{{- $registryHost := first (splitList "/" $registry) }}
{{- if and $registry (not (or (contains "." $registryHost) (contains ":" $registryHost) (eq $registryHost "localhost"))) }}
{{- $warnings = append $warnings (printf ${JSON.stringify(registryReadAsNamespace('%q'))} $registry) }}
{{- end }}`,
  },
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
