// treaty record-release: GET / → GET pb:pacticipant-version → POST pb:record-release[name=env] {}
// (PBC deployments/record_release.rb). Releases accumulate: several versions can be supported at once.
import { Command } from 'commander';
import { ExitCode } from '../errors.ts';
import { recordOnVersion } from '../environment-flows.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

interface RecordReleaseOptions {
  pacticipant: string;
  version: string;
  environment: string;
  output: 'text' | 'json';
}

const help = `
Tells the broker that this version was released to the environment (a mobile app, a library, an
on-premise build): it stays "currently supported" until record-support-ended, alongside any other
released versions, and can-i-deploy checks other applications against all of them.

Example:
  $ treaty record-release --pacticipant mobile-app --version 4.2.0 --environment app-store`;

export function registerRecordReleaseCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('record-release')
    .summary('record that a version is released to an environment')
    .description('Record the release of an application version to an environment.')
    .requiredOption('-a, --pacticipant <name>', 'the application that was released')
    .requiredOption('-e, --version <version>', 'the version that was released')
    .requiredOption('--environment <name>', 'the environment it was released to (see create-environment)')
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(
    action(ctx, async (_opts: unknown, cmd: Command) => {
      const options = optionsOf<RecordReleaseOptions>(cmd);
      const client = brokerClientFor(options, ctx.deps);
      const body = await recordOnVersion(client, {
        pacticipant: options.pacticipant,
        version: options.version,
        environment: options.environment,
        relation: 'pb:record-release',
        action: 'release',
        body: {},
      });
      if (options.output === 'json') ctx.deps.io.out(JSON.stringify(body, null, 2));
      else
        ctx.deps.io.out(
          `Recorded release of ${options.pacticipant} version ${options.version} to ${options.environment} environment in ${client.settings.baseUrl}.`,
        );
      return ExitCode.Success;
    }),
  );
  program.addCommand(command);
}
