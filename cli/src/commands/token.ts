// treaty token create | list | revoke: Treaty's API tokens (POST /tokens, GET /tokens, DELETE /tokens/{id};
// Treaty only, admin scope). The broker's index has no relation for them, so the paths are fixed.
import { Command, InvalidArgumentError, Option } from 'commander';
import { ExitCode, MissingOptionError, NotFoundError } from '../errors.ts';
import { objectBody } from '../http/broker-client.ts';
import { formatTable } from '../table.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';

/** The scopes the broker knows (broker/src/domain/auth/scopes.ts); checked here so a typo sends nothing. */
const SCOPES = ['read', 'write', 'admin'] as const;

interface TokenBody {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  pacticipants: string[];
  createdAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface CreatedTokenBody extends TokenBody {
  token: string;
}

interface CreateOptions {
  name: string;
  scope?: string[];
  pacticipant?: string[];
  output: 'text' | 'json';
}
interface ListOptions {
  output: 'table' | 'json';
}

const help = `
API tokens for CI jobs and people (Treaty only). Managing them needs an admin credential:
TREATY_ADMIN_TOKEN on the broker, or an admin-scoped token.

Examples:
  $ treaty token create --name ci-order-service --scope write --pacticipant order-service
  $ treaty token list
  $ treaty token revoke 12`;

function scope(value: string, previous: string[] = []): string[] {
  if (!(SCOPES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`"${value}" is not a scope; use ${SCOPES.join(', ')}.`);
  return [...previous, value];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function tokenId(value: string): string {
  if (!/^[1-9][0-9]*$/.test(value))
    throw new InvalidArgumentError(`"${value}" is not a token id; token ids are whole numbers (see \`treaty token list\`).`);
  return value;
}

const listed = (values: string[]): string => (values.length > 0 ? values.join(' ') : '-');

export function tokensTable(tokens: TokenBody[]): string {
  return formatTable(
    ['ID', 'NAME', 'PREFIX', 'SCOPES', 'PACTICIPANTS', 'CREATED', 'LAST USED', 'REVOKED'],
    tokens.map((t) => [
      String(t.id),
      t.name,
      t.prefix,
      listed(t.scopes),
      t.pacticipants.length > 0 ? t.pacticipants.join(' ') : '(all)',
      t.createdAt ?? '-',
      t.lastUsedAt ?? 'never',
      t.revokedAt ?? '-',
    ]),
  );
}

function createCommand(ctx: CommandContext): Command {
  const command = new Command('create')
    .description('Create a token and print its secret (shown only once).')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci-order-service')
    .option('--scope <scope>', `a scope to grant (${SCOPES.join(', ')}); repeat for several`, scope)
    .option('--pacticipant <name>', 'limit write access to this application; repeat for several (default: all)', collect)
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'));
  withBrokerOptions(command);
  return command.action(
    action(ctx, async (_opts: unknown, cmd: Command) => {
      const options = optionsOf<CreateOptions>(cmd);
      const scopes = options.scope;
      if (scopes === undefined || scopes.length === 0)
        throw new MissingOptionError(
          '--scope',
          `Pass what the token may do, e.g. --scope write (repeat for several: ${SCOPES.join(', ')}).`,
        );
      const client = brokerClientFor(options, ctx.deps);
      const href = client.url('/tokens');
      const request = { name: options.name, scopes, pacticipants: options.pacticipant ?? [] };
      const body = objectBody<CreatedTokenBody>(await client.post(href, request), `POST ${href}`);
      if (options.output === 'json') {
        ctx.deps.io.out(JSON.stringify(body, null, 2));
      } else {
        const limited = body.pacticipants.length > 0 ? ` for ${body.pacticipants.join(', ')}` : '';
        ctx.deps.io.out(`Created token ${body.id} "${body.name}" with scopes ${body.scopes.join(', ')}${limited}:\n\n  ${body.token}\n`);
        ctx.deps.io.out(
          'Store it now (e.g. as the CI secret TREATY_TOKEN): it is shown only once and cannot be read back. Revoke it with `treaty token revoke ' +
            body.id +
            '`.',
        );
      }
      return ExitCode.Success;
    }),
  );
}

function listCommand(ctx: CommandContext): Command {
  const command = new Command('list')
    .description('List the tokens (never their secrets).')
    .addOption(new Option('-o, --output <format>', 'table or json').choices(['table', 'json']).default('table'));
  withBrokerOptions(command);
  return command.action(
    action(ctx, async (_opts: unknown, cmd: Command) => {
      const options = optionsOf<ListOptions>(cmd);
      const client = brokerClientFor(options, ctx.deps);
      // GET /tokens is paginated; follow the `next` links so the list is complete.
      const tokens: TokenBody[] = [];
      let href: string | undefined = client.url('/tokens?size=1000');
      for (let pages = 0; href !== undefined && pages < 1_000; pages++) {
        const body: { tokens?: TokenBody[]; _links?: { next?: { href?: string } } } = objectBody(await client.get(href), `GET ${href}`);
        tokens.push(...(body.tokens ?? []));
        href = body._links?.next?.href;
      }
      ctx.deps.io.out(options.output === 'json' ? JSON.stringify(tokens, null, 2) : tokensTable(tokens));
      return ExitCode.Success;
    }),
  );
}

function revokeCommand(ctx: CommandContext): Command {
  const command = new Command('revoke')
    .description('Revoke a token: it stops working at once.')
    .argument('<id>', 'the token id (see `treaty token list`)', tokenId);
  withBrokerOptions(command);
  return command.action(
    action(ctx, async (id: string, _opts: unknown, cmd: Command) => {
      const client = brokerClientFor(optionsOf<object>(cmd), ctx.deps);
      const href = client.url(`/tokens/${id}`);
      const response = await client.request('DELETE', href, { allow: [404] });
      if (response.status === 404)
        throw new NotFoundError(`No token with id ${id} on ${client.settings.baseUrl}. List them with \`treaty token list\`.`);
      ctx.deps.io.out(`Revoked token ${id}.`);
      return ExitCode.Success;
    }),
  );
}

export function registerTokenCommand(program: Command, ctx: CommandContext): void {
  const { io } = ctx.deps;
  const command = new Command('token')
    .summary('create, list and revoke API tokens (Treaty only)')
    .description('Manage API tokens.')
    .addHelpText('after', help);
  for (const sub of [createCommand(ctx), listCommand(ctx), revokeCommand(ctx)]) {
    // Nested commands do not inherit program.ts's settings: errors must reach report-error.ts, output the Io.
    sub
      .exitOverride()
      .showHelpAfterError('(add --help for usage)')
      .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
    command.addCommand(sub);
  }
  program.addCommand(command);
}
