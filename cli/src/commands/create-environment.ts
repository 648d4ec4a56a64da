// treaty create-environment: GET / → POST pb:environments {name, displayName, production}
// (PBC environments/create_environment.rb).
import { Command } from 'commander';
import type { CreateEnvironmentRequest, EnvironmentBody } from '@treaty/wire';
import { ExitCode, InvalidOptionError } from '../errors.ts';
import { objectBody } from '../http/broker-client.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

interface CreateEnvironmentOptions {
  name: string;
  displayName?: string;
  production?: boolean;
  contactName?: string;
  contactEmailAddress?: string;
  output: 'text' | 'json';
}

const help = `
Creates an environment (a place applications are deployed or released to) so that
record-deployment, record-release and can-i-deploy --to-environment can name it.
The name must be unique and contain no spaces; --display-name may be anything.

Examples:
  $ treaty create-environment --name production --display-name Production --production
  $ treaty create-environment --name staging`;

export function environmentRequest(options: CreateEnvironmentOptions): CreateEnvironmentRequest {
  if (/\s/.test(options.name))
    throw new InvalidOptionError(
      `The environment name "${options.name}" contains spaces. Use e.g. --name ${options.name.trim().replace(/\s+/g, '-')} --display-name "${options.name.trim()}".`,
    );
  const contact =
    options.contactName !== undefined || options.contactEmailAddress !== undefined
      ? [
          {
            name: options.contactName ?? '',
            ...(options.contactEmailAddress ? { details: { emailAddress: options.contactEmailAddress } } : {}),
          },
        ]
      : undefined;
  return {
    name: options.name,
    ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
    production: options.production === true,
    ...(contact ? { contacts: contact } : {}),
  };
}

export function registerCreateEnvironmentCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('create-environment')
    .summary('create an environment to deploy or release to')
    .description('Create an environment.')
    .requiredOption('--name <name>', 'unique name, no spaces (used by --environment and --to-environment)')
    .option('--display-name <name>', 'a human-friendly name')
    .option('--production', 'this is a production environment')
    .option('--contact-name <name>', 'who to contact about this environment')
    .option('--contact-email-address <email>', "the contact's email address")
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(
    action(ctx, async (_opts: unknown, cmd: Command) => {
      const options = optionsOf<CreateEnvironmentOptions>(cmd);
      const request = environmentRequest(options);
      const client = brokerClientFor(options, ctx.deps);
      const href = await client.indexLink('pb:environments', {}, 'environments');
      const body = objectBody<EnvironmentBody>(await client.post(href, request), `POST ${href}`);
      if (options.output === 'json') ctx.deps.io.out(JSON.stringify(body, null, 2));
      else
        ctx.deps.io.out(
          `Created ${body.name ?? options.name} environment in ${client.settings.baseUrl} with UUID ${body.uuid ?? '(none returned)'}`,
        );
      return ExitCode.Success;
    }),
  );
  program.addCommand(command);
}
