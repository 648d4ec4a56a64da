// The release manager's view at the scale of an organisation (issue #17), in a real browser (Debian's chromium via
// playwright-core) against a real Treaty seeded with the benchmark's generated organisation (broker/bench/seed, 200
// services at a small version count) plus one known scenario through the HTTP API: environment health with a
// failing pair, promotion planning yes and no, the network's focus and search. Screenshots land in
// web/test/e2e/screenshots/ (the README links them).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serviceName } from '../../../broker/bench/seed/dataset.ts';
import { seedDataset } from '../../../broker/bench/seed/seed.ts';
import { seed, type Environment } from '../../../broker/test/support/seed.ts';
import { startTestBroker, type TestBroker } from '../../../broker/test/support/test-broker.ts';
import { buildUi, type BuiltUi } from './build-ui.ts';

const CHROMIUM = '/usr/bin/chromium';
const SERVICES = 200;
const screenshotDir = fileURLToPath(new URL('./screenshots', import.meta.url));

let broker: TestBroker;
let ui: BuiltUi | undefined;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];
const shot = (name: string) => page.screenshot({ path: `${screenshotDir}/${name}.png`, fullPage: false });
const enc = encodeURIComponent;

/** The known scenario: in production, checkout c1 → ledger l1 failed; c2 (verified by l1) waits in staging. */
const scenario = { checkout: 'checkout-web', ledger: 'ledger-api' };

