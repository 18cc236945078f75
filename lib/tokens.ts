/**
 * Placeholders for values that are not known at synthesis time.
 *
 * The constructs accept them anywhere a string or number prop is accepted, skip their own validation
 * for them (whoever fills them in validates instead) and pass them through to the synthesized objects.
 * A renderer then swaps each placeholder for a template expression. This project uses them to derive
 * its Helm templates from the very constructs that write the plain manifests: a placeholder carries a Go
 * template pipeline such as `.Values.backend.replicaCount`, the way AWS CDK tokens carry CloudFormation
 * references.
 */

const STRING_OPEN = '\u27e6';
const STRING_CLOSE = '\u27e7';
const STRING_TOKEN = new RegExp(`${STRING_OPEN}([^${STRING_CLOSE}]*)${STRING_CLOSE}`, 'g');

/**
 * Number placeholders are negative integers far outside any value a manifest field takes, so that
 * validation can recognise them and arithmetic on them is caught (the result is not registered).
 */
const NUMBER_BASE = -1_000_000_000_000_000;
const NUMBER_SPAN = 1_000_000;
const numberExpressions = new Map<number, string>();
const numberForExpression = new Map<string, number>();

/** One piece of a string that may hold placeholders. */
export type TokenPart = { readonly literal: string } | { readonly expression: string; readonly numeric: boolean };

/** Creates and recognises placeholders. */
export class Tokens {
  /** A string placeholder for the template pipeline `expression` (its result is used as a string). */
  public static string(expression: string): string {
    Tokens.checkExpression(expression);
    return `${STRING_OPEN}${expression}${STRING_CLOSE}`;
  }

  /** A number placeholder for the template pipeline `expression` (its result is used as an integer). */
  public static number(expression: string): number {
    Tokens.checkExpression(expression);
    const existing = numberForExpression.get(expression);
    if (existing !== undefined) return existing;
    const value = NUMBER_BASE - numberExpressions.size;
    numberExpressions.set(value, expression);
    numberForExpression.set(expression, value);
    return value;
  }

  /** Whether `value` is, or (for strings) contains, a placeholder. */
  public static isUnresolved(value: unknown): boolean {
    if (typeof value === 'number') return Tokens.inNumberRange(value);
    if (typeof value === 'string') return value.includes(STRING_OPEN) || NUMBER_IN_STRING.test(value);
    return false;
  }

  /** The pipeline behind a number placeholder; throws for a number derived from one by arithmetic. */
  public static numberExpression(value: number): string | undefined {
    if (!Tokens.inNumberRange(value)) return undefined;
    const expression = numberExpressions.get(value);
    if (expression === undefined) {
      throw new Error(`${value} was computed from a placeholder; placeholders cannot take part in arithmetic`);
    }
    return expression;
  }

  /** Splits a string into literal text and placeholders (number placeholders may appear stringified). */
  public static parse(value: string): TokenPart[] {
    const parts: TokenPart[] = [];
    const pushLiteral = (text: string) => {
      for (const piece of text.split(NUMBER_IN_STRING_GLOBAL)) {
        if (piece === '') continue;
        const asNumber = Number(piece);
        if (NUMBER_WHOLE.test(piece) && Tokens.inNumberRange(asNumber)) {
          parts.push({ expression: Tokens.numberExpression(asNumber)!, numeric: true });
        } else {
          parts.push({ literal: piece });
        }
      }
    };
    let last = 0;
    for (const match of value.matchAll(STRING_TOKEN)) {
      pushLiteral(value.slice(last, match.index));
      parts.push({ expression: match[1], numeric: false });
      last = match.index! + match[0].length;
    }
    pushLiteral(value.slice(last));
    return parts;
  }

  /**
   * A Go template pipeline that yields `value` with its placeholders filled in: the string itself when
   * it holds none, a placeholder's own pipeline when it is one, else a `printf` of the pieces.
   */
  public static templateExpression(value: string): string {
    const parts = Tokens.parse(value);
    if (parts.length === 0) return '""';
    if (parts.length === 1 && 'expression' in parts[0] && !parts[0].numeric) return parts[0].expression;
    if (parts.every((part) => 'literal' in part)) return JSON.stringify(value);
    const format = parts.map((part) => ('literal' in part ? part.literal.replace(/%/g, '%%') : '%v')).join('');
    const operands = parts.flatMap((part) => ('literal' in part ? [] : [/\s/.test(part.expression) ? `(${part.expression})` : part.expression]));
    return `printf ${JSON.stringify(format)} ${operands.join(' ')}`;
  }

  /** A string placeholder for the hex sha256 of `text`, which holds placeholders. */
  public static sha256(text: string): string {
    return Tokens.string(`${Tokens.templateExpression(text)} | sha256sum`);
  }

  private static inNumberRange(value: number): boolean {
    return Number.isInteger(value) && value <= NUMBER_BASE && value > NUMBER_BASE - NUMBER_SPAN;
  }

  private static checkExpression(expression: string) {
    if (expression.trim() === '' || expression.includes(STRING_CLOSE) || expression.includes('{{') || expression.includes('}}')) {
      throw new Error(`invalid placeholder expression ${JSON.stringify(expression)}`);
    }
  }
}

// A stringified number placeholder: "-1000000000000000" through "-1000000000999999".
const NUMBER_IN_STRING = /-1000000000\d{6}(?!\d)/;
const NUMBER_IN_STRING_GLOBAL = /(-1000000000\d{6})(?!\d)/;
const NUMBER_WHOLE = /^-1000000000\d{6}$/;
