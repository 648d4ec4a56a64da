// `npm run demo`: the whole contract-testing loop against a fresh Treaty, step by step as CI would run
// it, including three breaking changes that can-i-deploy stops: one caught by a pact, one by a .proto schema check,
// and an event change caught by a message pact checked against the provider's AsyncAPI document (no provider test
// run). Exits 0 when every step behaved as expected (the refusals included), 1 otherwise, and leaves nothing running.
// docs/full-loop.md walks through it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaymentServiceVariant, startPaymentService, type RunningPaymentService } from './payment-service-harness.ts';
import { freePort, runToEnd, startInBackground, stopAll, waitForHttp, type Background, type Finished } from './processes.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const treatyBin = path.join(root, 'cli/bin/treaty.js');
const PACT_FILE = 'order-service-payment-service.json';
const ORDER_V1 = '1.0.0';
const PAYMENT_V1 = '1.0.0';
const PAYMENT_V2 = '1.1.0';
const PAYMENT_V3 = '1.2.0';
/** The subject of payment-service's RPC contract: payment.proto (provider) and order-service's payment fields (consumer). */
const PAYMENT_SUBJECT = 'payment.v1.PaymentService';
const PAYMENT_PROTO = 'sample-services/payment-service/contracts/payment.proto';
/** order-service's events (issue #13): its AsyncAPI document, whose OrderPlaced payload is the JSON Schema beside it. */
const EVENTS_SUBJECT = 'order-service/events';
const ORDER_ASYNCAPI = 'sample-services/order-service/contracts/asyncapi.yaml';
const ORDER_PLACED_SCHEMA = 'sample-services/order-service/contracts/order-placed.schema.json';
const MESSAGE_PACT_FILE = 'payment-service-order-service.json';
const ORDER_V2 = '1.1.0';

class StepFailed extends Error {}

/** The environment children get: ours minus anything that would point them at another broker, database or CI run. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([k]) =>
      !/^(TREATY_|PACT_BROKER_|DATABASE_URL$|VITEST|NODE_OPTIONS$|GITHUB_|GITLAB_|CI_|CIRCLE|BUILDKITE|BITBUCKET_|TRAVIS|APPVEYOR|TF_BUILD|JENKINS_URL|GIT_COMMIT|GIT_BRANCH|BUILD_URL)/.test(
        k,
      ),
  );
  return { ...Object.fromEntries(kept), PACT_DO_NOT_TRACK: 'true', NO_COLOR: '1', ...extra };
}

let stepNumber = 0;
function step(title: string): void {
  stepNumber += 1;
  process.stdout.write(`\n━━ ${stepNumber}. ${title}\n`);
}

function expectExit(what: string, result: Finished, expected: number, mustContain: string[] = []): void {
  if (result.code !== expected) throw new StepFailed(`${what}: expected exit code ${expected}, got ${result.code}.`);
  const missing = mustContain.filter((text) => !result.output.includes(text));
  if (missing.length > 0) throw new StepFailed(`${what}: the output does not say ${missing.map((m) => `"${m}"`).join(', ')}.`);
  process.stdout.write(`   → exit ${result.code}, as expected\n`);
}

async function treaty(brokerUrl: string, args: string[]): Promise<Finished> {
  process.stdout.write(`$ treaty ${args.map((a) => (/[\s"'{}$]/.test(a) ? `'${a}'` : a)).join(' ')}\n`);
  return runToEnd(process.execPath, [treatyBin, ...args], { cwd: root, env: cleanEnv({ TREATY_URL: brokerUrl }) });
}

async function startTreaty(dataDir: string): Promise<{ url: string; broker: Background }> {
  const port = await freePort();
  process.stdout.write(`$ PORT=${port} TREATY_DATA_DIR=${dataDir} npm start   # Treaty on embedded PGlite, a fresh data folder\n`);
  const broker = startInBackground(process.execPath, ['--import', 'tsx', path.join(root, 'broker/src/main.ts')], {
    cwd: root,
    env: cleanEnv({ PORT: String(port), HOST: '127.0.0.1', TREATY_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
    prefix: '   [treaty] ',
  });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  await waitForHttp(`${url}/`, broker, 120_000).catch((error: unknown) => {
    throw new StepFailed(`Treaty did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  process.stdout.write(`   Treaty is up at ${url} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return { url, broker };
}

/** A consumer's pact test (`npm run test:consumer` of the service), which writes `pactFile` into `pactDir`. */
async function runConsumerTests(
  pactDir: string,
  service = 'order-service',
  testFile = 'test/payment-client.pact.test.ts',
  pactFile = PACT_FILE,
): Promise<string> {
  process.stdout.write(`$ PACT_DIR=${pactDir} npm run test:consumer -w sample-services/${service}\n`);
  const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const consumerDir = path.join(root, 'sample-services', service);
  const result = await runToEnd(process.execPath, [vitest, 'run', testFile, '--root', consumerDir], {
    cwd: consumerDir,
    env: cleanEnv({ PACT_DIR: pactDir }),
  });
  expectExit(`${service} consumer tests`, result, 0);
  const file = path.join(pactDir, pactFile);
  if (!existsSync(file)) throw new StepFailed(`the consumer tests passed but wrote no ${file}.`);
  process.stdout.write(`   wrote ${file}\n`);
  return file;
}

