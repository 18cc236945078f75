import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import * as k8s from '../imports/k8s';
import { dataChecksum } from './checksum';
import { registerObjectNames } from './conflicts';
import { Tokens } from './tokens';
import { PropsValidator } from './validation';

/** One key of the Secret an app reads. */
export interface SecretKey {
  /** Key in the Secret, also the environment variable the container sees. */
  readonly name: string;

  /**
   * Whether the app cannot run without it. A missing required key keeps the pod from starting
   * (CreateContainerConfigError names it); a missing optional key leaves the variable unset.
   * @default true
   */
  readonly required?: boolean;

  /**
   * What the value is, shown next to its placeholder in `secrets.yaml.example`.
   * @default - no description
   */
  readonly description?: string;
}

/** Settings of an `AppSecrets`. */
export interface AppSecretsProps {
  /**
   * Name of the Secret that holds the values.
   * @default - the construct id
   */
  readonly secretName?: string;

  /**
   * The keys the app reads from the Secret.
   */
  readonly keys: readonly SecretKey[];

  /**
   * Values to create the Secret from. Leave unset to synthesize no Secret at all, so that applying the
   * manifests never overwrites the real one the user created; set it only where values come from a
   * place outside git (for example Helm values given at install time). Every required key must have a
   * non-empty value; optional keys default to an empty value.
   * @default - no Secret object is synthesized
   */
  readonly values?: Readonly<Record<string, string>>;

  /**
   * Labels for the Secret object, when one is synthesized.
   * @default - no labels
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The secret keys an app needs, and the name of the Secret that holds them.
 *
 * It wires containers to the keys (`envVars()`), produces the `secrets.yaml.example` a user fills in
 * (`exampleManifest()`) from the same declaration, and puts no secret value into synthesized output
 * unless `values` is given.
 */
export class AppSecrets extends Construct {
  /** Name of the Secret. */
  public readonly secretName: string;
  /** The declared keys, in declaration order. */
  public readonly keys: readonly Required<SecretKey>[];
  /** The Secret object, only when `values` was given. */
  public readonly secret?: k8s.KubeSecret;
  /**
   * sha256 of the created Secret's data (sorted `KEY=value` lines), only when `values` was given: the
   * workloads that read the keys put it on their pods as `checksum/secret`, so a changed value rolls them.
   */
  public readonly checksum?: string;
  /** The namespace the Secret must be in: the chart's (`ChartProps.namespace`), if it has one. */
  public readonly namespace?: string;

  public constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    this.secretName = props.secretName ?? id;
    this.keys = props.keys.map((key) => ({ required: true, description: '', ...key }));
    this.namespace = Chart.of(this).namespace;

    const v = new PropsValidator('AppSecrets', this.node.path);
    v.resourceName('secretName', this.secretName);
    v.check(this.keys.length > 0, 'keys', '[]', 'must declare at least one key');
    const seen = new Set<string>();
    this.keys.forEach((key, i) => {
      v.envName(`keys[${i}].name`, key.name);
      v.check(!seen.has(key.name), `keys[${i}].name`, key.name, 'must not repeat an earlier key');
      seen.add(key.name);
    });
    if (props.values) {
      for (const name of Object.keys(props.values)) {
        v.check(seen.has(name), `values.${name}`, PropsValidator.HIDDEN, `is not a declared key (declared: ${[...seen].join(', ')})`);
      }
      for (const key of this.keys.filter((k) => k.required)) {
        const value = props.values[key.name];
        v.check(value !== undefined && (Tokens.isUnresolved(value) || value !== ''), `values.${key.name}`,
          value, 'is required and must not be empty');
      }
    }
    v.assertValid();

    if (props.values) {
      const values = props.values;
      const stringData = Object.fromEntries(this.keys.map((key) => [key.name, values[key.name] ?? '']));
      this.secret = new k8s.KubeSecret(this, 'Secret', {
        metadata: { name: this.secretName, labels: props.labels && { ...props.labels } },
        type: 'Opaque',
        stringData,
      });
      this.checksum = dataChecksum(stringData);
      registerObjectNames(this, 'AppSecrets', [[this.secret, 'secretName']]);
    }
  }

  /** Environment variables for a container, one per key, each read from the Secret. */
  public envVars(): k8s.EnvVar[] {
    return this.keys.map((key) => ({
      name: key.name,
      valueFrom: {
        secretKeyRef: { name: this.secretName, key: key.name, optional: key.required ? undefined : true },
      },
    }));
  }

  /**
   * The Secret manifest a user copies to `secrets.yaml` and fills in: placeholders for exactly the
   * declared keys, in the chart's namespace when it has one.
   */
  public exampleManifest(): string {
    const where = this.namespace ? `in namespace '${this.namespace}'` : '';
    const lines = [
      `# The Secret '${this.secretName}'${where ? ` ${where}` : ''}: copy this file to secrets.yaml (git-ignored), replace the placeholders,`,
      '# then run: kubectl apply -f secrets.yaml',
      '# Values under stringData are plain text; Kubernetes base64-encodes them itself.',
      stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: this.secretName, ...(this.namespace ? { namespace: this.namespace } : {}) },
        type: 'Opaque',
      }).trimEnd(),
      'stringData:',
    ];
    for (const key of this.keys) {
      const note = [key.required ? 'required' : 'optional', key.description].filter(Boolean).join(': ');
      lines.push(`  # ${note}`);
      lines.push(`  ${key.name}: ${JSON.stringify(key.required ? 'CHANGE_ME' : '')}`);
    }
    return `${lines.join('\n')}\n`;
  }

  /** A `kubectl create secret generic` command that creates the Secret with every key (with `-n`, in the chart's namespace). */
  public createCommand(): string {
    const literals = this.keys.map((key) => `--from-literal=${key.name}='${key.required ? '...' : ''}'`);
    const namespace = this.namespace ? ` -n ${this.namespace}` : '';
    return [`kubectl create secret generic ${this.secretName}${namespace}`, ...literals].join(' \\\n  ');
  }
}
