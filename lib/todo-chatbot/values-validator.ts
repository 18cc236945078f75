import type { ValidateFunction } from 'ajv';
import { valuesSchema } from './values';

/** The options values.schema.json is compiled with: every error, and the schema's own keywords (`helm`, ...) allowed. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;
export { valuesSchema };

let compiled: ValidateFunction | undefined;

/**
 * The validator of values.schema.json, compiled by ajv at first use (ajv is loaded only then). `npm run synth`
 * bundles ajv's standalone code for the same schema and options in place of this module (scripts/synth-cache.js),
 * so that a synthesis with a values file neither loads ajv nor compiles the schema.
 */
export function valuesValidator(): ValidateFunction {
  compiled ??= new (require('ajv') as typeof import('ajv')).default(AJV_OPTIONS).compile(valuesSchema);
  return compiled;
}
