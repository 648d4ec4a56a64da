// The `treaty` command line: builds the commander program and runs it, mapping the outcome to an
// exit code. Errors from any command reach report-error.ts, the one place they are printed.
import { Command, CommanderError } from 'commander';
import { ExitCode } from './errors.ts';
import type { CliDeps } from './io.ts';
import { reportError } from './report-error.ts';
import { registerCanIDeployCommand } from './commands/can-i-deploy.ts';
import { registerCleanupCommand } from './commands/cleanup.ts';
import { exitCodesHelp, type CommandContext } from './commands/command-kit.ts';
import { registerCreateEnvironmentCommand } from './commands/create-environment.ts';
import { registerDescribeVersionCommand } from './commands/describe-version.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerPublishCommand } from './commands/publish.ts';
import { registerRecordDeploymentCommand } from './commands/record-deployment.ts';
import { registerRecordReleaseCommand } from './commands/record-release.ts';
import { registerRecordSupportEndedCommand } from './commands/record-support-ended.ts';
import { registerRecordUndeploymentCommand } from './commands/record-undeployment.ts';
import { registerSchemaCommand } from './commands/schema.ts';
import { registerTokenCommand } from './commands/token.ts';
import { registerVerifyCommand } from './commands/verify.ts';

export const CLI_VERSION = '0.1.0';

export function createProgram(ctx: CommandContext): Command {
  const { io } = ctx.deps;
  const program = new Command('treaty')
    .description('Publish contracts, ask can-i-deploy and record deployments against a Treaty (or Pact Broker) server.')
    .version(CLI_VERSION, '-V, --version', 'print the treaty CLI version')
    // Program options only before the subcommand, so `treaty publish --version 1a2b` is the publish flag.
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .exitOverride()
    .addHelpText(
      'after',
      `\nExample:\n  $ treaty can-i-deploy --pacticipant order-service --version $(git rev-parse HEAD) --to-environment production\n${exitCodesHelp}`,
    );
  registerPublishCommand(program, ctx);
  registerCanIDeployCommand(program, ctx);
  registerRecordDeploymentCommand(program, ctx);
  registerRecordUndeploymentCommand(program, ctx);
  registerRecordReleaseCommand(program, ctx);
  registerRecordSupportEndedCommand(program, ctx);
  registerCreateEnvironmentCommand(program, ctx);
  registerDescribeVersionCommand(program, ctx);
  registerVerifyCommand(program, ctx);
  registerTokenCommand(program, ctx);
  registerCleanupCommand(program, ctx);
  registerExportCommand(program, ctx);
  registerImportCommand(program, ctx);
  registerSchemaCommand(program, ctx);
  for (const command of program.commands) {
    command
      .exitOverride()
      .showHelpAfterError('(add --help for usage)')
      .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  }
  return program;
}

/** Runs the CLI with `argv` as in process.argv (node, script, ...args) and returns the exit code. */
export async function runCli(argv: string[], deps: CliDeps): Promise<ExitCode> {
  const ctx: CommandContext = { deps, exitCode: ExitCode.Success };
  const program = createProgram(ctx);
  if (argv.length <= 2) {
    program.outputHelp();
    return ExitCode.BadInput;
  }
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, deps.io, deps.env);
  }
}

export { CommanderError };
