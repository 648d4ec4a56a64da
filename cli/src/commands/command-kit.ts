// What every command shares: the broker connection flags, the exit-code help epilogue, and the
// action wrapper that hands the command's exit code back to main.ts (errors propagate to report-error.ts).
import { type Command, InvalidArgumentError, Option } from 'commander';
import { brokerSettingsFor, type BrokerFlags } from '../config.ts';
import { ExitCode } from '../errors.ts';
import { BrokerClient } from '../http/broker-client.ts';
import type { CliDeps } from '../io.ts';

export interface CommandContext {
  deps: CliDeps;
  /** Set by the command that ran. */
  exitCode: ExitCode;
}

export const exitCodesHelp = `
Exit codes:
  ${ExitCode.Success}  success (can-i-deploy: "Computer says yes")
  ${ExitCode.Failure}  the answer is no: can-i-deploy says no, or the version/environment/deployment named does not exist
  ${ExitCode.BadInput}  invalid flags, pact files or config file (nothing was sent)
  ${ExitCode.BrokerError}  the broker rejected the request or answered something unexpected
  ${ExitCode.Unreachable}  the broker could not be reached (connection refused, DNS, timeout)

Broker settings resolve flag → environment → config file (.treatyrc.json, --config, TREATY_CONFIG) → default:
  --broker-base-url   TREATY_URL, PACT_BROKER_BASE_URL       (default http://localhost:9292)
  --broker-token      TREATY_TOKEN, PACT_BROKER_TOKEN        (Authorization: Bearer)
  --broker-username   TREATY_USERNAME, PACT_BROKER_USERNAME  (Authorization: Basic, with the password)
  --broker-password   TREATY_PASSWORD, PACT_BROKER_PASSWORD
Debugging: --verbose prints every HTTP request and response to stderr; TREATY_DEBUG=1 prints stack traces.`;

/** Adds the broker connection flags and the help epilogue to a command. */
export function withBrokerOptions(command: Command): Command {
  return command
    .addOption(new Option('-b, --broker-base-url <url>', 'the broker URL (env TREATY_URL or PACT_BROKER_BASE_URL)'))
    .addOption(new Option('-k, --broker-token <token>', 'bearer token (env TREATY_TOKEN or PACT_BROKER_TOKEN)'))
    .addOption(new Option('-u, --broker-username <name>', 'basic auth username (env PACT_BROKER_USERNAME)'))
    .addOption(new Option('-p, --broker-password <password>', 'basic auth password (env PACT_BROKER_PASSWORD)'))
    .addOption(new Option('--config <path>', 'JSON config file (default ./.treatyrc.json when it exists; env TREATY_CONFIG)'))
    .addOption(new Option('-v, --verbose', 'print each HTTP request and response to stderr'))
    .addHelpText('after', exitCodesHelp);
}

/** Resolves the broker settings from the command's flags and the environment, and returns a client. */
export function brokerClientFor(flags: BrokerFlags, deps: CliDeps): BrokerClient {
  const settings = brokerSettingsFor(flags, deps.env, deps.cwd);
  return new BrokerClient(settings, deps.io, deps.fetch);
}

/** Wraps a command body: its returned exit code is recorded; thrown errors reach main.ts's single handler. */
export function action<Args extends unknown[]>(
  ctx: CommandContext,
  body: (...args: Args) => Promise<ExitCode>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    ctx.exitCode = await body(...args);
  };
}

/** The options object commander passes to an action (the last-but-one argument), typed by the caller. */
export function optionsOf<T>(command: Command): T & BrokerFlags {
  return command.opts<T & BrokerFlags>();
}

export function positiveInteger(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, not "${value}".`);
    return n;
  };
}
