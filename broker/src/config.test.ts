import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('TREATY_MAX_JSON_DEPTH (the nesting limit of JSON bodies, #11)', () => {
  it.each([
    [undefined, 100],
    ['', 100],
    ['64', 64],
    ['1000', 1000],
  ])('%j gives %i', (value, depth) => {
    expect(loadConfig(value === undefined ? {} : { TREATY_MAX_JSON_DEPTH: value }).maxJsonDepth).toBe(depth);
  });

  it.each(['0', '1001', '100.5', 'deep'])('refuses %j: deeper documents would overflow the stack when serialised again', (value) => {
    expect(() => loadConfig({ TREATY_MAX_JSON_DEPTH: value })).toThrow(ConfigError);
  });
});
