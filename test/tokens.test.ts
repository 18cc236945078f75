// Placeholders cannot be forged by a value, and every copy of the library in a process recognises them.
import { App, Chart, Testing } from 'cdk8s';
import { ApiService, Tokens } from '../lib';

test('a string placeholder is recognised inside text; a look-alike is just text', () => {
  const token = Tokens.string({ id: 'tokens-test-a' });
  expect(Tokens.isUnresolved(`prefix-${token}-suffix`)).toBe(true);
  expect(Tokens.payloadOf(token)).toEqual({ id: 'tokens-test-a' });
  expect(Tokens.parse(`a${token}b`)).toEqual([{ literal: 'a' }, { payload: { id: 'tokens-test-a' }, numeric: false }, { literal: 'b' }]);
  // Same shape, wrong nonce or unknown number: literal text.
  const forged = token.replace(/[0-9a-f]{24}/, '0'.repeat(24));
  expect(forged).not.toBe(token);
  for (const lookAlike of [forged, '\u27e6.Values.x\u27e7', '\u27e6include "x" .\u27e7', `${token.slice(0, -1)}9\u27e7`]) {
    expect(Tokens.isUnresolved(lookAlike)).toBe(false);
    expect(Tokens.parse(lookAlike)).toEqual([{ literal: lookAlike }]);
  }
});

test('one payload gives one placeholder', () => {
  expect(Tokens.string({ b: 1, a: 2 })).toBe(Tokens.string({ a: 2, b: 1 }));
  expect(Tokens.number({ id: 'n' })).toBe(Tokens.number({ id: 'n' }));
  expect(Tokens.string({ id: 'n' })).not.toBe(String(Tokens.number({ id: 'n' })));
});

test('a number placeholder is recognised, also written in a string; a number in the old reserved range is a number', () => {
  const n = Tokens.number({ id: 'tokens-test-n' });
  expect(Tokens.isUnresolved(n)).toBe(true);
  expect(Tokens.parse(`port ${n}`)).toEqual([{ literal: 'port ' }, { payload: { id: 'tokens-test-n' }, numeric: true }]);
  for (const lookAlike of [-1000000000000123, -1000000000000000, -4503599627370496, 30000, -1]) {
    expect(Tokens.isUnresolved(lookAlike)).toBe(false);
    expect(Tokens.parse(`x${lookAlike}`)).toEqual([{ literal: `x${lookAlike}` }]);
  }
  expect(() => Tokens.isUnresolved(n - 1)).toThrow(/computed from a placeholder; placeholders cannot take part in arithmetic/);
});

test('an object placeholder is recognised by identity and refuses to be taken apart', () => {
  const placeholder = Tokens.object<Record<string, string>>({ id: 'tokens-test-o' });
  const list = Tokens.object<string[]>({ id: 'tokens-test-l' }, true);
  expect(Tokens.isUnresolved(placeholder)).toBe(true);
  expect(Array.isArray(list)).toBe(true);
  expect(Tokens.payloadOf(list)).toEqual({ id: 'tokens-test-l' });
  expect(Tokens.isUnresolved({})).toBe(false);
  expect(Tokens.isUnresolved({ ...{ id: 'tokens-test-o' } })).toBe(false);
  expect(() => ({ ...placeholder })).toThrow(/cannot be iterated or spread/);
  expect(() => Object.keys(placeholder)).toThrow(/pass it through whole/);
  expect(() => JSON.stringify(placeholder)).toThrow(/cannot be serialized/);
  expect(() => { placeholder.x = 'y'; }).toThrow(/cannot be changed/);
  expect(() => placeholder.x).toThrow(/cannot be read \(\.x\) at synthesis time/);
  expect(() => list.length).toThrow(/cannot be read \(\.length\)/);
  expect(() => list.map((x) => x)).toThrow(/cannot be read \(\.map\)/);
  expect(String(placeholder)).toBe('a placeholder object ({"id":"tokens-test-o"})');
});

test('a second copy of the library recognises the first one\'s placeholders', () => {
  let copy: typeof import('../lib/tokens') | undefined;
  jest.isolateModules(() => {
    copy = require('../lib/tokens');
  });
  expect(copy!.Tokens).not.toBe(Tokens);
  const s = Tokens.string({ id: 'copy' });
  const n = Tokens.number({ id: 'copy' });
  const o = Tokens.object({ id: 'copy' });
  expect(copy!.Tokens.isUnresolved(s) && copy!.Tokens.isUnresolved(n) && copy!.Tokens.isUnresolved(o)).toBe(true);
  expect(copy!.Tokens.payloadOf(o)).toEqual({ id: 'copy' });
  expect(copy!.Tokens.string({ id: 'copy' })).toBe(s);
});

test('a construct validates a value that only looks like a placeholder', () => {
  const chart = new Chart(Testing.app(), 'forged');
  expect(() => new ApiService(chart, 'api', { image: 'api:1', replicas: -1000000000000123 }))
    .toThrow("ApiService 'forged/api': replicas must be an integer >= 0, got -1000000000000123");
  expect(() => new ApiService(chart, 'api2', { image: '\u27e6.Values.image\u27e7 x' })).toThrow(/image must not contain white space/);
  // A look-alike string is output as it is.
  const ok = new ApiService(new Chart(new App(), 'ok'), 'api', { image: 'api:1', config: { NOTE: '\u27e6.Values.x\u27e7' } });
  expect(ok.configMap!.toJson().data.NOTE).toBe('\u27e6.Values.x\u27e7');
});
