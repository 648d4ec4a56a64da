// treaty verify: verifies a running provider against the pacts Treaty selects for it, with the official
// Pact verifier (through @treaty/verifiers), optionally publishing the results; prints the verifier's
// report, then a summary per consumer and interaction. Pending pacts that fail do not fail the build.
import { Command, Option } from 'commander';
import type { ConsumerVersionSelector, VerificationSummary, VerifyProviderAgainstTreatyOptions } from '@treaty/verifiers/pact';
import { CliError, ErrorCode, ExitCode, InvalidOptionError, MissingOptionError, UnexpectedResponseError } from '../errors.ts';
import type { CliDeps } from '../io.ts';
import { formatVerificationSummary } from '../verification-report.ts';
import { detectBranch, detectBuildUrl, detectVersion, type Detected } from '../version-detection.ts';
import { brokerSettingsFor } from '../config.ts';
import { action, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

interface VerifyOptions {
  provider?: string;
  providerBaseUrl?: string;
  providerVersion?: string;
  providerBranch?: string;
  stateChangeUrl?: string;
  consumerVersionSelector: string[];
  enablePending?: boolean;
  includeWipPactsSince?: string;
  publish?: boolean;
  buildUrl?: string;
  autoDetect: boolean;
  output: 'text' | 'json';
}

/** The provider, or its state-change URL, is not listening. */
export class ProviderUnreachableError extends CliError {
  readonly code = ErrorCode.unreachable;
  readonly exitCode = ExitCode.Unreachable;
}

/** Treaty could not be reached. */
class BrokerDownError extends CliError {
  readonly code = ErrorCode.unreachable;
  readonly exitCode = ExitCode.Unreachable;
}

/** The Pact verifier failed to run at all (as opposed to verifying and finding failures). */
class VerifierCrashedError extends CliError {
  readonly code = ErrorCode.unexpected;
  readonly exitCode = ExitCode.Failure;
}

const SELECTOR_KEYS = new Set([
  'consumer',
  'tag',
  'fallbackTag',
  'latest',
  'deployedOrReleased',
  'deployed',
  'released',
  'environment',
  'mainBranch',
  'branch',
  'matchingBranch',
  'fallbackBranch',
]);

const help = `
Fetches the pacts Treaty selects for the provider (consumer version selectors; pending and WIP pacts),
replays each interaction against the running provider with the official Pact verifier, prints the
verifier's report and then a summary per consumer and interaction. With --publish the results are sent
to Treaty (failed ones too), which is what can-i-deploy decides from.

Provider states: before each interaction the verifier POSTs {"state", "params", "action"} to
--state-change-url (action "setup", and "teardown" after it). Without it, interactions run as they are.

When --provider-version or --provider-branch is omitted, treaty reads them from the CI environment and
then from git, as publish does (--no-auto-detect to require the flags). Pending and WIP pacts need the
provider branch. Default selectors: {"mainBranch":true} and {"deployedOrReleased":true}.

A verification in which only pending pacts failed exits 0 (their failures are marked [pending]).

Examples:
  $ treaty verify --provider payment-service --provider-base-url http://localhost:8081 \\
      --state-change-url http://localhost:8081/_pact/provider-states --enable-pending --publish
  $ treaty verify --provider payment-service --provider-base-url http://localhost:8081 \\
      --consumer-version-selector '{"branch":"feat-x","fallbackBranch":"main"}' \\
      --consumer-version-selector '{"deployed":true,"environment":"production"}' \\
      --enable-pending --include-wip-pacts-since 2025-01-01 --provider-version $(git rev-parse HEAD) --provider-branch main

Exit codes for verify: 0 verified (or only pending pacts failed), 1 a pact failed, 2 bad input,
3 the broker rejected a request, 4 the broker or the provider is unreachable.`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerVerifyCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('verify')
    .summary('verify a running provider against the pacts of its consumers')
    .description('Verify a running provider against the pacts Treaty selects for it, and optionally publish the results.')
    .option('--provider <name>', 'the provider (pacticipant) name, e.g. payment-service')
    .option('--provider-base-url <url>', 'where the provider listens, e.g. http://localhost:8081')
    .option('--provider-version <version>', 'the provider version, usually the git SHA (default: detected from CI or git)')
    .option('--provider-branch <branch>', 'the provider branch (default: detected from CI or git); needed for pending and WIP pacts')
    .option('--state-change-url <url>', 'the URL the verifier POSTs provider states to before each interaction')
    .option('--consumer-version-selector <json>', 'a consumer version selector as JSON; repeat for several', collect, [])
    .option('--enable-pending', 'failures of pacts this provider branch has never verified do not fail the build')
    .option('--include-wip-pacts-since <date>', 'also verify work-in-progress pacts published since DATE (YYYY-MM-DD)')
    .option('--publish', 'publish the verification results to the broker')
    .option('--build-url <url>', 'the CI build that ran the verification (default: detected from CI)')
    .option('--no-auto-detect', 'do not read the version, branch and build URL from CI variables or git')
    .addOption(
      new Option('-o, --output <format>', 'text or json (the summary; the verifier report always goes to stdout first)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(action(ctx, async (_opts: unknown, cmd: Command) => verify(optionsOf<VerifyOptions>(cmd), ctx.deps)));
  program.addCommand(command);
}

function httpUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionError(`${flag} "${value}" is not a URL. Pass an absolute http(s) URL, e.g. ${flag} http://localhost:8081`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidOptionError(`${flag} must be an http(s) URL, not "${value}".`);
  return value;
}

export function parseSelector(json: string): ConsumerVersionSelector {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new InvalidOptionError(
      `--consumer-version-selector '${json}' is not JSON. Quote it for the shell, e.g. --consumer-version-selector '{"mainBranch":true}'`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
    throw new InvalidOptionError(
      `--consumer-version-selector '${json}' must be a JSON object, e.g. '{"branch":"main"}' or '{"deployed":true,"environment":"production"}'.`,
    );
  }
  const unknown = Object.keys(parsed).filter((k) => !SELECTOR_KEYS.has(k));
  if (unknown.length > 0) {
    throw new InvalidOptionError(
      `--consumer-version-selector '${json}' has unknown key(s) ${unknown.join(', ')}. Known keys: ${[...SELECTOR_KEYS].join(', ')}.`,
    );
  }
  return parsed as ConsumerVersionSelector;
}

function wipDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidOptionError(
      `--include-wip-pacts-since "${value}" is not a date. Pass YYYY-MM-DD, e.g. --include-wip-pacts-since 2025-01-01`,
    );
  }
  return value;
}

