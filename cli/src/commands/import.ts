// treaty import FILE: loads a `treaty-export/1` file (from `treaty export`) into a Treaty broker
// through POST /admin/import (Treaty only, admin scope). The broker writes it in one transaction and
// skips what it already has, so importing the same file twice changes nothing. Webhooks whose secrets
// the source broker redacted arrive disabled; they are listed on stderr so the user sets them again.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { ImportResult } from '@treaty/wire';
import { ExitCode, InvalidOptionError } from '../errors.ts';
import { objectBody } from '../http/broker-client.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

const help = `
Needs an admin credential. A file with problems is refused as a whole, with nothing written.
Webhooks keep their uuids. One whose password or secret headers the source broker showed as
asterisks is created disabled: set the secret with PUT /webhooks/{uuid} and enable it.

Example:
  $ treaty import history.json --broker-base-url https://treaty.example.com`;

/** Reads and checks the file locally, so an obviously wrong file is refused before anything is sent. */
async function readExportFile(cwd: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new InvalidOptionError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Pass the file written by \`treaty export --output FILE\`.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidOptionError(
      `${file} is not JSON (${(error as Error).message}). Pass the file written by \`treaty export --output FILE\`.`,
    );
  }
  const format = typeof value === 'object' && value !== null ? (value as { format?: unknown }).format : undefined;
  if (format !== 'treaty-export/1') {
    throw new InvalidOptionError(
      `${file} is not a treaty export: its "format" is ${JSON.stringify(format)}, expected "treaty-export/1". Write the file with \`treaty export\`.`,
    );
  }
  return value;
}

export function registerImportCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('import')
    .summary('load a treaty export file into Treaty (Treaty only)')
    .description(
      'Import pacticipants, labels, versions, pacts, verification results, deployments and webhooks from a treaty-export/1 file (webhooks whose secrets the source masked are imported disabled).',
    )
    .argument('<file>', 'the JSON file written by `treaty export`')
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(
    action(ctx, async (file: string, _opts: unknown, cmd: Command) => {
      const document = await readExportFile(ctx.deps.cwd, file);
      const client = brokerClientFor(optionsOf<object>(cmd), ctx.deps);
      const href = client.url('/admin/import');
      const result = objectBody<ImportResult>(await client.post(href, document), `POST ${href}`);
      const c = result.created;
      const s = result.skipped;
      // Brokers from before label and webhook import answer without those members, hence the `?? 0`s.
      const replaced = result.replaced?.webhooks ?? 0;
      ctx.deps.io.out(
        `Imported ${file}: created ${c.pacticipants} pacticipants, ${c.versions} versions, ${c.pacts} pacts, ${c.verifications} verification results, ` +
          `${c.environments} environments, ${c.deployments} deployments, ${c.releases} releases, ${c.labels ?? 0} labels, ${c.webhooks ?? 0} webhooks` +
          `${replaced > 0 ? ` (${replaced} webhooks replaced)` : ''}; ` +
          `already present: ${s.pacts} pacts, ${s.verifications} verification results, ${s.deployments} deployments, ${s.releases} releases, ${s.webhooks ?? 0} webhooks.`,
      );
      const disabled = result.disabledWebhooks ?? [];
      if (disabled.length > 0) {
        ctx.deps.io.err(
          `${disabled.length} ${disabled.length === 1 ? 'webhook was' : 'webhooks were'} imported disabled: their secrets were redacted by the source broker; ` +
            `set them with PUT /webhooks/{uuid} and enable them:\n` +
            disabled.map((w) => `  ${w.uuid}  ${w.description}  (${w.redactedFields.join(', ') || 'secrets'})`).join('\n'),
        );
      }
      return ExitCode.Success;
    }),
  );
  program.addCommand(command);
}
