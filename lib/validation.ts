import { Tokens } from './tokens';

/**
 * Bad input from the user (props, a values file, a command-line flag), as opposed to a bug: its message
 * says everything needed to fix it, so a command line prints the message alone, without a stack trace.
 */
export class InvalidInputError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/**
 * Collects prop errors for one construct and throws them together, each naming the construct, the field
 * and the offending value, so a bad prop fails synthesis before anything is written.
 * Placeholders (see `Tokens`) are skipped: whoever resolves them validates them.
 */
export class PropsValidator {
  /** Pass as the value of a check whose value must not be printed (a secret). */
  public static readonly HIDDEN: unique symbol = Symbol('hidden');

  private readonly problems: string[] = [];

  /**
   * @param constructKind the construct's class name, e.g. `ApiService`
   * @param constructPath the construct's path in the tree, e.g. `my-chart/api`
   */
  public constructor(private readonly constructKind: string, private readonly constructPath: string) {}

  /** Records a problem with `field` unless `ok` holds. */
  public check(ok: boolean, field: string, value: unknown, expectation: string): this {
    if (!ok) this.problems.push(`${field} ${expectation}, got ${describe(value)}`);
    return this;
  }

  /** An integer from `min` to `max` (unset: no check). */
  public integer(field: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): this {
    if (value === undefined || Tokens.isUnresolved(value)) return this;
    return this.check(Number.isInteger(value) && value >= min && value <= max, field, value,
      max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`);
  }

  /**
   * An integer not below another field's. No check when either is unset, no integer or a placeholder, or `field`
   * has a problem already (`integer` names those).
   */
  public notBelow(field: string, value: number | undefined, otherField: string, other: number | undefined): this {
    if (!Number.isInteger(value) || !Number.isInteger(other) || Tokens.isUnresolved(value) || Tokens.isUnresolved(other)) return this;
    if (this.problems.some((problem) => problem.startsWith(`${field} `))) return this;
    return this.check(value! >= other!, field, value, `must be at least ${otherField} (${other})`);
  }

  /** A TCP port, 1-65535 (unset: no check). */
  public port(field: string, value: number | undefined): this {
    return this.integer(field, value, 1, 65535);
  }

  /** A NodePort Service port, 30000-32767 (unset: no check). */
  public nodePort(field: string, value: number | undefined): this {
    return this.integer(field, value, 30000, 32767);
  }

  /** A string with more than white space (unset: no check). */
  public nonEmpty(field: string, value: string | undefined): this {
    if (value === undefined || Tokens.isUnresolved(value)) return this;
    return this.check(value.trim() !== '', field, value, 'must not be empty');
  }

  /** A Kubernetes object name (RFC 1123 DNS label when `label`, else DNS subdomain). */
  public resourceName(field: string, value: string | undefined, label = false): this {
    if (value === undefined || Tokens.isUnresolved(value)) return this;
    const ok = label ? DNS_LABEL.test(value) && value.length <= 63 : DNS_SUBDOMAIN.test(value) && value.length <= 253;
    return this.check(ok, field, value, label
      ? 'must be a DNS label (lower-case letters, digits and "-", at most 63 characters)'
      : 'must be a DNS subdomain name (lower-case letters, digits, "-" and ".", at most 253 characters)');
  }

  /** A valid environment variable name. */
  public envName(field: string, value: string): this {
    if (Tokens.isUnresolved(value)) return this;
    return this.check(ENV_NAME.test(value), field, value, 'must be a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)');
  }

  /** A path that starts with `/` (unset: no check). */
  public absolutePath(field: string, value: string | undefined): this {
    if (value === undefined || Tokens.isUnresolved(value)) return this;
    return this.check(value.startsWith('/'), field, value, 'must be an absolute path');
  }

  /** One of the `allowed` values (unset: no check). */
  public oneOf<T>(field: string, value: T | undefined, allowed: readonly T[]): this {
    if (value === undefined || Tokens.isUnresolved(value)) return this;
    return this.check(allowed.includes(value), field, value, `must be one of ${allowed.map(describe).join(', ')}`);
  }

  /** A Kubernetes quantity such as `250m` or `512Mi` (unset: no check). */
  public quantity(field: string, value: string | undefined): this {
    if (value === undefined || Tokens.isUnresolved(value)) return this;
    return this.check(parseQuantity(value) !== undefined, field, value,
      'must be a Kubernetes quantity such as 250m, 0.5, 512Mi or 1Gi');
  }

  /** A limit must not be below its request (Kubernetes rejects such a pod). */
  public limitNotBelowRequest(field: string, request: string | undefined, limit: string | undefined): this {
    if (request === undefined || limit === undefined || Tokens.isUnresolved(request) || Tokens.isUnresolved(limit)) return this;
    const order = compareQuantities(limit, request);
    if (order === undefined) return this;
    return this.check(order >= 0, `${field}.limit`, limit, `must not be below ${field}.request (${describe(request)})`);
  }

  /** Throws one error listing every recorded problem. */
  public assertValid(): void {
    if (this.problems.length === 0) return;
    const where = `${this.constructKind} '${this.constructPath}'`;
    if (this.problems.length === 1) throw new InvalidInputError(`${where}: ${this.problems[0]}`);
    throw new InvalidInputError(`${where} has invalid props:\n${this.problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A DNS label: a volume's name, a Service's. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** An environment variable name, as `envName` checks it. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The grammar of Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource). */
export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$';
const QUANTITY = new RegExp(QUANTITY_PATTERN);
const SUFFIX_FACTORS: Record<string, number> = {
  'n': 1e-9, 'u': 1e-6, 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/** The numeric value of a quantity (`512Mi` is 536870912, `250m` is 0.25), or undefined when malformed. */
export function parseQuantity(value: string): number | undefined {
  if (!QUANTITY.test(value)) return undefined;
  const match = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(value)!;
  const [, number, suffix] = match;
  // `1E` is exa (10^18), `1E3` an exponent.
  if (/^[eE][+-]?[0-9]+$/.test(suffix)) return Number(`${number}${suffix}`);
  return Number(number) * SUFFIX_FACTORS[suffix];
}

/**
 * The sign of `a - b` for two quantities (`1Gi` equals `1024Mi`, `700m` equals `0.7`), computed exactly as
 * the API server does (no floating-point rounding), or undefined when either is malformed.
 */
export function compareQuantities(a: string, b: string): -1 | 0 | 1 | undefined {
  const x = exactQuantity(a);
  const y = exactQuantity(b);
  if (x === undefined || y === undefined) return undefined;
  // value = mantissa * 10^decimal * 2^binary: bring both to the smaller exponents, then compare integers.
  const decimal = Math.min(x.decimal, y.decimal);
  const binary = Math.min(x.binary, y.binary);
  const scale = (q: ExactQuantity) => q.mantissa * 10n ** BigInt(q.decimal - decimal) * 2n ** BigInt(q.binary - binary);
  const [left, right] = [scale(x), scale(y)];
  return left < right ? -1 : left > right ? 1 : 0;
}

interface ExactQuantity { readonly mantissa: bigint; readonly decimal: number; readonly binary: number }

const DECIMAL_EXPONENTS: Record<string, number> = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const BINARY_EXPONENTS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

function exactQuantity(value: string): ExactQuantity | undefined {
  if (!QUANTITY.test(value)) return undefined;
  const [, sign, whole, fraction = '', suffix] = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(value)!;
  const mantissa = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  let decimal = -fraction.length;
  let binary = 0;
  if (/^[eE][+-]?[0-9]+$/.test(suffix)) decimal += Math.max(-1000, Math.min(1000, Number(suffix.slice(1))));
  else if (suffix in BINARY_EXPONENTS) binary = BINARY_EXPONENTS[suffix];
  else decimal += DECIMAL_EXPONENTS[suffix];
  return { mantissa, decimal, binary };
}

function describe(value: unknown): string {
  if (value === PropsValidator.HIDDEN) return '(value not shown)';
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
