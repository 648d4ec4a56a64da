// treaty export: writes every pacticipant (with labels), version (with branches and tags), pact,
// verification result, environment, deployment, release and webhook of a broker as a `treaty-export/1`
// JSON file, by crawling the Pact Broker HAL API (cli/src/broker-export.ts), so it reads a Pact Broker
// as well as Treaty. Webhook secrets are not in that API: such webhooks are marked and listed.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { exportBroker } from '../broker-export.ts';
import { ExitCode } from '../errors.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

const help = `
The file can be loaded into a Treaty broker with \`treaty import FILE\`, e.g. to move from a
Pact Broker to Treaty. Progress goes to stderr; without --output the JSON goes to stdout.
Brokers do not show webhook secrets (passwords, Authorization and other secret headers): such
webhooks are exported with the masks the broker showed, marked "secretsRedacted", and the import
creates them disabled.

Examples:
  $ treaty export --broker-base-url https://pact-broker.example.com --output history.json
  $ treaty import history.json --broker-base-url https://treaty.example.com`;

export function registerExportCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('export')
    .summary("write a broker's contracts and history to a JSON file (reads Pact Broker or Treaty)")
    .description('Export pacticipants, labels, versions, pacts, verification results, deployments and webhooks as treaty-export/1 JSON.')
    .option('--output <file>', 'write to this file instead of stdout')
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(
    action(ctx, async (_opts: unknown, cmd: Command) => {
      const options = optionsOf<{ output?: string }>(cmd);
      const client = brokerClientFor(options, ctx.deps);
      const file = await exportBroker(client, (line) => ctx.deps.io.err(line));
      const text = `${JSON.stringify(file, null, 2)}\n`;
      const webhooks = file.webhooks ?? [];
      const redacted = webhooks.filter((w) => w.secretsRedacted === true);
      if (redacted.length > 0) {
        ctx.deps.io.err(
          `${redacted.length} of ${webhooks.length} webhooks have secrets the broker did not show (${redacted.map((w) => w.uuid).join(', ')}); ` +
            'they will be imported disabled, for you to set the secrets again.',
        );
      }
      if (options.output === undefined) {
        ctx.deps.io.out(text.trimEnd());
      } else {
        const target = path.resolve(ctx.deps.cwd, options.output);
        await writeFile(target, text);
        ctx.deps.io.err(
          `Exported ${file.pacticipants.length} pacticipants, ${file.pacticipants.reduce((n, p) => n + p.versions.length, 0)} versions, ${file.pacts.length} pacts, ` +
            `${file.verifications.length} verification results, ${file.deployments.length} deployments, ${file.releases.length} releases, ` +
            `${file.pacticipants.reduce((n, p) => n + (p.labels?.length ?? 0), 0)} labels and ${webhooks.length} webhooks to ${options.output}.`,
        );
      }
      return ExitCode.Success;
    }),
  );
  program.addCommand(command);
}
