// Broker settings, resolved flag → environment → config file → default (conventions §6). Empty
// strings count as unset. The Pact Broker CLI's environment names are honoured after Treaty's own.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidConfigFileError, InvalidOptionError } from './errors.ts';
import type { Env } from './io.ts';

export const DEFAULT_BASE_URL = 'http://localhost:9292';
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_CONFIG_FILE = '.treatyrc.json';

/** The flags every command accepts (see commands/broker-options.ts). */
export interface BrokerFlags {
  brokerBaseUrl?: string;
  brokerToken?: string;
  brokerUsername?: string;
  brokerPassword?: string;
  verbose?: boolean;
  config?: string;
}

/** The optional JSON config file (.treatyrc.json, or --config / TREATY_CONFIG). */
export interface ConfigFile {
  brokerBaseUrl?: string;
  brokerToken?: string;
  brokerUsername?: string;
  brokerPassword?: string;
  timeoutSeconds?: number;
}

export type BrokerAuth = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string };

export interface BrokerSettings {
  baseUrl: string;
  auth: BrokerAuth;
  timeoutMs: number;
  verbose: boolean;
  /** Where each setting came from, e.g. `--broker-base-url`, `TREATY_URL`, `.treatyrc.json`, `default`. */
  sources: { baseUrl: string; auth: string };
}

interface Candidate {
  value: string | undefined;
  source: string;
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function first(candidates: Candidate[]): Candidate | undefined {
  return candidates.find((c) => present(c.value) !== undefined);
}

/** Loads the config file named by --config / TREATY_CONFIG, or ./.treatyrc.json when it exists. */
export function loadConfigFile(flagPath: string | undefined, env: Env, cwd: string): { file: ConfigFile; path: string } | undefined {
  const named = present(flagPath) ?? present(env.TREATY_CONFIG);
  const path = resolve(cwd, named ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (named) throw new InvalidConfigFileError(path, 'the file does not exist');
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidConfigFileError(path, `it is not JSON (${(error as Error).message})`);
  }
  return { file: validateConfigFile(path, parsed), path };
}

export function validateConfigFile(path: string, parsed: unknown): ConfigFile {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidConfigFileError(path, 'expected a JSON object');
  const record = parsed as Record<string, unknown>;
  const file: ConfigFile = {};
  for (const key of ['brokerBaseUrl', 'brokerToken', 'brokerUsername', 'brokerPassword'] as const) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new InvalidConfigFileError(path, `"${key}" must be a string`);
    file[key] = value;
  }
  if (record.timeoutSeconds !== undefined) {
    if (typeof record.timeoutSeconds !== 'number' || !(record.timeoutSeconds > 0))
      throw new InvalidConfigFileError(path, '"timeoutSeconds" must be a positive number');
    file.timeoutSeconds = record.timeoutSeconds;
  }
  return file;
}

function resolveAuth(flags: BrokerFlags, env: Env, file: ConfigFile, fileName: string): { auth: BrokerAuth; source: string } {
  // The first level (flags, then env, then file) that names any credential decides; mixing a token and
  // a username at the same level is ambiguous and rejected.
  const levels: Array<{ source: string; token: Candidate | undefined; username: Candidate | undefined; password: Candidate | undefined }> =
    [
      {
        source: 'flags',
        token: first([{ value: flags.brokerToken, source: '--broker-token' }]),
        username: first([{ value: flags.brokerUsername, source: '--broker-username' }]),
        password: first([
          { value: flags.brokerPassword, source: '--broker-password' },
          { value: env.TREATY_PASSWORD, source: 'TREATY_PASSWORD' },
          { value: env.PACT_BROKER_PASSWORD, source: 'PACT_BROKER_PASSWORD' },
        ]),
      },
      {
        source: 'environment',
        token: first([
          { value: env.TREATY_TOKEN, source: 'TREATY_TOKEN' },
          { value: env.PACT_BROKER_TOKEN, source: 'PACT_BROKER_TOKEN' },
        ]),
        username: first([
          { value: env.TREATY_USERNAME, source: 'TREATY_USERNAME' },
          { value: env.PACT_BROKER_USERNAME, source: 'PACT_BROKER_USERNAME' },
        ]),
        password: first([
          { value: env.TREATY_PASSWORD, source: 'TREATY_PASSWORD' },
          { value: env.PACT_BROKER_PASSWORD, source: 'PACT_BROKER_PASSWORD' },
        ]),
      },
      {
        source: fileName,
        token: first([{ value: file.brokerToken, source: `${fileName} brokerToken` }]),
        username: first([{ value: file.brokerUsername, source: `${fileName} brokerUsername` }]),
        password: first([{ value: file.brokerPassword, source: `${fileName} brokerPassword` }]),
      },
    ];
  for (const level of levels) {
    if (level.token && level.username) {
      throw new InvalidOptionError(
        `Both a token (${level.token.source}) and a username (${level.username.source}) were given. Use one: --broker-token for bearer auth, or --broker-username with --broker-password for basic auth.`,
      );
    }
    if (level.token?.value) return { auth: { kind: 'bearer', token: level.token.value }, source: level.token.source };
    if (level.username?.value) {
      return {
        auth: { kind: 'basic', username: level.username.value, password: level.password?.value ?? '' },
        source: level.username.source,
      };
    }
  }
  return { auth: { kind: 'none' }, source: 'none' };
}

function normaliseBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionError(
      `The broker URL "${value}" (from ${source}) is not a URL. Pass e.g. --broker-base-url http://localhost:9292.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionError(`The broker URL "${value}" (from ${source}) must start with http:// or https://.`);
  }
  return value.replace(/\/+$/, '');
}

export function resolveBrokerSettings(flags: BrokerFlags, env: Env, file: ConfigFile = {}, fileName = DEFAULT_CONFIG_FILE): BrokerSettings {
  const base = first([
    { value: flags.brokerBaseUrl, source: '--broker-base-url' },
    { value: env.TREATY_URL, source: 'TREATY_URL' },
    { value: env.PACT_BROKER_BASE_URL, source: 'PACT_BROKER_BASE_URL' },
    { value: file.brokerBaseUrl, source: `${fileName} brokerBaseUrl` },
  ]) ?? { value: DEFAULT_BASE_URL, source: 'default' };
  const baseUrl = normaliseBaseUrl(base.value ?? DEFAULT_BASE_URL, base.source);
  const { auth, source: authSource } = resolveAuth(flags, env, file, fileName);
  const timeoutEnv = present(env.TREATY_TIMEOUT_SECONDS);
  const timeoutSeconds = timeoutEnv !== undefined ? Number(timeoutEnv) : (file.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
  if (!(timeoutSeconds > 0))
    throw new InvalidOptionError(`TREATY_TIMEOUT_SECONDS must be a positive number of seconds, not "${timeoutEnv}".`);
  return {
    baseUrl,
    auth,
    timeoutMs: Math.round(timeoutSeconds * 1000),
    verbose: flags.verbose === true || present(env.TREATY_VERBOSE) === 'true',
    sources: { baseUrl: base.source, auth: authSource },
  };
}

/** Flags + environment + the config file on disk: what every command calls first. */
export function brokerSettingsFor(flags: BrokerFlags, env: Env, cwd: string): BrokerSettings {
  const loaded = loadConfigFile(flags.config, env, cwd);
  return resolveBrokerSettings(flags, env, loaded?.file, loaded ? loaded.path : DEFAULT_CONFIG_FILE);
}
