import * as fs from 'fs';
import { parse } from 'yaml';
import { TodoChatbotValues, withValues } from './values';
import { valuesValidator } from './values-validator';

/**
 * Defaults with the values files merged over them (later files win, as with `helm -f a -f b`),
 * checked against values.schema.json, the same schema Helm checks them with.
 */
export function loadValuesFiles(files: readonly string[]): TodoChatbotValues {
  // The defaults are valid by construction (test/values-model.test.ts checks them against the schema);
  // skipping the schema compilation keeps the plain `npm run synth` fast.
  if (files.length === 0) return withValues();
  const overrides = files.map((file) => {
    if (!fs.existsSync(file)) throw new Error(`values file ${file} does not exist`);
    // YAML 1.1, as Helm reads values files: `enabled: yes` is true for both.
    const parsed = parse(fs.readFileSync(file, 'utf-8'), { version: '1.1' });
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new Error(`values file ${file} must hold a mapping of values`);
    }
    return parsed ?? {};
  });
  return checkValues(withValues(...overrides), files.join(', ') || 'default values');
}

/** Throws one error naming each value that values.schema.json rejects. */
export function checkValues(values: TodoChatbotValues, source: string): TodoChatbotValues {
  const validate = valuesValidator();
  if (!validate(values)) {
    const problems = (validate.errors ?? []).map((e) => {
      const where = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
      const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
      // `not` (the tag `latest`) has no message of its own: name the value it refuses.
      const message = e.keyword === 'not' ? `must not be ${JSON.stringify(valueAt(values, e.instancePath))}` : e.message;
      return `  - ${where}: ${message}${extra}`;
    });
    throw new Error(`invalid values in ${source}:\n${problems.join('\n')}`);
  }
  return values;
}

/** The value at a JSON pointer such as `/backend/image/tag`. */
function valueAt(values: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], values);
}
