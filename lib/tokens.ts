import { randomBytes } from 'crypto';

/**
 * Placeholders for values that are not known at synthesis time.
 *
 * The constructs accept them anywhere a string, number or object prop is accepted, skip their own
 * validation for them (whoever fills them in validates instead) and pass them through to the synthesized
 * objects, the way AWS CDK tokens stand for values that only exist at deploy time. Each placeholder carries
 * an opaque payload that only its creator interprets (this project's Helm layer, `lib/helm/`, puts a values
 * path in it); nothing here knows any template language.
 *
 * Placeholders cannot be forged: string and number placeholders embed a random nonce drawn once per process,
 * and object placeholders are recognised by identity. A user value that looks like one (a `⟦...⟧` string, a
 * large negative number) is just a value. They are recognised across copies of this library in one process,
 * because the registry lives on `globalThis` under a `Symbol.for` key.
 */

/** One piece of a string that may hold placeholders. */
export type TokenPart =
  | { readonly literal: string }
  | { readonly payload: object; readonly numeric: boolean };

interface Registry {
  /** Random per process: no value from outside can contain it. */
  readonly nonce: string;
  /** First number placeholder; the next ones count down. Random per process, an exact integer. */
  readonly numberBase: number;
  readonly strings: Map<string, object>;
  readonly numbers: Map<number, object>;
  readonly objects: WeakMap<object, object>;
  /** Canonical payload JSON -> its string or number placeholder, so one payload always gives one placeholder. */
  readonly byPayload: Map<string, string | number>;
}

const REGISTRY_KEY = Symbol.for('todo-chatbot-k8s.tokens.registry.v1');
/** How many number placeholders a process may create. */
const NUMBER_SPAN = 1 << 20;

function registry(): Registry {
  const holder = globalThis as unknown as { [REGISTRY_KEY]?: Registry };
  holder[REGISTRY_KEY] ??= {
    nonce: randomBytes(12).toString('hex'),
    // Between -2^53 and -2^52: exact integers far from any field value, at a place no one can predict.
    numberBase: -(2 ** 52) - Math.floor(Math.random() * (2 ** 51)) - NUMBER_SPAN,
    strings: new Map(),
    numbers: new Map(),
    objects: new WeakMap(),
    byPayload: new Map(),
  };
  return holder[REGISTRY_KEY]!;
}

const OPEN = '\u27e6';
const CLOSE = '\u27e7';

let stringTokenPattern: { nonce: string; pattern: RegExp } | undefined;

/** The pattern of a string placeholder, built once per nonce (`matchAll` copies it, so sharing it is safe). */
function stringToken(): RegExp {
  const nonce = registry().nonce;
  if (stringTokenPattern?.nonce !== nonce) stringTokenPattern = { nonce, pattern: new RegExp(`${OPEN}${nonce}:\\d+${CLOSE}`, 'g') };
  return stringTokenPattern.pattern;
}

/** A number written in a string: a candidate number placeholder (checked against the registry). */
const NUMBER_IN_TEXT = /-\d{16}(?!\d)/g;

/** Creates and recognises placeholders. */
export class Tokens {
  /** A string placeholder carrying `payload`; the same payload (by value) always gives the same placeholder. */
  public static string(payload: object): string {
    const r = registry();
    const key = `s${canonicalJson(payload)}`;
    const existing = r.byPayload.get(key);
    if (typeof existing === 'string') return existing;
    const token = `${OPEN}${r.nonce}:${r.strings.size}${CLOSE}`;
    r.strings.set(token, payload);
    r.byPayload.set(key, token);
    return token;
  }

  /** A number placeholder carrying `payload` (an integer no field takes; arithmetic on it is caught). */
  public static number(payload: object): number {
    const r = registry();
    const key = `n${canonicalJson(payload)}`;
    const existing = r.byPayload.get(key);
    if (typeof existing === 'number') return existing;
    if (r.numbers.size >= NUMBER_SPAN) throw new Error('too many number placeholders');
    const value = r.numberBase - r.numbers.size;
    r.numbers.set(value, payload);
    r.byPayload.set(key, value);
    return value;
  }

