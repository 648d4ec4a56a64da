// Finds pact files from the paths given to `publish` (files, directories, globs), reads them and checks
// that each is a pact, before anything is sent. Every bad file is reported at once, by path.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { InvalidPactFileError, NoPactFilesError, type PactFileProblem } from './errors.ts';

export interface PactFile {
  /** As the user would recognise it: relative to the working directory. */
  path: string;
  consumer: string;
  provider: string;
  /** The file's text, published as-is when it is the only file for its consumer/provider pair. */
  text: string;
  json: Record<string, unknown>;
}

/** Expands the arguments to a sorted, de-duplicated list of absolute file paths. */
export function findPactFiles(args: string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const arg of args) {
    const absolute = resolve(cwd, arg);
    if (existsSync(absolute)) {
      if (statSync(absolute).isDirectory()) {
        const jsons = readdirSync(absolute)
          .filter((name) => name.endsWith('.json'))
          .map((name) => join(absolute, name));
        if (jsons.length === 0)
          throw new NoPactFilesError(
            `The directory ${arg} has no *.json files. Point publish at the folder your pact tests write to (often ./pacts), or at the files themselves.`,
          );
        jsons.forEach((f) => found.add(f));
      } else {
        found.add(absolute);
      }
      continue;
    }
    if (!isDynamicPattern(arg))
      throw new NoPactFilesError(`${arg} does not exist. Pass pact files, a directory of them, or a quoted glob like 'pacts/**/*.json'.`);
    const matches = globSync(arg, { cwd, absolute: true, onlyFiles: true });
    if (matches.length === 0)
      throw new NoPactFilesError(
        `The pattern ${arg} matched no files (in ${cwd}). Check the path, and quote the glob so your shell does not expand it.`,
      );
    matches.forEach((f) => found.add(resolve(f)));
  }
  return [...found].sort();
}

function nameOf(json: Record<string, unknown>, role: 'consumer' | 'provider'): string | undefined {
  const party = json[role];
  if (typeof party !== 'object' || party === null) return undefined;
  const name = (party as { name?: unknown }).name;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

/** Checks one file's text; returns the pact or the problem with it. */
export function parsePactText(path: string, text: string): PactFile | PactFileProblem {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { path, problem: `not JSON (${(error as Error).message})` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { path, problem: 'not a JSON object' };
  const record = json as Record<string, unknown>;
  const consumer = nameOf(record, 'consumer');
  const provider = nameOf(record, 'provider');
  if (!consumer && !provider) return { path, problem: 'no consumer.name and no provider.name' };
  if (!consumer) return { path, problem: 'no consumer.name' };
  if (!provider) return { path, problem: 'no provider.name' };
  return { path, consumer, provider, text, json: record };
}

/** Reads and validates every file; throws InvalidPactFileError listing all bad files. */
export function loadPactFiles(args: string[], cwd: string): PactFile[] {
  const files = findPactFiles(args, cwd);
  const pacts: PactFile[] = [];
  const problems: PactFileProblem[] = [];
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push({ path: shown, problem: `cannot be read (${(error as Error).message})` });
      continue;
    }
    const result = parsePactText(shown, text);
    if ('problem' in result) problems.push(result);
    else pacts.push(result);
  }
  if (problems.length > 0) throw new InvalidPactFileError(problems);
  return pacts;
}
