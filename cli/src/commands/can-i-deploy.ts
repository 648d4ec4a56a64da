// treaty can-i-deploy: GET /matrix with the pact-broker CLI's query (PBC can_i_deploy.rb, matrix/query.rb).
import { Command, Option } from 'commander';
import type { MatrixResponse } from '@treaty/wire';
import { BrokerFeatureMissingError, CliError, ExitCode, InvalidOptionError, UnexpectedResponseError } from '../errors.ts';
import type { BrokerClient } from '../http/broker-client.ts';
import { dryRun, formatCanIDeployReport } from '../matrix-report.ts';
import { ignoreNamesFromEnv, matrixQueryString, parseSelectorTokens, type SelectorToken } from '../matrix-query.ts';
import { describeChanges, planPromotion, promotionTokens } from '../promotion.ts';
import { action, brokerClientFor, optionsOf, positiveInteger, withBrokerOptions, type CommandContext } from './command-kit.ts';

interface CanIDeployOptions {
  toEnvironment?: string;
  fromEnvironment?: string;
  to?: string;
  output: 'table' | 'json';
  retryWhileUnknown: number;
  retryInterval: number;
  dryRun?: boolean;
}

const help = `
Asks the broker whether the given application versions can be deployed: is there a successful
verification result between them and every application they integrate with (in the target
environment)? Prints the verdict, the matrix rows it was based on and the reasons.
Exits 0 only when the answer is yes (deployable: true); 1 when it is no or unknown.

Name each application with --pacticipant, followed by ONE of --version VERSION (recommended),
--latest [TAG], --branch BRANCH, --main-branch or --all TAG. Add --ignore NAME [--version V] to leave
an integration out. PACT_BROKER_CAN_I_DEPLOY_IGNORE (comma-separated names) and
PACT_BROKER_CAN_I_DEPLOY_DRY_RUN=true are honoured.

Promotion: --from-environment SOURCE --to-environment TARGET (instead of --pacticipant) checks every
application whose versions in SOURCE differ from TARGET's, together, as one can-i-deploy: the promoted
versions replace TARGET's versions of the same applications; every other application stays at what
TARGET runs now. Exits 0 when nothing differs. Several --pacticipant/--version pairs ask the same
question for a release train.

Examples:
  $ treaty can-i-deploy --pacticipant order-service --version $(git rev-parse HEAD) --to-environment production
  $ treaty can-i-deploy --pacticipant order-service --version 1a2b3c --to-environment production \\
      --retry-while-unknown 12 --retry-interval 10
  $ treaty can-i-deploy --pacticipant order-service --version 1a2b3c --pacticipant payment-service --latest main
  $ treaty can-i-deploy --pacticipant order-service --latest --to prod --output json
  $ treaty can-i-deploy --from-environment staging --to-environment production`;

export function registerCanIDeployCommand(program: Command, ctx: CommandContext): void {
  const tokens: SelectorToken[] = [];
  const command = new Command('can-i-deploy')
    .summary('check whether application versions are safe to deploy')
    .description('Check the matrix: can these application versions be deployed (to this environment)?')
    .option('-a, --pacticipant <name>', 'an application name; repeat for several, each followed by its version selector')
    .option('-e, --version <version>', 'the version of the --pacticipant (or --ignore) just before it')
    .option('-l, --latest [tag]', 'the latest version of the --pacticipant just before it, optionally the latest with TAG')
    .option('--branch <branch>', 'the latest version of the --pacticipant just before it on BRANCH')
    .option('--main-branch', 'the latest version of the --pacticipant just before it on its main branch')
    .option('--all <tag>', 'all versions of the --pacticipant just before it with TAG')
    .option('--ignore <name>', 'leave this application out of the decision (optionally one --version of it)')
    .option('--to-environment <environment>', 'the environment to deploy into (recommended)')
    .option(
      '--from-environment <environment>',
      'promote what runs in this environment to --to-environment: every application whose versions differ, checked together',
    )
    .option('--to <tag>', 'the tag of the versions to deploy alongside (legacy alternative to --to-environment)')
    .addOption(new Option('-o, --output <format>', 'table or json').choices(['table', 'json']).default('table'))
    .option(
      '--retry-while-unknown <times>',
      'retry this many times while verification results are missing',
      positiveInteger('--retry-while-unknown'),
      0,
    )
    .option('--retry-interval <seconds>', 'seconds between retries', positiveInteger('--retry-interval'), 10)
    .option('--dry-run', 'print the answer but always exit 0 (env PACT_BROKER_CAN_I_DEPLOY_DRY_RUN=true)')
    .addHelpText('after', help);
  withBrokerOptions(command);
  // Selector flags are positional (each applies to the --pacticipant before it), so they are recorded in order.
  command.on('option:pacticipant', (value: string) => tokens.push({ flag: 'pacticipant', value }));
  command.on('option:ignore', (value: string) => tokens.push({ flag: 'ignore', value }));
  command.on('option:version', (value: string) => tokens.push({ flag: 'version', value }));
  command.on('option:latest', (value: string | undefined) =>
    tokens.push({ flag: 'latest', value: typeof value === 'string' ? value : undefined }),
  );
  command.on('option:branch', (value: string) => tokens.push({ flag: 'branch', value }));
  command.on('option:main-branch', () => tokens.push({ flag: 'mainBranch' }));
  command.on('option:all', (value: string) => tokens.push({ flag: 'all', value }));
  command.action(action(ctx, async (_opts: unknown, cmd: Command) => canIDeploy(tokens, optionsOf<CanIDeployOptions>(cmd), ctx)));
  program.addCommand(command);
}

