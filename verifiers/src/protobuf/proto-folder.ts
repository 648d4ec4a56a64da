/**
 * File-system adapter: reads the `.proto` files of a folder (honouring `buf.yaml` build roots) and its breaking config.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseBufConfig, type BufConfig } from './buf-config.ts';
import type { ProtoSources } from './proto-loader.ts';

export interface ProtoFolder {
  readonly sources: ProtoSources;
  readonly config: BufConfig | null;
}

function listProtos(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listProtos(path));
    else if (entry.endsWith('.proto')) out.push(path);
  }
  return out;
}

export function readProtoFolder(dir: string): ProtoFolder {
  const configPath = join(dir, 'buf.yaml');
  const parsed = existsSync(configPath) ? parseBufConfig(readFileSync(configPath, 'utf8')) : null;
  if (parsed?.status === 'invalid') throw new Error(`${configPath}: ${parsed.message}`);
  const config = parsed?.config ?? null;
  const sources: Record<string, string> = {};
  for (const root of config?.roots ?? ['.']) {
    const base = join(dir, root);
    for (const file of listProtos(base)) sources[relative(base, file).split(sep).join('/')] = readFileSync(file, 'utf8');
  }
  return { sources, config };
}
