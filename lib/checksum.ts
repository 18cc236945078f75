import { createHash } from 'crypto';
import { Tokens } from './tokens';

/**
 * sha256 of a mapping as sorted `KEY=value` lines, for a `checksum/...` pod annotation that rolls the pods
 * when the mapping changes. With placeholders in the values, a placeholder for the same computation, so a
 * template engine hashes exactly the text the plain synthesis hashes.
 */
export function dataChecksum(data: Readonly<Record<string, string>>): string {
  const text = Object.keys(data).sort().map((key) => `${key}=${data[key]}`).join('\n');
  return Tokens.isUnresolved(text) ? Tokens.sha256(text) : createHash('sha256').update(text).digest('hex');
}
