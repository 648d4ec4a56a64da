// treaty record-deployment: GET / → GET pb:pacticipant-version → POST pb:record-deployment[name=env]
// (PBC deployments/record_deployment.rb). Replaces the version previously deployed to the same
// environment and application instance.
import { Command } from 'commander';
import { ExitCode } from '../errors.ts';
import { recordOnVersion } from '../environment-flows.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

interface RecordDeploymentOptions {
  pacticipant: string;
  version: string;
  environment: string;
  applicationInstance?: string;
  output: 'text' | 'json';
}

const help = `
Tells the broker that this version of the application is now deployed to the environment, so that
can-i-deploy --to-environment checks other applications against it. The version previously deployed
to the same environment (and the same --application-instance) is marked as undeployed.
Use --application-instance when several versions run side by side (e.g. one per customer or region).

Examples:
  $ treaty record-deployment --pacticipant order-service --version $(git rev-parse HEAD) --environment production
  $ treaty record-deployment --pacticipant order-service --version 1a2b3c --environment production --application-instance eu-1`;

export function registerRecordDeploymentCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('record-deployment')
    .summary('record that a version is deployed to an environment')
    .description('Record the deployment of an application version to an environment.')
    .requiredOption('-a, --pacticipant <name>', 'the application that was deployed')
    .requiredOption('-e, --version <version>', 'the version that was deployed')
    .requiredOption('--environment <name>', 'the environment it was deployed to (see create-environment)')
    .option('--application-instance <instance>', 'which instance, when several versions are deployed side by side')
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(
    action(ctx, async (_opts: unknown, cmd: Command) => {
      const options = optionsOf<RecordDeploymentOptions>(cmd);
      const client = brokerClientFor(options, ctx.deps);
      const instance = options.applicationInstance;
      const body = await recordOnVersion(client, {
        pacticipant: options.pacticipant,
        version: options.version,
        environment: options.environment,
        relation: 'pb:record-deployment',
        action: 'deployment',
        // `target` is the old name of applicationInstance, still read by older brokers.
        body: instance === undefined ? {} : { applicationInstance: instance, target: instance },
      });
      if (options.output === 'json') ctx.deps.io.out(JSON.stringify(body, null, 2));
      else {
        const suffix = instance === undefined ? '' : ` (application instance ${instance})`;
        ctx.deps.io.out(
          `Recorded deployment of ${options.pacticipant} version ${options.version} to ${options.environment} environment${suffix} in ${client.settings.baseUrl}.`,
        );
      }
      return ExitCode.Success;
    }),
  );
  program.addCommand(command);
}