async function environmentByName(name: string): Promise<Environment> {
  const res = await broker.request.get('/environments').set('Accept', 'application/hal+json');
  const found = (res.body._embedded.environments as Array<{ uuid: string; name: string }>).find((e) => e.name === name)!;
  return { uuid: found.uuid, name: found.name };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the UI e2e tests.`);
  ui = await buildUi();
  await mkdir(screenshotDir, { recursive: true });
  // a database of its own: the generated organisation uses fixed names (order-service-000, production, ...)
  broker = await startTestBroker({}, {}, { isolatedDatabase: true, webUiDir: ui.dir });
  await seedDataset(broker.db, { services: SERVICES, versions: 4, seed: 17, stepsPerBatch: 4 });

  // teams as pacticipant labels (the network groups by them): the service's domain, e.g. team-payment
  for (let i = 0; i < SERVICES; i++) {
    const name = serviceName(i);
    const res = await broker.request.put(`/pacticipants/${name}/labels/team-${name.split('-')[0]}`).send({});
    expect(res.status).toBeLessThan(300);
  }

  const kit = seed(broker.request);
  const checkout = kit.existingPacticipant(scenario.checkout);
  const ledger = kit.existingPacticipant(scenario.ledger);
  const [production, staging] = [await environmentByName('production'), await environmentByName('staging')];
  const c1 = await checkout.publishPact({ version: 'c1', provider: ledger, variant: 'v1' });
  const c2 = await checkout.publishPact({ version: 'c2', provider: ledger, variant: 'v2' });
  const c3 = await checkout.publishPact({ version: 'c3', provider: ledger, variant: 'v3' });
  await ledger.verify(c1, { version: 'l1', success: false });
  await ledger.verify(c2, { version: 'l1', success: true });
  await ledger.verify(c3, { version: 'l1', success: false });
  await checkout.deploy('c1', production);
  await ledger.deploy('l1', production);
  await checkout.deploy('c2', staging);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: await broker.listen(), locale: 'en-GB' });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => browserErrors.push(error.message));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await broker?.close();
  await ui?.remove();
});

describe(`an organisation of ${SERVICES} services`, () => {
  test('the dashboard has one health line per environment and pages the integrations, failures first', async () => {
    await page.goto('/ui/');
    const lines = page.getByTestId('health-line');
    await lines.first().waitFor();
    expect(await lines.count()).toBe(3);
    expect(await page.locator('[data-testid="health-line"][data-environment="production"]').getAttribute('data-status')).toBe('FAILING');
    await page.locator('tr[data-integration]').first().waitFor();
    expect(await page.locator('tr[data-integration]').count()).toBe(100);
    expect(await page.locator('tr[data-integration]').first().locator('[data-status]').getAttribute('data-status')).toBe('FAILED');
    await shot('org-dashboard');
  });

  test('environment health lists the failing pair first, with its reason and a link to the verification', async () => {
    await page.goto('/ui/environments/production');
    const table = page.getByRole('table', { name: 'Pairs in production' });
    await table.waitFor();
    expect(await page.getByTestId('health-line').getAttribute('data-status')).toBe('FAILING');
    expect(await table.locator('tbody tr').first().getAttribute('data-pair-status')).toBe('FAILED');
    await page.getByLabel('Show').selectOption('FAILED');
    const ours = table.locator('tbody tr', { hasText: `${scenario.checkout}` }).filter({ hasText: scenario.ledger });
    await ours.first().waitFor();
    expect(await ours.first().innerText()).toContain(
      `The verification for the pact between version c1 of ${scenario.checkout} and version l1 of ${scenario.ledger} failed`,
    );
    const verification = await ours.first().getByRole('link', { name: 'verification' }).getAttribute('href');
    const res = await broker.request.get(verification!);
    expect(res.body.success).toBe(false);
    await shot('environment-health');
  });

  test('promotion planning: a release train that fixes the failing pair is YES, one that keeps a failing version is NO', async () => {
    await page.goto(`/ui/environments?to=production&train=${enc(`${scenario.checkout} c2`)}`);
    const answer = page.getByTestId('promotion-answer');
    await answer.waitFor();
    expect(await answer.getAttribute('data-status')).toBe('YES');
    await answer.scrollIntoViewIfNeeded();
    await shot('promotion-yes');

    await page.goto(`/ui/environments?to=production&train=${enc(`${scenario.checkout} c3`)}`);
    await page.locator('[data-testid="promotion-answer"][data-status="NO"]').waitFor();
    expect(await page.getByTestId('promotion-answer').innerText()).toContain(
      `The verification for the pact between version c3 of ${scenario.checkout} and the version of ${scenario.ledger} currently in production (l1) failed`,
    );
    await page.getByTestId('promotion-answer').scrollIntoViewIfNeeded();
    await shot('promotion-no');
  });

  test('promotion planning from staging to production lists the services that change and answers for all of them', async () => {
    await page.goto('/ui/environments');
    await page.getByLabel('From').selectOption('staging');
    await page.getByLabel('To').selectOption('production');
    await page.getByRole('button', { name: 'Plan the promotion' }).click();
    const answer = page.getByTestId('promotion-answer');
    await answer.waitFor({ timeout: 60_000 });
    expect(['YES', 'NO', 'UNKNOWN']).toContain(await answer.getAttribute('data-status'));
    const changes = answer.getByRole('table', { name: 'Services whose versions change' });
    expect(await changes.locator('tbody tr').count()).toBeGreaterThan(10);
    expect(await changes.innerText()).toContain(scenario.checkout);
  });

  test('the network starts from search, focuses one service and its neighbourhood, and draws the full graph on request', async () => {
    await page.goto('/ui/network');
    const scope = page.getByTestId('network-scope');
    await scope.waitFor();
    expect(await scope.innerText()).toContain('too many to read at once');
    expect(await page.locator('[data-node]').count()).toBe(0);
    await page.getByLabel('Find a service').fill('payment-service-00');
    await page.getByRole('list', { name: 'Matching services' }).getByRole('button', { name: 'payment-service-001' }).click();
    await page.locator('.node-focus').waitFor();
    expect(await page.locator('.node-focus').getAttribute('data-node')).toBe('payment-service-001');
    const oneHop = await page.locator('[data-node]').count();
    expect(oneHop).toBeGreaterThan(1);
    await shot('network-focus');
    await page.getByLabel('Neighbourhood').selectOption('2');
    await page.waitForFunction((n) => document.querySelectorAll('[data-node]').length > n, oneHop);
    await page.getByLabel(/group by label/).check();
    await page.locator('[data-group="team-payment"]').waitFor();
    await shot('network-focus-grouped');

    // A first visit: nothing remembered. The search page above may have laid the full graph out ahead and kept it
    // in localStorage; forget it from a page of the same origin that runs no UI (so no layout is written after).
    await page.goto('/diagnostic/status/heartbeat');
    await page.evaluate(() => localStorage.clear());
    await page.goto('/ui/network?all=1');
    const started = Date.now();
    // The data has arrived: either the layout is still being computed (in the page's worker, or on the broker) and the
    // page says so and answers meanwhile, or the broker had laid this shape out already (the search page above asked
    // for it) and the graph is drawn at once. Both are a first visit done right; which one depends on timing.
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-node]').length === n || document.body.textContent?.includes('Laying out'),
      SERVICES + 2,
    );
    const dataMs = Date.now() - started;
    expect(await page.getByLabel('Status').isEnabled()).toBe(true);
    await page.waitForFunction((n) => document.querySelectorAll('[data-node]').length === n, SERVICES + 2);
    const drawnMs = Date.now() - started;
    console.log(`full graph of ${SERVICES + 2} services: data ${dataMs} ms, drawn ${drawnMs} ms after navigation (layout in a worker)`);

    // A return visit draws the remembered layout: no "Laying out" step, the same picture
    const firstPosition = await page.locator('[data-node="payment-service-001"] rect').getAttribute('x');
    await page.addInitScript(() => {
      const seen = window as unknown as { sawLayingOut?: boolean };
      seen.sawLayingOut = false;
      new MutationObserver(() => {
        if (document.querySelector('.loading')?.textContent?.includes('Laying out')) seen.sawLayingOut = true;
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('[data-node]').length === n, SERVICES + 2);
    expect(await page.evaluate(() => (window as unknown as { sawLayingOut?: boolean }).sawLayingOut)).toBe(false);
    expect(await page.locator('[data-node="payment-service-001"] rect').getAttribute('x')).toBe(
      String(Math.round(Number(firstPosition) + 95) - 95),
    );
    expect(browserErrors).toEqual([]);
  });
});
