// treaty cleanup through the real binary (issue #6, the Pact Broker's clean): --dry-run lists and
// deletes nothing; a real run deletes; bad flags exit 2 before anything is sent. On a database of its
// own, since a cleanup considers every version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../broker/test/support/seed.ts';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import { ExitCode } from '../src/errors.ts';
import { treaty } from './support/treaty-cli.ts';

let broker: TestBroker;
let url: string;
beforeAll(async () => {
  broker = await startTestBroker({}, {}, { isolatedDatabase: true });
  url = await broker.listen();
}, 180_000);
afterAll(async () => broker?.close());

describe('treaty cleanup', { timeout: 120_000 }, () => {
  it('lists with --dry-run, deletes without it, and keeps branch heads', async () => {
    const kit = seed(broker.request);
    const app = kit.pacticipant('app');
    await app.createVersion('old-1');
    await app.createVersion('old-2');
    await app.createVersion('head', { branch: 'main' });

    const dry = await treaty(['cleanup', '--dry-run', '--keep-days', '0', '--keep-latest', '0', '--broker-base-url', url]);
    expect(dry.code).toBe(ExitCode.Success);
    expect(dry.stdout).toMatch(new RegExp(`${app.name}\\s*\\|\\s*old-1\\s*\\|`));
    expect(dry.stdout).toMatch(new RegExp(`${app.name}\\s*\\|\\s*old-2\\s*\\|`));
    expect(dry.stdout).not.toMatch(/\|\s*head\s*\|/);
    expect(dry.stdout).toContain('Kept 1 version(s) (branchHead 1); policy: keep 0 days, latest 0 per application.');
    expect(dry.stdout).toContain('Dry run: would delete 2 version(s). Nothing was deleted.');
    expect((await broker.request.get(`/pacticipants/${app.name}/versions/old-1`)).status).toBe(200);

    const real = await treaty(['cleanup', '--keep-days', '0', '--keep-latest', '0', '--output', 'json', '--broker-base-url', url]);
    expect(real.code).toBe(ExitCode.Success);
    const body = JSON.parse(real.stdout) as { dryRun: boolean; deleted: { versions: number } };
    expect(body.dryRun).toBe(false);
    expect(body.deleted.versions).toBe(2);
    expect((await broker.request.get(`/pacticipants/${app.name}/versions/old-1`)).status).toBe(404);
    expect((await broker.request.get(`/pacticipants/${app.name}/versions/head`)).status).toBe(200);
  });

  it('refuses a non-number --keep-days before sending anything (exit 2)', async () => {
    const result = await treaty(['cleanup', '--keep-days', 'ninety', '--broker-base-url', url]);
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toMatch(/--keep-days must be a whole number, not "ninety"/);
  });
});
