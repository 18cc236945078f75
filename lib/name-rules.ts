/**
 * Names computed from the release, the chart and the values, written once as data: `evaluateName` computes
 * a name for a plain synthesis, and the Helm layer (`lib/helm/names.ts`) writes the same rules as
 * `_helpers.tpl` defines, so a chart and the plain manifests agree by construction.
 */

/** A rule that computes a name. */
export type NameRule =
  | { readonly literal: string }
  /** A setting, by dotted path (`nameOverride`). */
  | { readonly value: string }
  | { readonly release: 'Name' }
  | { readonly chart: 'Name' | 'Version' }
  /** Another named rule (a `define` of `_helpers.tpl`). */
  | { readonly named: string }
  /** The first of the two that is not empty (Sprig's `default`). */
  | { readonly firstSet: readonly [NameRule, NameRule] }
  | { readonly join: readonly NameRule[] }
  /** At most `max` characters, then one trailing `-` dropped (`trunc max | trimSuffix "-"`). */
  | { readonly truncate: NameRule; readonly max: number }
  | { readonly replace: NameRule; readonly from: string; readonly to: string }
  /** `then` when `test` is not empty, else `otherwise`. */
  | { readonly ifSet: NameRule; readonly then: NameRule; readonly otherwise: NameRule }
  /** `then` when `haystack` contains `needle`, else `otherwise`. */
  | { readonly ifContains: { readonly needle: NameRule; readonly haystack: NameRule }; readonly then: NameRule; readonly otherwise: NameRule };

/** A named rule (a `define` of a chart's `_helpers.tpl`). */
export interface NamedRule {
  /** The comment above its `define`. */
  readonly description: string;
  /** The rule. */
  readonly rule: NameRule;
}

/** What a plain synthesis knows that Helm takes from the release and Chart.yaml. */
export interface NameContext {
  /** The values, as Helm merges them. */
  readonly values: unknown;
  /** The release name. */
  readonly releaseName: string;
  /** Chart.yaml's name. */
  readonly chartName: string;
  /**
   * Chart.yaml's version.
   * @default - unknown: a rule that reads it throws
   */
  readonly chartVersion?: string;
}

/** The longest name a DNS label (a Service, a label value) may have. */
export const DNS_LABEL_MAX = 63;

/** `<prefix>-<suffix>` with the prefix shortened so that the whole fits in 63 characters. */
export function suffixed(prefix: NameRule, suffix: string): NameRule {
  return { join: [{ truncate: prefix, max: DNS_LABEL_MAX - suffix.length - 1 }, { literal: `-${suffix}` }] };
}

/** The name a rule gives in a plain synthesis. */
export function evaluateName(rule: NameRule, context: NameContext, named: Readonly<Record<string, NamedRule>>): string {
  const evaluate = (r: NameRule): string => {
    if ('literal' in r) return r.literal;
    if ('value' in r) {
      const found = r.value.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], context.values);
      // false is empty, as Sprig's `empty` (which `ifSet` and `firstSet` test on the Go side) has it.
      return found === undefined || found === null || found === false ? '' : String(found);
    }
    if ('release' in r) return context.releaseName;
    if ('chart' in r) {
      if (r.chart === 'Name') return context.chartName;
      if (context.chartVersion === undefined) throw new Error('this name needs the chart version, which the context does not give');
      return context.chartVersion;
    }
    if ('named' in r) return evaluate(ruleNamed(named, r.named));
    if ('firstSet' in r) return evaluate(r.firstSet[0]) || evaluate(r.firstSet[1]);
    if ('join' in r) return r.join.map(evaluate).join('');
    if ('truncate' in r) {
      const cut = evaluate(r.truncate).slice(0, r.max);
      return cut.endsWith('-') ? cut.slice(0, -1) : cut;
    }
    if ('replace' in r) return evaluate(r.replace).split(r.from).join(r.to);
    if ('ifSet' in r) return evaluate(r.ifSet) ? evaluate(r.then) : evaluate(r.otherwise);
    return evaluate(r.ifContains.haystack).includes(evaluate(r.ifContains.needle)) ? evaluate(r.then) : evaluate(r.otherwise);
  };
  return evaluate(rule);
}

function ruleNamed(named: Readonly<Record<string, NamedRule>>, name: string): NameRule {
  const found = named[name];
  if (!found) throw new Error(`no name rule ${JSON.stringify(name)} (known: ${Object.keys(named).join(', ')})`);
  return found.rule;
}
