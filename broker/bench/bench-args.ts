// Command-line parsing shared by the benchmark scripts (run.ts, seed-cli.ts): `--help` prints the usage and exits 0;
// an unknown option, a missing value or a stray argument is a UsageError (its message names the problem and points
// at --help; the scripts print it and exit 2) instead of a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type OptionsSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses `args` against `options`. Returns undefined after printing `usage` when --help (or -h) was given.
 * Exactly parseArgs' typing of the values, without the help flag.
 */
export function parseBenchArgs<const Options extends OptionsSpec>(
  args: string[],
  options: Options,
  usage: string,
): ReturnType<typeof parseArgs<{ args: string[]; options: Options; strict: true; allowPositionals: false }>>['values'] | undefined {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return undefined;
  }
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // node:util's parse errors (ERR_PARSE_ARGS_UNKNOWN_OPTION, ..._INVALID_OPTION_VALUE, ..._UNEXPECTED_POSITIONAL).
    if (error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(`${error.message.split('\n')[0]!.replace(/\. To specify .*$/, '')}\nRun with --help for the options.`);
    }
    throw error;
  }
}
