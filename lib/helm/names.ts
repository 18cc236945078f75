import { NamedRule, NameRule } from '../name-rules';

/** The Go template side of `lib/name-rules.ts`: the same rules as `_helpers.tpl` defines and expressions. */

/** The rule as one Go template expression (no `{{ }}`). */
export function nameExpression(rule: NameRule, chartName: string): string {
  const operand = (r: NameRule) => {
    const e = nameExpression(r, chartName);
    return /\s/.test(e) ? `(${e})` : e;
  };
  if ('literal' in rule) return JSON.stringify(rule.literal);
  if ('value' in rule) return `.Values.${rule.value}`;
  if ('release' in rule) return '.Release.Name';
  if ('chart' in rule) return `.Chart.${rule.chart}`;
  if ('named' in rule) return `include ${JSON.stringify(`${chartName}.${rule.named}`)} .`;
  if ('firstSet' in rule) return `default ${operand(rule.firstSet[1])} ${operand(rule.firstSet[0])}`;
  if ('join' in rule) {
    const format = rule.join.map((r) => ('literal' in r ? r.literal.replace(/%/g, '%%') : '%s')).join('');
    const operands = rule.join.filter((r) => !('literal' in r)).map(operand);
    return operands.length === 0 ? JSON.stringify(format) : `printf ${JSON.stringify(format)} ${operands.join(' ')}`;
  }
  // A pipeline's head needs no parentheses: `printf ... | trunc 63` pipes printf's result.
  if ('truncate' in rule) return `${nameExpression(rule.truncate, chartName)} | trunc ${rule.max} | trimSuffix "-"`;
  if ('replace' in rule) return `${nameExpression(rule.replace, chartName)} | replace ${JSON.stringify(rule.from)} ${JSON.stringify(rule.to)}`;
  if ('ifSet' in rule) return `ternary ${operand(rule.then)} ${operand(rule.otherwise)} (not (empty ${operand(rule.ifSet)}))`;
  return `ternary ${operand(rule.then)} ${operand(rule.otherwise)} (contains ${operand(rule.ifContains.needle)} ${operand(rule.ifContains.haystack)})`;
}

/** `_helpers.tpl` defines for the named rules; conditions at the top of a rule become `if`/`else` blocks. */
export function namedTemplates(named: Readonly<Record<string, NamedRule>>, chartName: string): string {
  const statement = (rule: NameRule, first = true): string[] => {
    if ('ifSet' in rule || 'ifContains' in rule) {
      const test = 'ifSet' in rule ? nameExpression(rule.ifSet, chartName)
        : `contains ${operandOf(rule.ifContains.needle, chartName)} ${operandOf(rule.ifContains.haystack, chartName)}`;
      const otherwise = rule.otherwise;
      const chained = 'ifSet' in otherwise || 'ifContains' in otherwise;
      return [
        `{{- ${first ? 'if' : 'else if'} ${test} }}`,
        ...statement(rule.then),
        ...(chained ? statement(otherwise, false) : ['{{- else }}', ...statement(otherwise), '{{- end }}']),
      ];
    }
    return [`{{- ${nameExpression(rule, chartName)} }}`];
  };
  return Object.entries(named).map(([name, { description, rule }]) => [
    `{{/*\n${description}\n*/}}`,
    `{{- define ${JSON.stringify(`${chartName}.${name}`)} -}}`,
    ...statement(rule),
    '{{- end }}',
  ].join('\n')).join('\n\n');
}

function operandOf(rule: NameRule, chartName: string): string {
  const e = nameExpression(rule, chartName);
  return /\s/.test(e) ? `(${e})` : e;
}