  /**
   * An object (or, with `list`, an array) placeholder carrying `payload`, for a value passed through whole.
   * Reading its contents throws: a construct may only store it, or test it with `isUnresolved`.
   */
  public static object<T extends object>(payload: object, list = false): T {
    const describe = () => `a placeholder object (${canonicalJson(payload)})`;
    const refuse = (what: string) => () => {
      throw new Error(`${describe()} cannot be ${what} at synthesis time; pass it through whole (check Tokens.isUnresolved first)`);
    };
    const proxy = new Proxy(list ? [] : {}, {
      ownKeys: refuse('iterated or spread'),
      has: refuse('inspected'),
      set: refuse('changed'),
      defineProperty: refuse('changed'),
      deleteProperty: refuse('changed'),
      get: (target, key) => {
        if (key === Symbol.toPrimitive || key === 'toString') return () => describe();
        if (key === 'toJSON') return refuse('serialized');
        // `then` is read by anything that checks for a promise: a placeholder is none.
        if (typeof key === 'symbol' || key === 'constructor') return Reflect.get(target, key);
        if (key === 'then') return undefined;
        return refuse(`read (.${key})`)();
      },
    });
    registry().objects.set(proxy, payload);
    return proxy as unknown as T;
  }

  /** A string placeholder for the hex sha256 of `text`, which holds placeholders. */
  public static sha256(text: string): string {
    return Tokens.string({ sha256: text });
  }

  /** Whether `value` is a placeholder or (for strings) contains one. */
  public static isUnresolved(value: unknown): boolean {
    if (typeof value === 'number') return Tokens.numberIsPlaceholder(value);
    if (typeof value === 'string') return Tokens.parse(value).some((part) => 'payload' in part);
    if (typeof value === 'object' && value !== null) return registry().objects.has(value);
    return false;
  }

  /** The payload of a whole placeholder (string, number or object); undefined for anything else. */
  public static payloadOf(value: unknown): object | undefined {
    const r = registry();
    if (typeof value === 'number') {
      Tokens.numberIsPlaceholder(value);
      return r.numbers.get(value);
    }
    if (typeof value === 'string') return r.strings.get(value);
    if (typeof value === 'object' && value !== null) return r.objects.get(value);
    return undefined;
  }

  /** Splits a string into literal text and placeholders (number placeholders may appear stringified). */
  public static parse(value: string): TokenPart[] {
    // Most strings hold neither a string placeholder nor a negative number: nothing to search.
    if (!value.includes(OPEN) && !value.includes('-')) return value === '' ? [] : [{ literal: value }];
    const r = registry();
    const parts: TokenPart[] = [];
    const pushLiteral = (text: string) => {
      let last = 0;
      for (const match of text.matchAll(NUMBER_IN_TEXT)) {
        const payload = r.numbers.get(Number(match[0]));
        if (!payload) continue;
        if (match.index! > last) parts.push({ literal: text.slice(last, match.index) });
        parts.push({ payload, numeric: true });
        last = match.index! + match[0].length;
      }
      if (last < text.length) parts.push({ literal: text.slice(last) });
    };
    let last = 0;
    for (const match of value.matchAll(stringToken())) {
      const payload = r.strings.get(match[0]);
      if (!payload) continue;
      pushLiteral(value.slice(last, match.index));
      parts.push({ payload, numeric: false });
      last = match.index! + match[0].length;
    }
    pushLiteral(value.slice(last));
    return parts;
  }

  /** Whether a number is a placeholder; throws for one computed from a placeholder by arithmetic. */
  private static numberIsPlaceholder(value: number): boolean {
    const r = registry();
    if (r.numbers.has(value)) return true;
    if (Number.isInteger(value) && value <= r.numberBase && value > r.numberBase - NUMBER_SPAN) {
      throw new Error(`${value} was computed from a placeholder; placeholders cannot take part in arithmetic`);
    }
    return false;
  }
}

/** JSON with sorted keys, so equal payloads give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}
