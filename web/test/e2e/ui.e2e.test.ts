// The web UI in a real browser (Debian's chromium via playwright-core) against a real Treaty,
// started in-process on a loopback port and seeded through its HTTP API. The UI is built once with
// Vite first. Screenshots land in web/test/e2e/screenshots/ (the README links some of them).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import { startTestBroker, type TestBroker } from '../../../broker/test/support/test-broker.ts';
import { buildUi, type BuiltUi } from './build-ui.ts';
import { startFakeGitHub, type FakeGitHub } from '../../../broker/test/support/fake-github.ts';
import {
  seedEvents,
  seedGitHubCalls,
  seedSchemaAndWebhook,
  seedUiData,
  type EventsData,
  type GitHubCallsData,
  type SchemaAndWebhookData,
  type UiData,
} from './seed-ui-data.ts';

const CHROMIUM = '/usr/bin/chromium';
const screenshotDir = fileURLToPath(new URL('./screenshots', import.meta.url));

let broker: TestBroker;
let ui: BuiltUi | undefined;
let baseUrl: string;
let data: UiData;
let more: SchemaAndWebhookData;
let events: EventsData;
/** A fake GitHub on loopback that receives Treaty's commit statuses and check runs (issue #18). */
let github: FakeGitHub;
let gitHubCalls: GitHubCallsData;
const GITHUB_TOKEN = 'ghs_e2etoken';
/** Receives the webhook the seed triggers (issue #5), answering 201 Created. */
let hookReceiver: Server;
const hookCalls: string[] = [];
let browser: Browser;
let context: BrowserContext;
let page: Page;
const browserErrors: string[] = [];

const enc = encodeURIComponent;
const shot = (name: string) => page.screenshot({ path: `${screenshotDir}/${name}.png`, fullPage: true });

/** The page's requests that have no answer yet, with when they were sent: reported when a test fails. */
const unanswered = new Map<Request, number>();

/**
 * What the browser was doing when a test failed: its URL, the requests still unanswered (GraphQL ones with their
 * operation) and the page's text, so a CI timeout tells a hung answer from an error view or another page.
 */
async function pageState(): Promise<string> {
  const now = Date.now();
  const pending = [...unanswered].map(
    ([r, sentAt]) => `  ${r.method()} ${r.url()} ${(r.postData() ?? '').slice(0, 200)} (${now - sentAt} ms)`,
  );
  const shows = await page
    .locator('body')
    .innerText({ timeout: 2_000 })
    .catch(() => '(unreadable)');
  return [
    `The page at ${page.url()}`,
    `Unanswered requests:`,
    ...(pending.length ? pending : ['  none']),
    `It shows: ${shows.slice(0, 1500)}`,
  ].join('\n');
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the UI e2e tests.`);
  ui = await buildUi();
  await mkdir(screenshotDir, { recursive: true });
  github = await startFakeGitHub();
  broker = await startTestBroker(
    {},
    { TREATY_GITHUB_TOKEN: GITHUB_TOKEN, TREATY_GITHUB_API_URL: github.apiUrl, TREATY_GITHUB_CHECK_RUNS: 'true' },
    { webUiDir: ui.dir },
  );
  baseUrl = await broker.listen();
  data = await seedUiData(broker.request);
  hookReceiver = createServer((req, res) => {
    hookCalls.push(`${req.method} ${req.url}`);
    req.resume().on('end', () => res.writeHead(201).end());
  });
  await new Promise<void>((resolve) => hookReceiver.listen(0, '127.0.0.1', () => resolve()));
  more = await seedSchemaAndWebhook(broker.request, `http://127.0.0.1:${(hookReceiver.address() as AddressInfo).port}`);
  events = await seedEvents(broker.request);
  await broker.runDueJobs(); // the schema checks and the webhook delivery, as the broker's worker would run them
  gitHubCalls = await seedGitHubCalls(
    broker.request,
    github.apiUrl,
    () => broker.runDueJobs(),
    () => github.respondWith({ status: 500, body: { message: 'Server Error' } }),
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1366, height: 860 }, baseURL: baseUrl, locale: 'en-GB' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => browserErrors.push(error.message));
  page.on('request', (request) => unanswered.set(request, Date.now()));
  page.on('requestfinished', (request) => unanswered.delete(request));
  page.on('requestfailed', (request) => unanswered.delete(request));
  page.on('console', (msg) => {
    if (msg.type() === 'error') browserErrors.push(msg.text());
  });
});

