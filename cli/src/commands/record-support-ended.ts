// treaty record-support-ended: GET / → GET pb:environments → GET environment →
// GET pb:currently-supported-released-versions?pacticipant=&version= → PATCH each {currentlySupported:false}
// (PBC deployments/record_support_ended.rb).
import { Command } from 'commander';
import type { CurrentlySupportedBody } from '@treaty/wire';
import { BrokerFeatureMissingError, ExitCode, NothingToUpdateError, NotFoundError } from '../errors.ts';
import { getEnvironment, pacticipantExists, requireEnvironmentsFeature } from '../environment-flows.ts';
import { objectBody } from '../http/broker-client.ts';
import { findLink, withQuery } from '../http/hal.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

interface RecordSupportEndedOptions {
  pacticipant: string;
  version: string;
  environment: string;
  output: 'text' | 'json';
}

const help = `
Tells the broker that a released version (see record-release) is no longer supported in the
environment, so can-i-deploy stops checking other applications against it.

Example:
  $ treaty record-support-ended --pacticipant mobile-app --version 4.1.0 --environment app-store`;

export function registerRecordSupportEndedCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('record-support-ended')
    .summary('record that a released version is no longer supported')
    .description('Record the end of support for a released application version in an environment.')
    .requiredOption('-a, --pacticipant <name>', 'the application')
    .requiredOption('-e, --version <version>', 'the released version whose support ended')
    .requiredOption('--environment <name>', 'the environment it was released to')
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(
    action(ctx, async (_opts: unknown, cmd: Command) => {
      const options = optionsOf<RecordSupportEndedOptions>(cmd);
      const client = brokerClientFor(options, ctx.deps);
      const environmentsHref = await requireEnvironmentsFeature(client, 'end of support');
      const environment = await getEnvironment(client, environmentsHref, options.environment);
      const link = findLink(environment, ['pb:currently-supported-released-versions', 'pb:currently-supported-versions']);
      if (!link)
        throw new BrokerFeatureMissingError(
          'This broker does not support recording end of support (the environment has no "pb:currently-supported-released-versions" link). Upgrade it to Pact Broker >= 2.80.0 or Treaty.',
        );
      const href = withQuery(link.href, { pacticipant: options.pacticipant, version: options.version });
      const list = objectBody<CurrentlySupportedBody>(await client.get(href), `GET ${href}`);
      const released = list._embedded?.releasedVersions ?? [];
      if (released.length === 0) {
        if (!(await pacticipantExists(client, options.pacticipant)))
          throw new NotFoundError(`No pacticipant with name '${options.pacticipant}' found.`);
        throw new NothingToUpdateError(
          `${options.pacticipant} version ${options.version} is not currently released in ${options.environment} environment. Cannot record support ended.`,
        );
      }
      const results: Array<Record<string, unknown>> = [];
      for (const entry of released) {
        const self = findLink(entry, 'self');
        if (!self) throw new BrokerFeatureMissingError('A released version in the broker response has no self link to update.');
        results.push(objectBody(await client.patch(self.href, { currentlySupported: false }), `PATCH ${self.href}`));
        if (options.output === 'text') {
          ctx.deps.io.out(
            `Recorded support ended for ${options.pacticipant} version ${options.version} in ${options.environment} environment in ${client.settings.baseUrl}.`,
          );
        }
      }
      if (options.output === 'json') ctx.deps.io.out(JSON.stringify(results, null, 2));
      return ExitCode.Success;
    }),
  );
  program.addCommand(command);
}
