// treaty describe-version: GET pb:pacticipant-version, or GET / → pb:latest-version /
// pb:latest-tagged-version (PBC versions/describe.rb).
import { Command } from 'commander';
import type { PacticipantVersionBody } from '@treaty/wire';
import { ExitCode, InvalidOptionError, NotFoundError } from '../errors.ts';
import { objectBody } from '../http/broker-client.ts';
import { formatTable } from '../table.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

interface DescribeVersionOptions {
  pacticipant: string;
  version?: string;
  latest?: string | boolean;
  output: 'table' | 'json';
}

const help = `
Shows a version of an application as the broker knows it: its number, branches and tags.
Without --version or --latest, the latest version is described.

Examples:
  $ treaty describe-version --pacticipant order-service --version 1a2b3c
  $ treaty describe-version --pacticipant order-service --latest prod --output json`;

export function versionTable(version: PacticipantVersionBody): string {
  const branches = (version._embedded?.branchVersions ?? []).map((b) => b.name).join(' ');
  const tags = (version._embedded?.tags ?? []).map((t) => t.name).join(' ');
  return formatTable(['NUMBER', 'BRANCHES', 'TAGS'], [[version.number, branches, tags]]);
}

export function registerDescribeVersionCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('describe-version')
    .summary('describe a version of an application')
    .description('Describe an application version (by number, or the latest, optionally with a tag).')
    .requiredOption('-a, --pacticipant <name>', 'the application')
    .option('-e, --version <version>', 'the version number')
    .option('-l, --latest [tag]', 'the latest version, optionally the latest with TAG')
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(
    action(ctx, async (_opts: unknown, cmd: Command) => {
      const options = optionsOf<DescribeVersionOptions>(cmd);
      if (options.version !== undefined && options.latest !== undefined)
        throw new InvalidOptionError('Give either --version or --latest [TAG], not both.');
      const client = brokerClientFor(options, ctx.deps);
      const { pacticipant } = options;
      const tag = typeof options.latest === 'string' ? options.latest : undefined;
      const href =
        options.version !== undefined
          ? await client.indexLink('pb:pacticipant-version', { pacticipant, version: options.version }, 'describing versions')
          : tag !== undefined
            ? await client.indexLink('pb:latest-tagged-version', { pacticipant, tag }, 'the latest tagged version')
            : await client.indexLink('pb:latest-version', { pacticipant }, 'the latest version');
      const response = await client.get(href, { allow: [404] });
      if (response.status === 404) {
        const which =
          options.version !== undefined
            ? `version ${options.version}`
            : tag !== undefined
              ? `latest version tagged ${tag}`
              : 'latest version';
        throw new NotFoundError(
          `Pacticipant version not found: ${pacticipant} has no ${which} on this broker. Check the names, or publish first.`,
        );
      }
      const version = objectBody<PacticipantVersionBody>(response, `GET ${href}`);
      ctx.deps.io.out(options.output === 'json' ? JSON.stringify(version, null, 2) : versionTable(version));
      return ExitCode.Success;
    }),
  );
  program.addCommand(command);
}