/** Treaty (like the Pact Broker) needs to know the consumer's main branch for the {"mainBranch":true} selector. */
async function setMainBranch(brokerUrl: string, pacticipant: string): Promise<void> {
  process.stdout.write(
    `$ curl -X PATCH ${brokerUrl}/pacticipants/${pacticipant} -H 'Content-Type: application/merge-patch+json' -d '{"mainBranch":"main"}'\n`,
  );
  const res = await fetch(`${brokerUrl}/pacticipants/${pacticipant}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json', accept: 'application/hal+json' },
    body: JSON.stringify({ mainBranch: 'main' }),
  });
  if (!res.ok) throw new StepFailed(`setting the main branch of ${pacticipant} answered ${res.status}: ${await res.text()}`);
  process.stdout.write(`   → ${res.status} ${res.statusText}: ${pacticipant}'s main branch is main\n`);
}

function verifyArgs(service: RunningPaymentService, version: string): string[] {
  return [
    'verify',
    '--provider',
    'payment-service',
    '--provider-base-url',
    service.baseUrl,
    '--state-change-url',
    service.stateChangeUrl,
    '--provider-version',
    version,
    '--provider-branch',
    'main',
    '--enable-pending',
    '--publish',
  ];
}

async function theLoop(workDir: string, started: Array<{ close(): Promise<void> }>): Promise<void> {
  step('Start Treaty');
  const { url, broker } = await startTreaty(path.join(workDir, 'data'));
  started.push({ close: () => broker.stop() });
  process.stdout.write(`$ export TREATY_URL=${url}   # every treaty command below talks to it\n`);

  step(`Start payment-service ${PAYMENT_V1} (the provider)`);
  const payments = await startPaymentService(PaymentServiceVariant.Current);
  started.push(payments);
  process.stdout.write(`   payment-service listening on ${payments.baseUrl}; provider states at ${payments.stateChangeUrl}\n`);

  step('order-service CI: run the consumer tests (Pact writes the pact file)');
  const pactFile = await runConsumerTests(path.join(workDir, 'pacts'));

  step(`order-service CI: publish the pact as order-service ${ORDER_V1} on branch main`);
  expectExit('treaty publish', await treaty(url, ['publish', pactFile, '--version', ORDER_V1, '--branch', 'main']), 0);
  await setMainBranch(url, 'order-service');

  step(`order-service CI: publish its schemas as ${ORDER_V1}: the OrderPlaced event it emits, and the payment fields it reads`);
  await publishOrderSchemas(url);

  step(`payment-service CI: verify payment-service ${PAYMENT_V1} against its consumers' pacts and publish the results`);
  expectExit('treaty verify', await treaty(url, verifyArgs(payments, PAYMENT_V1)), 0, ['✓ Verification passed']);

  step(`payment-service CI: publish payment.proto and openapi.yaml as payment-service ${PAYMENT_V1}`);
  await publishPaymentSchemas(url, PAYMENT_V1, PAYMENT_PROTO);

  step('Record what runs in production');
  expectExit(
    'treaty create-environment',
    await treaty(url, ['create-environment', '--name', 'production', '--display-name', 'Production', '--production']),
    0,
  );
  expectExit(
    'treaty record-deployment',
    await treaty(url, ['record-deployment', '--pacticipant', 'payment-service', '--version', PAYMENT_V1, '--environment', 'production']),
    0,
  );

  step(`order-service CD: can order-service ${ORDER_V1} go to production?`);
  // --retry-while-unknown: Treaty checks the published schemas in a background job; wait for it rather than read "unknown".
  expectExit(
    'treaty can-i-deploy',
    await treaty(url, [
      'can-i-deploy',
      '--pacticipant',
      'order-service',
      '--version',
      ORDER_V1,
      '--to-environment',
      'production',
      '--retry-while-unknown',
      '30',
      '--retry-interval',
      '1',
    ]),
    0,
    ['Computer says yes'],
  );
  expectExit(
    'treaty record-deployment',
    await treaty(url, ['record-deployment', '--pacticipant', 'order-service', '--version', ORDER_V1, '--environment', 'production']),
    0,
  );

  step(`A breaking change: payment-service ${PAYMENT_V2} renames "status" to "state" in its responses`);
  const breaking = await startPaymentService(PaymentServiceVariant.RenamesStatusToState);
  started.push(breaking);
  process.stdout.write(`   payment-service ${PAYMENT_V2} listening on ${breaking.baseUrl}\n`);

  step(`payment-service CI: verify ${PAYMENT_V2} (expected to fail: order-service reads "status")`);
  expectExit('treaty verify of the breaking change', await treaty(url, verifyArgs(breaking, PAYMENT_V2)), 1, [
    '✗ Verification failed',
    'a request for charge ch-1',
  ]);

  step(`payment-service CD: can payment-service ${PAYMENT_V2} go to production? (expected: no)`);
  expectExit(
    'treaty can-i-deploy of the breaking change',
    await treaty(url, ['can-i-deploy', '--pacticipant', 'payment-service', '--version', PAYMENT_V2, '--to-environment', 'production']),
    1,
    ['Computer says no'],
  );

  await breakingProtoChange(url, workDir, payments);
  await breakingEventChange(url, workDir);
}

async function publishOrderSchemas(url: string): Promise<void> {
  const common = ['--pacticipant', 'order-service', '--version', ORDER_V1, '--branch', 'main'];
  expectExit(
    'treaty schema publish (OrderPlaced)',
    await treaty(url, [
      'schema',
      'publish',
      'sample-services/order-service/contracts/order-placed.schema.json',
      '--subject',
      'order-events/OrderPlaced',
      '--kind',
      'jsonschema',
      ...common,
    ]),
    0,
    ['Published'],
  );
  expectExit(
    'treaty schema publish (payment fields, consumer)',
    await treaty(url, [
      'schema',
      'publish',
      'sample-services/order-service/contracts/payment-service/payment.proto',
      '--subject',
      PAYMENT_SUBJECT,
      '--kind',
      'protobuf',
      '--role',
      'consumer',
      ...common,
    ]),
    0,
    ['Published'],
  );
}

async function publishPaymentSchemas(url: string, version: string, proto: string): Promise<void> {
  const common = ['--pacticipant', 'payment-service', '--version', version, '--branch', 'main'];
  expectExit(
    'treaty schema publish (payment.proto)',
    await treaty(url, ['schema', 'publish', proto, '--subject', PAYMENT_SUBJECT, '--kind', 'protobuf', ...common]),
    0,
    ['Published'],
  );
  expectExit(
    'treaty schema publish (openapi.yaml)',
    await treaty(url, [
      'schema',
      'publish',
      'sample-services/payment-service/contracts/openapi.yaml',
      '--subject',
      'payment-service/http-api',
      '--kind',
      'openapi',
      ...common,
    ]),
    0,
  );
}

/**
 * The schema side of the loop: payment-service changes the type of ChargeResponse.status in payment.proto (the HTTP
 * API is untouched, so its pact verification passes). `treaty schema check` refuses it before publishing; published
 * anyway, Treaty's own check against order-service's consumer schema fails, and can-i-deploy says no, naming the rule.
 */
async function breakingProtoChange(url: string, workDir: string, payments: RunningPaymentService): Promise<void> {
  step(`A breaking proto change: payment-service ${PAYMENT_V3} changes ChargeResponse.status from the ChargeStatus enum to a string`);
  const proto = path.join(workDir, 'contracts-v3', 'payment.proto');
  mkdirSync(path.dirname(proto), { recursive: true });
  const original = readFileSync(path.join(root, PAYMENT_PROTO), 'utf8');
  const changed = original.replace('  ChargeStatus status = 2;', '  string status = 2;');
  if (changed === original) throw new StepFailed(`${PAYMENT_PROTO} no longer declares "ChargeStatus status = 2;": update the demo.`);
  writeFileSync(proto, changed);
  process.stdout.write(`   wrote ${proto}: "ChargeStatus status = 2;" is now "string status = 2;"\n`);

  step(`payment-service CI: treaty schema check before publishing (expected: breaking, naming the rule)`);
  expectExit(
    'treaty schema check of the breaking change',
    await treaty(url, [
      'schema',
      'check',
      proto,
      '--subject',
      PAYMENT_SUBJECT,
      '--kind',
      'protobuf',
      '--pacticipant',
      'payment-service',
      '--against-environment',
      'production',
    ]),
    1,
    ['_TYPE] Field "2" with name "status" on message "ChargeResponse" changed type', '✗ Breaking'],
  );

  step(`payment-service CI: verify ${PAYMENT_V3} against the pacts (its HTTP API is unchanged) and publish the proto anyway`);
  expectExit('treaty verify', await treaty(url, verifyArgs(payments, PAYMENT_V3)), 0, ['✓ Verification passed']);
  await publishPaymentSchemas(url, PAYMENT_V3, proto);

  step(`payment-service CD: can payment-service ${PAYMENT_V3} go to production? (expected: no, the proto breaks order-service)`);
  expectExit(
    'treaty can-i-deploy of the breaking proto change',
    // Treaty checks published schemas in a background job; wait for its result rather than read "unknown".
    await treaty(url, [
      'can-i-deploy',
      '--pacticipant',
      'payment-service',
      '--version',
      PAYMENT_V3,
      '--to-environment',
      'production',
      '--retry-while-unknown',
      '30',
      '--retry-interval',
      '1',
    ]),
    1,
    ['Computer says no', '_TYPE'],
  );
}

/** `--retry-while-unknown`: Treaty checks published contracts in a background job; wait for its result rather than read "unknown". */
const canIDeployArgs = (pacticipant: string, version: string): string[] => [
  'can-i-deploy',
  '--pacticipant',
  pacticipant,
  '--version',
  version,
  '--to-environment',
  'production',
  '--retry-while-unknown',
  '30',
  '--retry-interval',
  '1',
];

const publishEventsArgs = (asyncapi: string, schema: string, version: string): string[] => [
  'schema',
  'publish',
  asyncapi,
  schema,
  '--subject',
  EVENTS_SUBJECT,
  '--kind',
  'asyncapi',
  '--pacticipant',
  'order-service',
  '--version',
  version,
  '--branch',
  'main',
];

/**
 * The event side of the loop (issue #13): payment-service's message pact for OrderPlaced is verified by Treaty against
 * order-service's AsyncAPI document, with no provider test run. order-service then renames a payload field: the
 * AsyncAPI diff calls it breaking, and can-i-deploy refuses the new version because payment-service's pact, checked
 * against the new document, fails. order-service's Pact message verification is never run.
 */
async function breakingEventChange(url: string, workDir: string): Promise<void> {
  step('payment-service CI: run its message consumer test (Pact writes the OrderPlaced message pact)');
  const pactFile = await runConsumerTests(
    path.join(workDir, 'pacts'),
    'payment-service',
    'test/order-placed.message.pact.test.ts',
    MESSAGE_PACT_FILE,
  );

  step(`payment-service CI: publish the message pact as payment-service ${PAYMENT_V1}`);
  expectExit('treaty publish (message pact)', await treaty(url, ['publish', pactFile, '--version', PAYMENT_V1, '--branch', 'main']), 0);

  step(`order-service CI: publish its AsyncAPI document (channel order-events, message OrderPlaced) as order-service ${ORDER_V1}`);
  expectExit('treaty schema publish (AsyncAPI)', await treaty(url, publishEventsArgs(ORDER_ASYNCAPI, ORDER_PLACED_SCHEMA, ORDER_V1)), 0, [
    'Published: asyncapi schema',
  ]);

  step(
    `order-service CD: can order-service ${ORDER_V1} go to production? (Treaty checked payment-service's message pact against the AsyncAPI document)`,
  );
  expectExit('treaty can-i-deploy', await treaty(url, canIDeployArgs('order-service', ORDER_V1)), 0, ['Computer says yes']);

  step(`A breaking event change: order-service ${ORDER_V2} renames OrderPlaced's "amount_cents" to "amount"`);
  const contracts = path.join(workDir, 'contracts-events');
  mkdirSync(contracts, { recursive: true });
  const schema = readFileSync(path.join(root, ORDER_PLACED_SCHEMA), 'utf8');
  const renamed = schema.replaceAll('"amount_cents"', '"amount"');
  if (renamed === schema) throw new StepFailed(`${ORDER_PLACED_SCHEMA} no longer has "amount_cents": update the demo.`);
  writeFileSync(path.join(contracts, 'asyncapi.yaml'), readFileSync(path.join(root, ORDER_ASYNCAPI), 'utf8'));
  writeFileSync(path.join(contracts, 'order-placed.schema.json'), renamed);
  process.stdout.write(
    `   wrote ${contracts}: the AsyncAPI document, and the OrderPlaced payload schema with "amount" for "amount_cents"\n`,
  );

  step('order-service CI: treaty schema diff --kind asyncapi against the published document (expected: breaking)');
  expectExit(
    'treaty schema diff of the breaking event change',
    await treaty(url, ['schema', 'diff', '--kind', 'asyncapi', path.dirname(ORDER_ASYNCAPI), contracts]),
    1,
    ['Message orderPlaced on channel order-events payload', '✗ Breaking'],
  );

  step(`order-service CI: publish the AsyncAPI document as ${ORDER_V2} (no Pact message verification is run)`);
  expectExit(
    'treaty schema publish (AsyncAPI, breaking)',
    await treaty(url, publishEventsArgs(path.join(contracts, 'asyncapi.yaml'), path.join(contracts, 'order-placed.schema.json'), ORDER_V2)),
    0,
    ['Published: asyncapi schema'],
  );

  step(`order-service CD: can order-service ${ORDER_V2} go to production? (expected: no, payment-service's message pact fails against it)`);
  expectExit('treaty can-i-deploy of the breaking event change', await treaty(url, canIDeployArgs('order-service', ORDER_V2)), 1, [
    'Computer says no',
    `The verification for the pact between the version of payment-service currently in production (${PAYMENT_V1}) and version ${ORDER_V2} of order-service failed`,
  ]);
}

async function main(): Promise<number> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'treaty-demo-'));
  const started: Array<{ close(): Promise<void> }> = [];
  const cleanUp = async () => {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stdout.write(`\nInterrupted (${signal}): cleaning up.\n`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  process.stdout.write(`Treaty demo: the full contract-testing loop (work dir ${workDir})\n`);
  try {
    await theLoop(workDir, started);
    process.stdout.write(
      '\n✓ Demo complete: every step behaved as expected, and can-i-deploy stopped all three breaking changes (the pact, the proto and the event).\n',
    );
    return 0;
  } catch (error) {
    const message = error instanceof StepFailed ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stdout.write(`\n✗ Demo failed at step ${stepNumber}: ${message}\n`);
    return 1;
  } finally {
    await cleanUp();
    process.stdout.write(`Cleaned up: stopped Treaty and payment-service, removed ${workDir}\n`);
  }
}

process.exitCode = await main();
