// treaty publish <paths...>: GET / → POST pb:publish-contracts, one request per consumer (PBC publish_pacts.rb).
import { Command, Option } from 'commander';
import type { PublishContractsRequest, PublishContractsResponse } from '@treaty/wire';
import { ExitCode, MissingOptionError } from '../errors.ts';
import { objectBody } from '../http/broker-client.ts';
import type { CliDeps } from '../io.ts';
import { loadPactFiles } from '../pact-files.ts';
import { groupByConsumer, type ConsumerGroup } from '../pact-groups.ts';
import { detectBranch, detectBuildUrl, detectVersion, type Detected } from '../version-detection.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

interface PublishOptions {
  version?: string;
  branch?: string;
  tag: string[];
  buildUrl?: string;
  merge?: boolean;
  autoDetect: boolean;
  output: 'text' | 'json';
}

const help = `
Publishes pact files to the broker under one version of the consumer. Each path may be a pact file,
a directory (every *.json file directly inside it) or a quoted glob. Files are checked before anything
is sent: a file that is not JSON or has no consumer/provider name stops the publish (exit 2).

When --version or --branch is omitted, treaty reads them from the CI environment (GitHub Actions,
GitLab CI, CircleCI, Buildkite, Bitbucket, Travis, AppVeyor, Azure Pipelines, Jenkins) and then from
the git checkout (git rev-parse HEAD / --abbrev-ref HEAD), and says where it took them from.
Pass --no-auto-detect to require the flags.

Examples:
  $ treaty publish pacts/ --version $(git rev-parse HEAD) --branch main
  $ treaty publish 'build/pacts/**/*.json' --tag prod --build-url $BUILD_URL
  $ treaty publish pacts/order-service-payment-service.json --merge`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerPublishCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('publish')
    .summary('publish pact files for a consumer version')
    .description('Publish pact files (files, directories or globs) to the broker.')
    .argument('<paths...>', 'pact files, directories of *.json pacts, or quoted globs')
    .option('--version <version>', 'the consumer version, usually the git SHA (default: detected from CI or git)')
    .option('--branch <branch>', 'the consumer version branch (default: detected from CI or git)')
    .option('-t, --tag <tag>', 'a tag for the consumer version; repeat for several', collect, [])
    .option('--build-url <url>', 'the CI build that produced the pacts (default: detected from CI)')
    .option('--merge', 'merge the interactions into a pact already published for this version (onConflict: merge)')
    .option('--no-auto-detect', 'do not read the version, branch and build URL from CI variables or git')
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(
    action(ctx, async (paths: string[], _opts: unknown, cmd: Command) => publish(paths, optionsOf<PublishOptions>(cmd), ctx.deps, cmd)),
  );
  program.addCommand(command);
}

async function publish(
  paths: string[],
  options: ReturnType<typeof optionsOf<PublishOptions>>,
  deps: CliDeps,
  _cmd: Command,
): Promise<ExitCode> {
  const client = brokerClientFor(options, deps);
  const groups = groupByConsumer(loadPactFiles(paths, deps.cwd));
  const version = pick('version', options.version, () => detectVersion(deps.env, deps.git), options.autoDetect, deps);
  if (!version) {
    throw new MissingOptionError(
      '--version',
      'Pass the consumer version, usually the git SHA: --version $(git rev-parse HEAD). (It could not be detected from CI variables or git.)',
    );
  }
  const branch = pick('branch', options.branch, () => detectBranch(deps.env, deps.git), options.autoDetect, deps);
  const buildUrl = pick('build URL', options.buildUrl, () => detectBuildUrl(deps.env), options.autoDetect, deps);
  if (!branch) deps.io.err('No branch given or detected: publishing without a branch (pass --branch to set one).');

  const href = await client.indexLink('pb:publish-contracts', {}, 'publishing contracts');
  const responses: PublishContractsResponse[] = [];
  for (const group of groups) {
    const request = publishRequest(group, { version, branch, tags: options.tag, buildUrl, merge: options.merge === true });
    const response = objectBody<PublishContractsResponse>(await client.post(href, request), `POST ${href}`);
    responses.push(response);
    if (options.output === 'text') deps.io.out(resultText(group, version, response));
  }
  if (options.output === 'json') deps.io.out(JSON.stringify(responses.length === 1 ? responses[0] : responses, null, 2));
  return ExitCode.Success;
}

/** A flag wins; otherwise the detected value, announced on stderr with where it came from. */
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

export interface PublishSettings {
  version: string;
  branch: string | undefined;
  tags: string[];
  buildUrl: string | undefined;
  merge: boolean;
}

export function publishRequest(group: ConsumerGroup, settings: PublishSettings): PublishContractsRequest {
  return {
    pacticipantName: group.consumer,
    pacticipantVersionNumber: settings.version,
    ...(settings.branch ? { branch: settings.branch } : {}),
    ...(settings.tags.length > 0 ? { tags: settings.tags } : {}),
    ...(settings.buildUrl ? { buildUrl: settings.buildUrl } : {}),
    contracts: group.contracts.map((c) => ({
      consumerName: c.consumer,
      providerName: c.provider,
      specification: 'pact',
      contentType: 'application/json',
      content: Buffer.from(c.text, 'utf8').toString('base64'),
      ...(settings.merge ? { onConflict: 'merge' as const } : {}),
    })),
  };
}

/** The broker's notices if any, else its logs, else a plain success line (PBC publish_pacts.rb). */
export function resultText(group: ConsumerGroup, version: string, response: PublishContractsResponse): string {
  if (Array.isArray(response.notices) && response.notices.length > 0) return response.notices.map((n) => n.text).join('\n');
  if (Array.isArray(response.logs) && response.logs.length > 0) return response.logs.map((l) => l.message).join('\n');
  const providers = group.contracts.map((c) => c.provider).join(', ');
  return `Successfully published pacts for ${group.consumer} version ${version} (providers: ${providers})`;
}
