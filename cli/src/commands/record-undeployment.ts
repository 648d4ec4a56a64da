// treaty record-undeployment: GET / → GET pb:environments → GET environment →
// GET pb:currently-deployed-deployed-versions?pacticipant= → PATCH each match {currentlyDeployed:false}
// (PBC deployments/record_undeployment.rb).
import { Command } from 'commander';
import type { CurrentlyDeployedBody, DeployedVersionBody } from '@treaty/wire';
import { BrokerFeatureMissingError, ExitCode, NothingToUpdateError, NotFoundError } from '../errors.ts';
import { getEnvironment, pacticipantExists, requireEnvironmentsFeature } from '../environment-flows.ts';
import { objectBody, type BrokerClient } from '../http/broker-client.ts';
import { findLink, withQuery } from '../http/hal.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

interface RecordUndeploymentOptions {
  pacticipant: string;
  environment: string;
  applicationInstance?: string;
  output: 'text' | 'json';
}

const help = `
Tells the broker that the application is no longer deployed to the environment (e.g. it was
decommissioned), so can-i-deploy stops checking other applications against it. Redeploying a new
version does not need this: record-deployment replaces the previous version by itself.

Example:
  $ treaty record-undeployment --pacticipant order-service --environment staging
  $ treaty record-undeployment --pacticipant order-service --environment production --application-instance eu-1`;

function instanceOf(d: DeployedVersionBody): string | null {
  return d.applicationInstance ?? d.target ?? null;
}

async function errorText(client: BrokerClient, options: RecordUndeploymentOptions, deployed: DeployedVersionBody[]): Promise<Error> {
  const { pacticipant, environment, applicationInstance } = options;
  if (!(await pacticipantExists(client, pacticipant))) return new NotFoundError(`No pacticipant with name '${pacticipant}' found.`);
  if (deployed.length === 0)
    return new NothingToUpdateError(`${pacticipant} is not currently deployed to ${environment} environment. Cannot record undeployment.`);
  const instances = deployed.map((d) => instanceOf(d) ?? '<no application instance>').join(', ');
  return new NothingToUpdateError(
    applicationInstance === undefined
      ? `Please specify one of the following application instances to record the undeployment from: ${instances} (--application-instance).`
      : `${pacticipant} is not currently deployed to application instance '${applicationInstance}' in ${environment} environment. Please specify one of: ${instances}.`,
  );
}

export function registerRecordUndeploymentCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('record-undeployment')
    .summary('record that an application is no longer deployed to an environment')
    .description('Record that an application is no longer deployed to an environment.')
    .requiredOption('-a, --pacticipant <name>', 'the application that was undeployed')
    .requiredOption('--environment <name>', 'the environment it was removed from')
    .option('--application-instance <instance>', 'which instance, when several are deployed side by side')
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(
    action(ctx, async (_opts: unknown, cmd: Command) => {
      const options = optionsOf<RecordUndeploymentOptions>(cmd);
      const client = brokerClientFor(options, ctx.deps);
      const environmentsHref = await requireEnvironmentsFeature(client, 'undeployments');
      const environment = await getEnvironment(client, environmentsHref, options.environment);
      const link = findLink(environment, ['pb:currently-deployed-deployed-versions', 'pb:currently-deployed-versions']);
      if (!link)
        throw new BrokerFeatureMissingError(
          'This broker does not support recording undeployments (the environment has no "pb:currently-deployed-deployed-versions" link). Upgrade it to Pact Broker >= 2.80.0 or Treaty.',
        );
      const href = withQuery(link.href, { pacticipant: options.pacticipant });
      const list = objectBody<CurrentlyDeployedBody>(await client.get(href), `GET ${href}`);
      const deployed = list._embedded?.deployedVersions ?? [];
      const wanted = options.applicationInstance ?? null;
      const matches = deployed.filter((d) => instanceOf(d) === wanted);
      if (matches.length === 0) throw await errorText(client, options, deployed);
      const results: DeployedVersionBody[] = [];
      for (const match of matches) {
        const self = findLink(match, 'self');
        if (!self) throw new BrokerFeatureMissingError('A deployed version in the broker response has no self link to update.');
        const updated = objectBody<DeployedVersionBody>(await client.patch(self.href, { currentlyDeployed: false }), `PATCH ${self.href}`);
        results.push(updated);
        if (options.output === 'text') {
          const number = updated._embedded?.version?.number ?? match._embedded?.version?.number;
          const instance = wanted === null ? '' : ` (application instance ${wanted})`;
          ctx.deps.io.out(
            `Recorded undeployment of ${options.pacticipant}${number ? ` version ${number}` : ''} from ${options.environment} environment${instance} in ${client.settings.baseUrl}.`,
          );
        }
      }
      if (options.output === 'json') ctx.deps.io.out(JSON.stringify(results, null, 2));
      return ExitCode.Success;
    }),
  );
  program.addCommand(command);
}