function pick(
  what: string,
  flag: string | undefined,
  detect: () => Detected | undefined,
  autoDetect: boolean,
  deps: CliDeps,
): string | undefined {
  if (flag !== undefined && flag.trim() !== '') return flag;
  if (!autoDetect) return undefined;
  const detected = detect();
  if (detected) deps.io.err(`Using ${what} ${detected.value} (from ${detected.source})`);
  return detected?.value;
}

/** Turns the flags into the runner's options, rejecting bad input before anything is contacted. */
function runnerOptions(options: ReturnType<typeof optionsOf<VerifyOptions>>, deps: CliDeps): VerifyProviderAgainstTreatyOptions {
  if (!options.provider?.trim())
    throw new MissingOptionError('--provider', 'Pass the provider name as the broker knows it, e.g. --provider payment-service');
  if (!options.providerBaseUrl?.trim())
    throw new MissingOptionError(
      '--provider-base-url',
      'Pass where the running provider listens, e.g. --provider-base-url http://localhost:8081',
    );
  const settings = brokerSettingsFor(options, deps.env, deps.cwd);
  const providerVersion = pick(
    'provider version',
    options.providerVersion,
    () => detectVersion(deps.env, deps.git),
    options.autoDetect,
    deps,
  );
  if (!providerVersion)
    throw new MissingOptionError(
      '--provider-version',
      'Pass the provider version, usually the git SHA: --provider-version $(git rev-parse HEAD). (It could not be detected from CI variables or git.)',
    );
  const providerBranch = pick('provider branch', options.providerBranch, () => detectBranch(deps.env, deps.git), options.autoDetect, deps);
  const wip = options.includeWipPactsSince === undefined ? undefined : wipDate(options.includeWipPactsSince);
  if ((options.enablePending || wip) && !providerBranch) {
    throw new MissingOptionError(
      '--provider-branch',
      'Pending and WIP pacts are decided per provider branch: pass --provider-branch main (it could not be detected).',
    );
  }
  if (wip && !options.enablePending)
    throw new InvalidOptionError('--include-wip-pacts-since needs --enable-pending: WIP pacts are always verified as pending.');
  const buildUrl = pick('build URL', options.buildUrl, () => detectBuildUrl(deps.env), options.autoDetect, deps);
  const { auth } = settings;
  return {
    brokerUrl: settings.baseUrl,
    ...(auth.kind === 'bearer' ? { token: auth.token } : auth.kind === 'basic' ? { username: auth.username, password: auth.password } : {}),
    provider: options.provider,
    providerVersion,
    providerBranch,
    providerBaseUrl: httpUrl('--provider-base-url', options.providerBaseUrl),
    ...(options.stateChangeUrl ? { stateChangeUrl: httpUrl('--state-change-url', options.stateChangeUrl) } : {}),
    ...(options.consumerVersionSelector.length > 0 ? { consumerVersionSelectors: options.consumerVersionSelector.map(parseSelector) } : {}),
    enablePending: options.enablePending === true,
    includeWipPactsSince: wip,
    publish: options.publish === true,
    buildUrl,
    logLevel: settings.verbose ? 'info' : 'error',
    fetch: deps.fetch,
  };
}

async function verify(options: ReturnType<typeof optionsOf<VerifyOptions>>, deps: CliDeps): Promise<ExitCode> {
  const runner = runnerOptions(options, deps);
  // Loaded here, not at startup: the verifier library pulls in the Pact core, which other commands do not need.
  const { verifyProviderAgainstTreaty, PactVerificationError } = await import('@treaty/verifiers/pact');
  deps.io.err(
    `Verifying ${runner.provider} ${runner.providerVersion}${runner.providerBranch ? ` (branch ${runner.providerBranch})` : ''} at ${runner.providerBaseUrl} against the pacts from ${runner.brokerUrl}`,
  );
  let summary: VerificationSummary;
  try {
    summary = await verifyProviderAgainstTreaty(runner);
  } catch (error) {
    if (!(error instanceof PactVerificationError)) throw error;
    switch (error.kind) {
      case 'broker-unreachable':
        throw new BrokerDownError(`${error.message} Set --broker-base-url or TREATY_URL.`);
      case 'provider-unreachable':
        throw new ProviderUnreachableError(error.message);
      case 'broker-rejected':
        throw new UnexpectedResponseError(error.message);
      case 'invalid-options':
        throw new InvalidOptionError(error.message);
      case 'verifier-crashed':
        throw new VerifierCrashedError(error.message);
      default: {
        const unknownKind: never = error.kind;
        throw new VerifierCrashedError(`The verification stopped (${String(unknownKind)}): ${error.message}`);
      }
    }
  }
  deps.io.out(options.output === 'json' ? JSON.stringify(summary, null, 2) : `\n${formatVerificationSummary(summary)}`);
  return summary.success ? ExitCode.Success : ExitCode.Failure;
}