async function canIDeploy(
  tokens: SelectorToken[],
  options: ReturnType<typeof optionsOf<CanIDeployOptions>>,
  ctx: CommandContext,
): Promise<ExitCode> {
  const { deps } = ctx;
  const client = brokerClientFor(options, deps);
  let selectorTokens = tokens;
  if (options.fromEnvironment !== undefined) {
    if (options.toEnvironment === undefined)
      throw new InvalidOptionError('--from-environment needs --to-environment: the environment to promote into.');
    if (tokens.some((t) => t.flag === 'pacticipant'))
      throw new InvalidOptionError(
        '--from-environment picks the applications itself; leave out --pacticipant (use --ignore NAME to leave one out).',
      );
    const changes = await planPromotion(client, options.fromEnvironment, options.toEnvironment);
    if (options.output !== 'json') deps.io.out(describeChanges(options.fromEnvironment, options.toEnvironment, changes));
    if (changes.length === 0) {
      if (options.output === 'json')
        deps.io.out(
          JSON.stringify(
            { summary: { deployable: true, reason: 'Nothing to promote', success: 0, failed: 0, unknown: 0 }, matrix: [] },
            null,
            2,
          ),
        );
      return ExitCode.Success;
    }
    selectorTokens = [...promotionTokens(changes), ...tokens];
  }
  const parsed = parseSelectorTokens(selectorTokens, ignoreNamesFromEnv(deps.env.PACT_BROKER_CAN_I_DEPLOY_IGNORE));
  const query = matrixQueryString(parsed, { toEnvironment: options.toEnvironment, toTag: options.to });
  const isDryRun = options.dryRun === true || deps.env.PACT_BROKER_CAN_I_DEPLOY_DRY_RUN === 'true';

  let body: MatrixResponse;
  try {
    body = await fetchWithRetries(client, query, { ...options, dryRun: isDryRun }, ctx);
  } catch (error) {
    // A dry run never fails the pipeline, not even when the broker is down (as the pact-broker CLI).
    if (!isDryRun || !(error instanceof CliError)) throw error;
    deps.io.out(dryRun(`Error retrieving matrix. ${error.message}`));
    return ExitCode.Success;
  }
  if (options.output === 'json') deps.io.out(JSON.stringify(body, null, 2));
  else deps.io.out(formatCanIDeployReport(body, { dryRun: isDryRun }));
  if (isDryRun || body.summary.deployable === true) return ExitCode.Success;
  return ExitCode.Failure;
}

async function fetchMatrix(client: BrokerClient, query: string): Promise<MatrixResponse> {
  const url = client.url(`/matrix?${query}`);
  const { body } = await client.get(url);
  if (
    typeof body !== 'object' ||
    body === null ||
    typeof (body as { summary?: unknown }).summary !== 'object' ||
    (body as { summary?: unknown }).summary === null
  ) {
    throw new UnexpectedResponseError(
      `GET ${url} did not return a matrix (no "summary"). Is ${client.settings.baseUrl} a Treaty or Pact Broker URL? Run with --verbose to see the response.`,
    );
  }
  return body as MatrixResponse;
}

async function fetchWithRetries(
  client: BrokerClient,
  query: string,
  options: CanIDeployOptions & { dryRun: boolean },
  ctx: CommandContext,
): Promise<MatrixResponse> {
  let body = await fetchMatrix(client, query);
  const times = options.retryWhileUnknown;
  if (times === 0 || options.dryRun) return body;
  if (typeof body.summary.unknown !== 'number') {
    throw new BrokerFeatureMissingError(
      'This broker does not report a count of unknown verification results, so --retry-while-unknown cannot work. Upgrade it (Pact Broker >= 2.23.4 or Treaty), or drop the flag.',
    );
  }
  if (body.summary.unknown === 0) return body;
  const n = body.summary.unknown;
  ctx.deps.io.err(
    `Waiting for ${n} verification ${n === 1 ? 'result' : 'results'} to be published (maximum of ${times * options.retryInterval} seconds)`,
  );
  for (let attempt = 0; attempt < times; attempt++) {
    await ctx.deps.sleep(options.retryInterval * 1000);
    body = await fetchMatrix(client, query);
    if (body.summary.unknown === 0) break;
  }
  return body;
}
