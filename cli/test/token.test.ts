// treaty token create | list | revoke through the real binary against a Treaty with TREATY_ADMIN_TOKEN
// (broker routes/tokens.ts: the secret is returned once; a revoked token stops working at once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import { ExitCode } from '../src/errors.ts';
import { orderPact, pactDir, treaty, unique, type CliResult } from './support/treaty-cli.ts';

const ADMIN_TOKEN = 'admin-token-for-cli-tests-0123456789';

let broker: TestBroker;
let url: string;
beforeAll(async () => {
  broker = await startTestBroker({}, { TREATY_ADMIN_TOKEN: ADMIN_TOKEN });
  url = await broker.listen();
});
afterAll(async () => broker?.close());

/** Runs treaty against the broker with the given bearer token (the admin token unless told otherwise). */
const run = (token: string | undefined, ...args: string[]): Promise<CliResult> =>
  treaty([...args, '--broker-base-url', url], { env: token === undefined ? {} : { TREATY_TOKEN: token } });
const asAdmin = (...args: string[]): Promise<CliResult> => run(ADMIN_TOKEN, ...args);

function expectOk(result: CliResult): void {
  expect(result.stderr, result.stderr).not.toMatch(/^Error/m);
  expect(result.code).toBe(ExitCode.Success);
}

interface ListedToken {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  pacticipants: string[];
  revokedAt: string | null;
  token?: string;
}

async function createToken(...args: string[]): Promise<ListedToken & { token: string }> {
  const result = await asAdmin('token', 'create', ...args, '--output', 'json');
  expectOk(result);
  return JSON.parse(result.stdout) as ListedToken & { token: string };
}

describe('treaty token', { timeout: 120_000 }, () => {
  it('creates a write token limited to one pacticipant, which can publish but not create environments, and stops working once revoked', async () => {
    const [orders, payments, name] = [unique('orders'), unique('payments'), unique('ci-orders')];
    const created = await asAdmin('token', 'create', '--name', name, '--scope', 'write', '--scope', 'read', '--pacticipant', orders);
    expectOk(created);
    const secret = /^\s+(tty_\S+)$/m.exec(created.stdout)?.[1];
    expect(secret, created.stdout).toBeDefined();
    expect(created.stdout).toMatch(new RegExp(`^Created token (\\d+) "${name}" with scopes write, read for ${orders}:`));
    expect(created.stdout).toContain('it is shown only once');
    const id = /^Created token (\d+)/.exec(created.stdout)![1]!;

    // The new token publishes for its pacticipant ...
    expectOk(await run(secret, 'publish', pactDir({ 'p.json': orderPact(orders, payments) }), '--version', '1'));
    // ... but environments need the admin scope: 403, printed as the broker's problem, exit 3.
    const env = await run(secret, 'create-environment', '--name', unique('prod'));
    expect(env.code).toBe(ExitCode.BrokerError);
    expect(env.stderr).toMatch(/^Error \[E200\]: Forbidden: .+/m);
    expect(env.stderr).toContain('Check the credentials');

    // The list shows it, without the secret.
    const list = await asAdmin('token', 'list', '--output', 'json');
    expectOk(list);
    const listed = (JSON.parse(list.stdout) as ListedToken[]).find((t) => t.name === name);
    expect(listed).toMatchObject({
      id: Number(id),
      scopes: ['write', 'read'],
      pacticipants: [orders],
      revokedAt: null,
      prefix: secret!.slice(0, 10),
    });
    expect(list.stdout).not.toContain(secret);

    const revoked = await asAdmin('token', 'revoke', id);
    expectOk(revoked);
    expect(revoked.stdout).toBe(`Revoked token ${id}.\n`);

    // A revoked token is refused at once: 401, exit 3.
    const after = await run(secret, 'publish', pactDir({ 'p.json': orderPact(orders, payments, 2500) }), '--version', '2');
    expect(after.code).toBe(ExitCode.BrokerError);
    expect(after.stderr).toMatch(/^Error \[E200\]: Unauthorized: .+/m);
    const table = await asAdmin('token', 'list');
    expectOk(table);
    const row = table.stdout.split('\n').find((l) => l.startsWith(`${id} `));
    expect(row).toMatch(
      new RegExp(
        `^${id} +\\| ${name} +\\| ${secret!.slice(0, 10)} +\\| write read +\\| ${orders} +\\| \\S+ +\\| \\S+ +\\| \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
  });

  it('prints a table with one row per token (treaty token list)', async () => {
    const token = await createToken('--name', unique('table'), '--scope', 'read');
    const result = await asAdmin('token', 'list');
    expectOk(result);
    const [header, rule] = result.stdout.split('\n');
    expect(header!.split('|').map((h) => h.trim())).toMatchInlineSnapshot(`
      [
        "ID",
        "NAME",
        "PREFIX",
        "SCOPES",
        "PACTICIPANTS",
        "CREATED",
        "LAST USED",
        "REVOKED",
      ]
    `);
    expect(rule).toMatch(/^-+(-\|-+)+$/);
    const row = result.stdout.split('\n').find((l) => l.startsWith(`${token.id} `));
    expect(row).toMatch(
      new RegExp(`\\| ${token.name} +\\| ${token.prefix} +\\| read +\\| \\(all\\) +\\| \\d{4}-\\d\\d-\\d\\dT\\S+ +\\| never +\\| -$`),
    );
  });

  it('refuses to manage tokens without an admin credential: the problem detail and exit 3', async () => {
    const anonymous = await run(undefined, 'token', 'list');
    expect(anonymous.code).toBe(ExitCode.BrokerError);
    expect(anonymous.stderr).toMatch(/^Error \[E200\]: Unauthorized: .+Authorization: Bearer/m);

    const writer = await createToken('--name', unique('writer'), '--scope', 'write');
    const forbidden = await run(writer.token, 'token', 'create', '--name', unique('escalate'), '--scope', 'admin');
    expect(forbidden.code).toBe(ExitCode.BrokerError);
    expect(forbidden.stderr).toMatch(/^Error \[E200\]: Forbidden: .+/m);
    expect(forbidden.stdout).toBe('');
  });

  it('says an unknown token id does not exist (exit 1), and rejects a non-numeric id before calling the broker (exit 2)', async () => {
    const missing = await asAdmin('token', 'revoke', '987654321');
    expect(missing.code).toBe(ExitCode.Failure);
    expect(missing.stderr).toContain('No token with id 987654321');
    const bad = await asAdmin('token', 'revoke', 'abc');
    expect(bad.code).toBe(ExitCode.BadInput);
    expect(bad.stderr).toContain('"abc" is not a token id');
  });

  it('checks the scopes before sending anything (exit 2)', async () => {
    const unknown = await asAdmin('token', 'create', '--name', 'x', '--scope', 'root');
    expect(unknown.code).toBe(ExitCode.BadInput);
    expect(unknown.stderr).toContain('"root" is not a scope; use read, write, admin.');
    const none = await asAdmin('token', 'create', '--name', 'x');
    expect(none.code).toBe(ExitCode.BadInput);
    expect(none.stderr).toContain('Missing --scope.');
  });
});
