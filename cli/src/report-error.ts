// The single place where a failed command becomes output and an exit code. CliErrors print their
// message with their stable code; anything else is a bug, reported in one line with the way to see
// the stack trace (TREATY_DEBUG=1).
import { CommanderError } from 'commander';
import { CliError, ErrorCode, ExitCode } from './errors.ts';
import type { Env, Io } from './io.ts';

export function debugEnabled(env: Env): boolean {
  const v = env.TREATY_DEBUG ?? '';
  return v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

export function reportError(error: unknown, io: Io, env: Env): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (unknown option, missing argument) or the help text.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
      return ExitCode.Success;
    return ExitCode.BadInput;
  }
  if (error instanceof CliError) {
    io.err(`Error [E${error.code}]: ${error.message}`);
    if (debugEnabled(env) && error.stack) io.err(error.stack);
    return error.exitCode;
  }
  const missingPackage = optionalPackageNotInstalled(error);
  if (missingPackage) {
    io.err(
      `Error [E${ErrorCode.missingPackage}]: This command needs ${missingPackage}, which is not installed next to treaty. Install it (npm install ${missingPackage}) and run the command again.`,
    );
    return ExitCode.BadInput;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.err(`Error [E${ErrorCode.unexpected}]: Unexpected error: ${message}`);
  if (debugEnabled(env)) {
    io.err(error instanceof Error && error.stack ? error.stack : String(error));
  } else {
    io.err(
      'This is a bug in treaty. Run again with TREATY_DEBUG=1 to see the stack trace (and --verbose for the HTTP exchange), and include both when reporting it.',
    );
  }
  return ExitCode.Failure;
}

/**
 * The packages the published CLI leaves out of its bundle (scripts/build.mjs): `treaty verify` needs the Pact
 * library (native code) and `--kind asyncapi` the AsyncAPI parser. Returns the one a failed import named.
 */
const OPTIONAL_PACKAGES = ['@pact-foundation/pact', '@asyncapi/parser'];

function optionalPackageNotInstalled(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  return OPTIONAL_PACKAGES.find((name) => error.message.includes(`'${name}'`));
}