beforeEach(() => {
  onTestFailed(async () => {
    if (page) console.error(await pageState());
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await broker?.close();
  await ui?.remove();
  await github?.close();
  hookReceiver?.close();
});

describe('the broker serves the UI under /ui', () => {
  test('GET / from a browser redirects to /ui/, while API clients still get the HAL index', async () => {
    const html = await broker.request.get('/').set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(html.status).toBe(302);
    expect(html.headers.location).toBe('/ui/');
    const hal = await broker.request.get('/').set('Accept', 'application/hal+json');
    expect(hal.status).toBe(200);
    expect(hal.body._links['pb:pacticipants']).toBeDefined();
    const anything = await broker.request.get('/').set('Accept', '*/*');
    expect(anything.status).toBe(200);
  });

  test('deep links answer the SPA (versions with dots included), missing assets are 404', async () => {
    for (const path of ['/ui/', `/ui/matrix?pacticipant=${data.order}`, `/ui/pacts/${data.payment}/${data.order}/2.0.0`]) {
      const res = await broker.request.get(path).set('Accept', 'text/html');
      expect(res.status, path).toBe(200);
      expect(res.text, path).toContain('<div id="root"></div>');
    }
    expect((await broker.request.get('/ui')).headers.location).toBe('/ui/');
    expect((await broker.request.get('/ui/assets/missing-0000.js')).status).toBe(404);
  });
});

describe('in the browser', () => {
  test('the dashboard lists every integration with a status label and times, and filters by search', async () => {
    await page.goto('/ui/');
    const failedRow = page.locator(`tr[data-integration="${data.order}|${data.payment}"]`);
    await failedRow.waitFor();
    expect(await failedRow.locator('[data-status]').getAttribute('data-status')).toBe('FAILED');
    expect(await failedRow.innerText()).toMatch(/Verification failed|Failed/);
    expect(await failedRow.innerText()).toContain('2.0.0');
    const statusOf = async (consumer: string, provider: string) =>
      page.locator(`tr[data-integration="${consumer}|${provider}"] [data-status]`).getAttribute('data-status');
    expect(await statusOf(data.webApp, data.payment)).toBe('UNVERIFIED');
    expect(await statusOf(data.mobileApp, data.payment)).toBe('PENDING');
    expect(await statusOf(data.shipping, data.address)).toBe('VERIFIED');
    await shot('dashboard');

    await page.getByLabel('Search services').fill(data.webApp);
    await page.waitForFunction(() => document.querySelectorAll('tr[data-integration]').length === 1);
    expect(page.url()).toContain(`q=${enc(data.webApp)}`);
    // The filtered view is a link: opening it again shows the same single row.
    await page.reload();
    await page.locator('tr[data-integration]').first().waitFor();
    expect(await page.locator('tr[data-integration]').count()).toBe(1);
  });

  test('the matrix shows consumer × provider version rows with badges, from a pasted link', async () => {
    await page.goto(`/ui/matrix?pacticipant=${enc(data.order)}&counterpart=${enc(data.payment)}`);
    const rows = page.locator('table.matrix tbody tr');
    await rows.first().waitFor();
    const texts = await rows.allInnerTexts();
    const failed = texts.find((t) => t.includes('2.0.0') && t.includes('11.0.0'));
    const passed = texts.find((t) => t.includes('1.0.0') && t.includes('10.0.0'));
    expect(failed).toMatch(/Failed/);
    expect(passed).toMatch(/Verified/);
    expect(passed).toContain(data.production); // environment badge of 1.0.0 / 10.0.0
    expect(texts.join('\n')).toContain('main'); // branch badge
    expect(texts.join('\n')).toContain(data.staging);
    // Every row links to its pact, and verified rows to the verification.
    expect(await rows.first().getByRole('link', { name: 'View pact' }).getAttribute('href')).toMatch(
      new RegExp(`^/ui/pacts/${data.payment}/${data.order}/`),
    );
    expect(await page.getByRole('link', { name: /Verification #/ }).count()).toBeGreaterThanOrEqual(2);
    // The filter form shows the filters from the URL.
    expect(await page.getByLabel('Pacticipant').inputValue()).toBe(data.order);
    await shot('matrix');

    // Filtering through the form updates the URL (so the view can be shared).
    await page.getByLabel('Version').fill('2.0.0');
    await page.getByRole('button', { name: 'Show matrix' }).click();
    await page.waitForURL(/version=2\.0\.0/);
    await page.waitForFunction(() => document.querySelectorAll('table.matrix tbody tr').length === 1);
    expect(await rows.allInnerTexts()).toEqual([expect.stringMatching(/2\.0\.0[\s\S]*11\.0\.0/)]);
  });

  test('the network draws every service, colours edges by status with a legend, and a click opens the service', async () => {
    await page.goto('/ui/network');
    await page.locator('svg.graph-svg').waitFor();
    for (const name of [data.order, data.payment, data.webApp, data.mobileApp, data.shipping, data.address]) {
      expect(await page.locator(`[data-node="${name}"]`).count(), name).toBe(1);
    }
    expect(await page.locator(`[data-edge="${data.order}|${data.payment}"]`).getAttribute('data-status')).toBe('FAILED');
    expect(await page.locator(`[data-edge="${data.shipping}|${data.address}"]`).getAttribute('data-status')).toBe('VERIFIED');
    const legend = await page.getByRole('list', { name: 'Legend' }).innerText();
    for (const label of ['Verified', 'Failed', 'Awaiting verification', 'Never verified']) expect(legend).toContain(label);
    await shot('network');

    await page.locator(`[data-node="${data.payment}"]`).click();
    await page.waitForURL(`**/ui/pacticipants/${data.payment}`);
    await page.getByRole('heading', { level: 1, name: data.payment }).waitFor();
    await page.getByRole('heading', { name: 'Contracts consumed' }).waitFor();
    const environments = await page.locator('section', { has: page.getByRole('heading', { name: 'Environments' }) }).innerText();
    expect(environments).toContain(data.production);
    expect(environments).toContain('10.0.0');
    expect(environments).toContain(data.staging);
    expect(environments).toContain('11.0.0');
    const consumed = await page.locator('section', { has: page.getByRole('heading', { name: 'Contracts consumed' }) }).innerText();
    expect(consumed).toContain(data.order);
    expect(consumed).toContain(data.webApp);
    await shot('pacticipant');
  });

  test('the contract view shows interactions side by side and the diff against the previous version', async () => {
    await page.goto(`/ui/pacts/${enc(data.payment)}/${enc(data.order)}/2.0.0`);
    const diff = page.getByTestId('pact-diff');
    await diff.waitFor();
    const diffText = await diff.innerText();
    expect(diffText).toContain('1.0.0'); // the previous version
    expect(diffText).toContain('a request to create a payment'); // added interaction
    expect(diffText).toMatch(/amount/); // changed response body
    const interactions = page.locator('article.interaction');
    expect(await interactions.count()).toBe(2);
    const first = await interactions.first().innerText();
    expect(first).toMatch(/Given\s+payment 1 exists/i);
    expect(first).toContain('GET /payments/1');
    expect(first).toContain('200');
    expect(await page.locator('section', { has: page.getByRole('heading', { name: 'Verifications' }) }).innerText()).toMatch(
      /Failed[\s\S]*11\.0\.0/,
    );
    await shot('contract-diff');
  });

  test('the environments page answers "can I deploy?" with YES, NO or UNKNOWN and the reasons', async () => {
    await page.goto('/ui/environments');
    await page.getByRole('heading', { name: 'Can I deploy?' }).waitFor();
    const ask = async (version: string, environment: string) => {
      await page.getByLabel('Service').fill(data.order);
      await page.getByLabel('Version', { exact: true }).fill(version);
      await page.getByLabel('Environment').selectOption(environment);
      await page.getByRole('button', { name: 'Can I deploy?' }).click();
      await page.waitForURL((url) => url.searchParams.get('version') === version && url.searchParams.get('environment') === environment);
      // The answer names its question, so this waits for the answer to this question.
      const answer = page.getByTestId('can-i-deploy-answer').filter({ hasText: `${version} to ${environment}` });
      await answer.waitFor();
      return { status: await answer.getAttribute('data-status'), text: await answer.innerText() };
    };

    const yes = await ask('1.0.0', data.production);
    expect(yes.status).toBe('YES');
    expect(yes.text).toMatch(/YES/);
    const no = await ask('2.0.0', data.staging);
    expect(no.status).toBe('NO');
    expect(no.text).toMatch(/Reasons/);
    expect(no.text).toContain('11.0.0');
    await shot('can-i-deploy-no');
    const unknown = await ask('2.0.0', data.production);
    expect(unknown.status).toBe('UNKNOWN');

    // The question is in the URL: pasting it opens the same answer.
    await page.goto(`/ui/environments?pacticipant=${enc(data.order)}&version=1.0.0&environment=${enc(data.production)}`);
    expect(await page.getByTestId('can-i-deploy-answer').getAttribute('data-status')).toBe('YES');
    await shot('environments');
  });

  test('the schema view shows the subject, who provides and reads it, the diff with the previous version and the breaking change', async () => {
    await page.goto(`/ui/schemas/${enc(more.subject)}`);
    await page.getByRole('heading', { level: 1, name: more.subject }).waitFor();
    expect(await page.getByText('protobuf schema · compatibility BACKWARD').count()).toBe(1);
    expect(await page.getByRole('link', { name: more.ledger }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: more.invoice }).count()).toBeGreaterThan(0);
    // The newest publication: ledger-service 12.0.0 changed the type of a field invoice-service reads.
    expect(await page.getByRole('combobox', { name: 'Publication' }).locator('option:checked').innerText()).toBe(
      `${more.ledger} 12.0.0 (provider)`,
    );
    const diff = page.getByRole('table', { name: 'Changes since the previous version' });
    expect(await diff.innerText()).toContain('changed type from "string" to "int32"');
    const lastCheck = page.getByRole('table', { name: 'Breaking changes found by the last check' });
    expect(await lastCheck.innerText()).toContain('FIELD_WIRE_JSON_COMPATIBLE_TYPE');
    expect(await page.getByLabel('File payment/v1/payment.proto').innerText()).toContain('int32 status = 2;');
    await shot('schema');

    // The first provider publication has nothing to compare with.
    await page.getByRole('combobox', { name: 'Publication' }).selectOption({ label: `${more.ledger} 11.0.0 (provider)` });
    await page.getByText(`This is the first provider schema ${more.ledger} published for this subject.`).waitFor();
    expect(await page.getByLabel('File payment/v1/payment.proto').innerText()).toContain('string status = 2;');
  });

  test('an AsyncAPI subject shows its channels and messages, the consumer pact Treaty checked against it, and the breaking diff (issue #13)', async () => {
    await page.goto(`/ui/schemas/${enc(events.subject)}`);
    await page.getByRole('heading', { level: 1, name: events.subject }).waitFor();
    expect(await page.getByText('asyncapi schema · compatibility BACKWARD').count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'Publication' }).locator('option:checked').innerText()).toBe(
      `${events.orders} 1.1.0 (provider)`,
    );
    const channels = await page.getByRole('table', { name: 'Channels and messages of the AsyncAPI document' }).innerText();
    expect(channels).toMatch(/order-events[\s\S]*OrderPlaced[\s\S]*publishOrderEvents: send/);
    // billing-service's message pact reads amount_cents, which 1.1.0 no longer sends
    const pact = await page.getByRole('table', { name: `Findings of the pact of ${events.billing}` }).innerText();
    expect(pact).toContain('message.payload.incompatible');
    expect(pact).toContain('order-events.yaml:25');
    expect(pact).toContain('must NOT have additional properties ("amount_cents")');
    expect(await page.getByRole('table', { name: 'Changes since the previous version' }).innerText()).toContain(
      'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
    );
    await shot('schema-asyncapi');

    // against 1.0.0 the same pact passed
    await page.getByRole('combobox', { name: 'Publication' }).selectOption({ label: `${events.orders} 1.0.0 (provider)` });
    await page.getByText(`This is the first provider schema ${events.orders} published for this subject.`).waitFor();
    const passed = page.locator('section', { has: page.getByRole('heading', { name: 'Consumer pacts checked against this document' }) });
    expect(await passed.innerText()).toMatch(new RegExp(`compatible[\\s\\S]*${events.billing} 1\\.0\\.0`));
  });

  test('the webhooks page lists the webhook with its delivery, outcome in words', async () => {
    expect(hookCalls).toEqual(['POST /hook']);
    await page.goto('/ui/webhooks');
    const executions = page.getByRole('table', { name: `Recent executions of ${more.webhookDescription}` });
    await executions.waitFor();
    const rows = executions.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    const row = await rows.first().innerText();
    expect(row).toContain('Delivered (HTTP 201)');
    expect(row).toContain('contract_published');
    expect(await page.getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current')).toBe('page');
  });

  test("the webhooks page lists the calls to GitHub: kind, commit, state sent, GitHub's answer and the log, token redacted (issue #18)", async () => {
    await page.goto('/ui/webhooks');
    const calls = page.getByRole('table', { name: 'Recent calls to GitHub' });
    await calls.waitFor();
    const rows = calls.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    const cells = async (i: number) => (await rows.nth(i).locator('td').allTextContents()).slice(1).map((t) => t.trim());
    const context = `treaty/${gitHubCalls.provider}`;
    expect(await cells(0)).toEqual(['Check run', 'c0ffee0', context, 'success', '1', '✓Accepted (HTTP 201)', 'log']);
    expect(await cells(1)).toEqual(['Commit status', 'c0ffee0', context, 'success', '1', '✓Accepted (HTTP 201)', 'log']);
    expect((await cells(2)).slice(0, 5)).toEqual(['Commit status', 'c0ffee0', context, 'pending', '1']);
    expect((await cells(2))[5]).toMatch(/^✕Failed \(HTTP 500\)/);
    await shot('webhooks');

    const logHref = await rows.nth(2).getByRole('link', { name: 'log' }).getAttribute('href');
    const log = await page.request.get(logHref!);
    expect(log.status()).toBe(200);
    const text = await log.text();
    expect(text).toContain(`GitHub commit status pending for ${context} on commit ${gitHubCalls.commit}`);
    expect(text).toContain('HTTP 500');
    expect(text).not.toContain(GITHUB_TOKEN);
  });

  test("a contract's page lists the calls to GitHub of its integration", async () => {
    await page.goto(`/ui/pacts/${enc(gitHubCalls.provider)}/${enc(gitHubCalls.consumer)}/${gitHubCalls.commit}`);
    const calls = page.getByRole('table', { name: `Calls to GitHub for ${gitHubCalls.consumer} and ${gitHubCalls.provider}` });
    await calls.waitFor();
    expect(await calls.locator('tbody tr').count()).toBe(3);
    expect(await calls.locator('tbody tr[data-kind="github-check-run"]').count()).toBe(1);
  });

  test('a failed request shows a readable error and Retry recovers', async () => {
    await page.route('**/graphql', (route) => route.abort('connectionrefused'));
    await page.goto('/ui/network');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Cannot reach the broker');
    await shot('error-state');
    await page.unroute('**/graphql');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('svg.graph-svg').waitFor();
  });

  test('the browser reported no script errors', () => {
    // Aborted requests (previous test) log a network error in the console; anything else is a bug.
    expect(browserErrors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
  });
});
