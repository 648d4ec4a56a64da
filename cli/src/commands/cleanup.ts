// treaty cleanup: the broker's data retention cleanup (POST /admin/cleanup, Treaty only, admin scope),
// the Pact Broker's "clean". Deletes old versions that nothing needs; --dry-run lists them instead.
import { Command, Option } from 'commander';
import { ExitCode } from '../errors.ts';
import { objectBody } from '../http/broker-client.ts';
import { formatTable } from '../table.ts';
import { action, brokerClientFor, optionsOf, positiveInteger, withBrokerOptions, type CommandContext } from './command-kit.ts';

interface CleanupOptions {
  dryRun?: boolean;
  keepDays?: number;
  keepLatest?: number;
  keepBranch?: string[];
  limit?: number;
  output: 'table' | 'json';
}

interface CleanupBody {
  dryRun: boolean;
  policy: { keepDays: number; keepLatest: number; keepBranches: string[] };
  deletedVersionCount: number;
  versions: Array<{ pacticipant: string; number: string; createdAt: string }>;
  deleted: { versions: number; pactPublications: number; pactVersions: number; verifications: number; branches: number };
  keptVersionCount: number;
  keptByReason: Record<string, number>;
}

const help = `
Deletes application versions nothing needs any more, with their pacts and verification results
(the Pact Broker's "clean"). A version is kept when it is younger than --keep-days, one of the
--keep-latest newest of its application, the head of a branch, on a --keep-branch, the latest with a
tag, deployed or released, or read by a can-i-deploy answer about a deployed or released version.
Unset flags take the broker's TREATY_CLEANUP_* settings. Needs an admin credential.

Examples:
  $ treaty cleanup --dry-run
  $ treaty cleanup --keep-days 30 --keep-latest 5 --keep-branch main`;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function cleanupReport(body: CleanupBody): string {
  const table =
    body.versions.length > 0
      ? `${formatTable(
          ['PACTICIPANT', 'VERSION', 'CREATED'],
          body.versions.map((v) => [v.pacticipant, v.number, v.createdAt]),
        )}\n\n`
      : '';
  const kept = Object.entries(body.keptByReason)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const summary = body.dryRun
    ? `Dry run: would delete ${body.deletedVersionCount} version(s). Nothing was deleted.`
    : `Deleted ${body.deleted.versions} version(s), ${body.deleted.pactPublications} pact publication(s), ${body.deleted.pactVersions} pact content(s), ${body.deleted.verifications} verification result(s), ${body.deleted.branches} empty branch(es).`;
  return `${table}${summary}\nKept ${body.keptVersionCount} version(s)${kept ? ` (${kept})` : ''}; policy: keep ${body.policy.keepDays} days, latest ${body.policy.keepLatest} per application${body.policy.keepBranches.length ? `, branches ${body.policy.keepBranches.join(', ')}` : ''}.`;
}

export function registerCleanupCommand(program: Command, ctx: CommandContext): void {
  const command = new Command('cleanup')
    .summary('delete old versions nothing needs (Treaty only; --dry-run to preview)')
    .description("Run the broker's data retention cleanup.")
    .option('--dry-run', 'list what would be deleted, delete nothing')
    .option(
      '--keep-days <days>',
      "keep versions younger than this (default: the broker's TREATY_CLEANUP_KEEP_DAYS)",
      positiveInteger('--keep-days'),
    )
    .option(
      '--keep-latest <count>',
      'keep this many newest versions per application (default: TREATY_CLEANUP_KEEP_LATEST)',
      positiveInteger('--keep-latest'),
    )
    .option('--keep-branch <name>', 'keep every version of this branch; repeat for several', collect)
    .option('--limit <count>', 'delete at most this many versions in this run', positiveInteger('--limit'))
    .addOption(new Option('-o, --output <format>', 'table or json').choices(['table', 'json']).default('table'))
    .addHelpText('after', help);
  withBrokerOptions(command);
  command.action(
    action(ctx, async (_opts: unknown, cmd: Command) => {
      const options = optionsOf<CleanupOptions>(cmd);
      const client = brokerClientFor(options, ctx.deps);
      const href = client.url('/admin/cleanup');
      const request = {
        dryRun: options.dryRun === true,
        ...(options.keepDays !== undefined ? { keepDays: options.keepDays } : {}),
        ...(options.keepLatest !== undefined ? { keepLatest: options.keepLatest } : {}),
        ...(options.keepBranch !== undefined ? { keepBranches: options.keepBranch } : {}),
        ...(options.limit !== undefined && options.limit > 0 ? { limit: options.limit } : {}),
      };
      const body = objectBody<CleanupBody>(await client.post(href, request), `POST ${href}`);
      ctx.deps.io.out(options.output === 'json' ? JSON.stringify(body, null, 2) : cleanupReport(body));
      return ExitCode.Success;
    }),
  );
  program.addCommand(command);
}
