import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerSettingsFor, resolveBrokerSettings } from './config.ts';
import { InvalidConfigFileError, InvalidOptionError } from './errors.ts';

describe('resolveBrokerSettings: flag → env → config file → default (conventions §6)', () => {
  it('defaults to http://localhost:9292 with no auth (the Pact Broker default port)', () => {
    const s = resolveBrokerSettings({}, {});
    expect(s.baseUrl).toBe('http://localhost:9292');
    expect(s.auth).toEqual({ kind: 'none' });
    expect(s.sources.baseUrl).toBe('default');
  });

  it.each([
    [
      'the flag beats everything',
      { brokerBaseUrl: 'http://flag' },
      { TREATY_URL: 'http://treaty', PACT_BROKER_BASE_URL: 'http://pb' },
      { brokerBaseUrl: 'http://file' },
      'http://flag',
      '--broker-base-url',
    ],
    [
      'TREATY_URL beats PACT_BROKER_BASE_URL',
      {},
      { TREATY_URL: 'http://treaty', PACT_BROKER_BASE_URL: 'http://pb' },
      { brokerBaseUrl: 'http://file' },
      'http://treaty',
      'TREATY_URL',
    ],
    [
      'PACT_BROKER_BASE_URL is honoured (pact-broker CLI)',
      {},
      { PACT_BROKER_BASE_URL: 'http://pb' },
      { brokerBaseUrl: 'http://file' },
      'http://pb',
      'PACT_BROKER_BASE_URL',
    ],
    ['the config file beats the default', {}, {}, { brokerBaseUrl: 'http://file' }, 'http://file', '.treatyrc.json brokerBaseUrl'],
    [
      'empty strings count as unset',
      { brokerBaseUrl: '' },
      { TREATY_URL: ' ', PACT_BROKER_BASE_URL: 'http://pb' },
      {},
      'http://pb',
      'PACT_BROKER_BASE_URL',
    ],
  ])('base URL: %s', (_name, flags, env, file, expected, source) => {
    const s = resolveBrokerSettings(flags, env, file);
    expect(s.baseUrl).toBe(expected);
    expect(s.sources.baseUrl).toBe(source);
  });

  it('strips trailing slashes so hrefs join cleanly', () => {
    expect(resolveBrokerSettings({ brokerBaseUrl: 'https://broker.example.com/treaty/' }, {}).baseUrl).toBe(
      'https://broker.example.com/treaty',
    );
  });

  it('rejects a base URL that is not http(s), naming where it came from', () => {
    expect(() => resolveBrokerSettings({}, { TREATY_URL: 'localhost:9292' })).toThrow(InvalidOptionError);
    expect(() => resolveBrokerSettings({}, { TREATY_URL: 'ftp://x' })).toThrow(/from TREATY_URL/);
  });

  it('sends a bearer token from TREATY_TOKEN before PACT_BROKER_TOKEN', () => {
    expect(resolveBrokerSettings({}, { TREATY_TOKEN: 't1', PACT_BROKER_TOKEN: 't2' }).auth).toEqual({ kind: 'bearer', token: 't1' });
    expect(resolveBrokerSettings({}, { PACT_BROKER_TOKEN: 't2' }).auth).toEqual({ kind: 'bearer', token: 't2' });
  });

  it('uses basic auth from PACT_BROKER_USERNAME/PASSWORD (pact-broker CLI)', () => {
    expect(resolveBrokerSettings({}, { PACT_BROKER_USERNAME: 'u', PACT_BROKER_PASSWORD: 'p' }).auth).toEqual({
      kind: 'basic',
      username: 'u',
      password: 'p',
    });
  });

  it('lets a --broker-token flag win over a username in the environment (the highest level decides)', () => {
    const s = resolveBrokerSettings({ brokerToken: 'flag' }, { PACT_BROKER_USERNAME: 'u', PACT_BROKER_PASSWORD: 'p' });
    expect(s.auth).toEqual({ kind: 'bearer', token: 'flag' });
    expect(s.sources.auth).toBe('--broker-token');
  });

  it('takes the password from the environment when only --broker-username is a flag', () => {
    expect(resolveBrokerSettings({ brokerUsername: 'u' }, { PACT_BROKER_PASSWORD: 'secret' }).auth).toEqual({
      kind: 'basic',
      username: 'u',
      password: 'secret',
    });
  });

  it('rejects a token and a username given at the same level', () => {
    expect(() => resolveBrokerSettings({}, { TREATY_TOKEN: 't', PACT_BROKER_USERNAME: 'u' })).toThrow(/Use one: --broker-token/);
  });

  it('reads the timeout from TREATY_TIMEOUT_SECONDS, then the config file', () => {
    expect(resolveBrokerSettings({}, {}).timeoutMs).toBe(30_000);
    expect(resolveBrokerSettings({}, {}, { timeoutSeconds: 5 }).timeoutMs).toBe(5_000);
    expect(resolveBrokerSettings({}, { TREATY_TIMEOUT_SECONDS: '2' }, { timeoutSeconds: 5 }).timeoutMs).toBe(2_000);
  });
});

describe('brokerSettingsFor: the config file on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'treaty-config-'));

  it('reads ./.treatyrc.json when it exists', () => {
    writeFileSync(join(dir, '.treatyrc.json'), JSON.stringify({ brokerBaseUrl: 'http://from-file:9292', brokerToken: 'file-token' }));
    const s = brokerSettingsFor({}, {}, dir);
    expect(s.baseUrl).toBe('http://from-file:9292');
    expect(s.auth).toEqual({ kind: 'bearer', token: 'file-token' });
  });

  it('fails with the path when --config names a missing file', () => {
    expect(() => brokerSettingsFor({ config: 'nope.json' }, {}, dir)).toThrow(InvalidConfigFileError);
  });

  it('fails with the field name when the file has a wrong type', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ brokerBaseUrl: 42 }));
    expect(() => brokerSettingsFor({}, { TREATY_CONFIG: 'bad.json' }, dir)).toThrow(/"brokerBaseUrl" must be a string/);
  });
});
