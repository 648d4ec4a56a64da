// `treaty schema publish` and `treaty schema check` through the real binary against a real Treaty (issue #8):
// POST /schemas/publish and POST /schemas/check with the @treaty/wire shapes, checks run as jobs, and
// can-i-deploy refusing a provider version whose .proto breaks a consumer, naming the rule.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaCheckResponse, SchemaVersionResponse } from '@treaty/wire';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import { ExitCode } from '../src/errors.ts';
import { treaty, unique } from './support/treaty-cli.ts';

let broker: TestBroker;
let url: string;
beforeAll(async () => {
  broker = await startTestBroker();
  url = await broker.listen();
});
afterAll(async () => broker?.close());

const PAYMENT_V1 = `syntax = "proto3";
package payment.v1;

service PaymentService {
  rpc ChargeCustomer(ChargeRequest) returns (ChargeResponse);
}

message ChargeRequest {
  string order_id = 1;
  int64 amount_cents = 2;
  string currency = 3;
}

message ChargeResponse {
  string charge_id = 1;
  string status = 2;
}
`;
/** The breaking change of the demo: ChargeResponse.status changes type. */
const PAYMENT_STATUS_INT = PAYMENT_V1.replace('string status = 2;', 'int32 status = 2;');
/** A compatible change: a new field. */
const PAYMENT_WITH_RECEIPT = PAYMENT_V1.replace('  string status = 2;\n', '  string status = 2;\n  string receipt_url = 3;\n');
/** What order-service reads of the payment API: a consumer-driven schema. */
const ORDER_READS = `syntax = "proto3";
package payment.v1;

service PaymentService {
  rpc ChargeCustomer(ChargeRequest) returns (ChargeResponse);
}

message ChargeRequest {
  string order_id = 1;
  int64 amount_cents = 2;
  string currency = 3;
}

message ChargeResponse {
  string charge_id = 1;
  string status = 2;
}
`;

function files(content: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'treaty-cli-schemas-'));
  for (const [path, text] of Object.entries(content)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const brokerArgs = (): string[] => ['--broker-base-url', url];

describe('treaty schema publish (POST /schemas/publish)', { timeout: 120_000 }, () => {
  it('publishes a .proto for a provider version; the broker stores the files under the subject', async () => {
    const [payments, subject] = [unique('payment-service'), unique('payment.v1.PaymentService')];
    const dir = files({ 'payment.proto': PAYMENT_V1 });
    const result = await treaty([
      'schema',
      'publish',
      join(dir, 'payment.proto'),
      '--subject',
      subject,
      '--kind',
      'protobuf',
      '--pacticipant',
      payments,
      '--version',
      '1.0.0',
      '--branch',
      'main',
      ...brokerArgs(),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.Success);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Published: protobuf schema "${subject.replace(/\./g, '\\.')}" \\(provider\\) for ${payments} version 1\\.0\\.0, 1 file, sha [0-9a-f]{12}`,
      ),
    );

    const stored = await fetch(`${url}/schemas/subjects/${encodeURIComponent(subject)}/versions/${payments}/1.0.0?role=provider`, {
      headers: { accept: 'application/hal+json' },
    });
    expect(stored.status).toBe(200);
    const body = (await stored.json()) as SchemaVersionResponse;
    expect(body.kind).toBe('protobuf');
    expect(body.files).toEqual([{ path: 'payment.proto', content: PAYMENT_V1 }]);

    const again = await treaty([
      'schema',
      'publish',
      join(dir, 'payment.proto'),
      '--subject',
      subject,
      '--kind',
      'protobuf',
      '--pacticipant',
      payments,
      '--version',
      '1.0.0',
      ...brokerArgs(),
    ]);
    expect(again.code).toBe(ExitCode.Success);
    expect(again.stdout).toMatch(/^Already published \(same content\)/);
  });

  it('refuses a .proto that does not parse before sending anything (exit 2, file:line:column)', async () => {
    const dir = files({ 'payment.proto': PAYMENT_V1.replace('string currency = 3;', 'string currency = ;') });
    const result = await treaty([
      'schema',
      'publish',
      dir,
      '--subject',
      's',
      '--kind',
      'protobuf',
      '--pacticipant',
      'p',
      '--version',
      '1',
      '--verbose',
      ...brokerArgs(),
    ]);
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toMatch(
      /^Error \[E113\]: This schema file is invalid \(--kind protobuf\):\n {2}.+payment\.proto:11:\d+: illegal/m,
    );
    expect(result.stderr).not.toContain('→ POST');
  });
});

const ORDER_EVENTS = `asyncapi: 2.6.0
info:
  title: order-service events
  version: 1.0.0
channels:
  order-events:
    subscribe:
      operationId: publishOrderPlaced
      message:
        name: OrderPlaced
        contentType: application/json
        payload:
          $ref: 'schemas/order-placed.json'
`;
const ORDER_PLACED = JSON.stringify({ type: 'object', properties: { order_id: { type: 'string' } } }, null, 2);

describe('treaty schema publish --kind asyncapi (issue #13)', { timeout: 120_000 }, () => {
  it('publishes a folder as one publication, the AsyncAPI document first and the files it $refs after it', async () => {
    const [orders, subject] = [unique('order-service'), unique('order-service/events')];
    // the payload schema sorts before the document: the document is still the publication's first file
    const dir = files({ 'a-schemas/unused.json': '{}', 'events.yaml': ORDER_EVENTS, 'schemas/order-placed.json': ORDER_PLACED });
    const result = await treaty([
      'schema',
      'publish',
      dir,
      '--subject',
      subject,
      '--kind',
      'asyncapi',
      '--pacticipant',
      orders,
      '--version',
      '1.0.0',
      '--no-auto-detect',
      ...brokerArgs(),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.Success);
    expect(result.stdout).toMatch(/^Published: asyncapi schema ".+" \(provider\) for .+ version 1\.0\.0, 3 files, sha [0-9a-f]{12}/);
    const stored = await fetch(`${url}/schemas/subjects/${encodeURIComponent(subject)}/versions/${orders}/1.0.0?role=provider`, {
      headers: { accept: 'application/hal+json' },
    });
    expect(((await stored.json()) as SchemaVersionResponse).files.map((f) => f.path)).toEqual([
      'events.yaml',
      'a-schemas/unused.json',
      'schemas/order-placed.json',
    ]);
  });

  it('refuses a document @asyncapi/parser rejects before sending anything (exit 2, file:line:column)', async () => {
    const dir = files({
      'events.yaml': ORDER_EVENTS.replace('    subscribe:', '    subscrbe:'),
      'schemas/order-placed.json': ORDER_PLACED,
    });
    const result = await treaty([
      'schema',
      'publish',
      dir,
      '--subject',
      's',
      '--kind',
      'asyncapi',
      '--pacticipant',
      'p',
      '--version',
      '1',
      '--verbose',
      ...brokerArgs(),
    ]);
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toMatch(
      /^Error \[E113\]: This AsyncAPI publication is invalid \(--kind asyncapi\):\n {2}.+events\.yaml:7:14: Property "subscrbe" is not expected to be here/m,
    );
    expect(result.stderr).not.toContain('→ POST');
  });
});

describe('treaty schema check (POST /schemas/check)', { timeout: 120_000 }, () => {
  it('exits 1 and names the rule when a field changes type; exits 0 for an added field; stores nothing', async () => {
    const [payments, subject] = [unique('payment-service'), unique('payment.v1.PaymentService')];
    const v1 = files({ 'payment.proto': PAYMENT_V1 });
    expect(
      (
        await treaty([
          'schema',
          'publish',
          v1,
          '--subject',
          subject,
          '--kind',
          'protobuf',
          '--pacticipant',
          payments,
          '--version',
          '1',
          ...brokerArgs(),
        ])
      ).code,
    ).toBe(ExitCode.Success);

    const broken = files({ 'payment.proto': PAYMENT_STATUS_INT });
    const check = [
      'schema',
      'check',
      broken,
      '--subject',
      subject,
      '--kind',
      'protobuf',
      '--pacticipant',
      payments,
      '--against-version',
      '1',
      ...brokerArgs(),
    ];
    const text = await treaty(check);
    expect(text.code).toBe(ExitCode.Failure);
    expect(text.stdout).toMatch(
      /^payment\.proto:16:3: \[FIELD_(SAME|WIRE_JSON_COMPATIBLE|WIRE_COMPATIBLE)_TYPE\] Field "2" with name "status" on message "ChargeResponse" changed type from "string" to "int32"/m,
    );
    expect(text.stdout).toMatch(/✗ Breaking: 1 breaking change \(.*mode BACKWARD, against .*1 \(provider\)\)\./);

    const json = await treaty([...check, '--output', 'json']);
    expect(json.code).toBe(ExitCode.Failure);
    const body = JSON.parse(json.stdout) as SchemaCheckResponse;
    expect(body.verdict).toBe('breaking');
    expect(body.findings[0]).toMatchObject({ file: 'payment.proto', line: 16, column: 3 });

    const fine = await treaty([
      'schema',
      'check',
      files({ 'payment.proto': PAYMENT_WITH_RECEIPT }),
      '--subject',
      subject,
      '--kind',
      'protobuf',
      '--pacticipant',
      payments,
      '--against-version',
      '1',
      ...brokerArgs(),
    ]);
    expect(fine.stdout).toContain('✓ Compatible');
    expect(fine.code).toBe(ExitCode.Success);

    // Nothing was published by the checks.
    const stored = await fetch(`${url}/schemas/subjects/${encodeURIComponent(subject)}`, { headers: { accept: 'application/hal+json' } });
    expect(((await stored.json()) as { publications: unknown[] }).publications).toHaveLength(1);
  });

  it("exits 2 with the broker's problem when the version to check against does not exist", async () => {
    const [payments, subject] = [unique('payment-service'), unique('payment.v1.PaymentService')];
    expect(
      (
        await treaty([
          'schema',
          'publish',
          files({ 'payment.proto': PAYMENT_V1 }),
          '--subject',
          subject,
          '--kind',
          'protobuf',
          '--pacticipant',
          payments,
          '--version',
          '1',
          ...brokerArgs(),
        ])
      ).code,
    ).toBe(ExitCode.Success);
    const result = await treaty([
      'schema',
      'check',
      files({ 'payment.proto': PAYMENT_V1 }),
      '--subject',
      subject,
      '--kind',
      'protobuf',
      '--pacticipant',
      payments,
      '--against-version',
      'no-such-version',
      ...brokerArgs(),
    ]);
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toMatch(/^Error \[E200\]: .+no-such-version/m);
  });
});

describe('can-i-deploy with schema contracts (issue #8)', { timeout: 180_000 }, () => {
  it('says no for a provider version whose .proto breaks what a consumer reads, naming the rule', async () => {
    const [orders, payments, subject] = [unique('order-service'), unique('payment-service'), unique('payment.v1.PaymentService')];
    const publish = (dir: string, ...args: string[]) =>
      treaty(['schema', 'publish', dir, '--subject', subject, '--kind', 'protobuf', ...args, ...brokerArgs()]);
    expect(
      (await publish(files({ 'payment.proto': ORDER_READS }), '--role', 'consumer', '--pacticipant', orders, '--version', 'o1')).code,
    ).toBe(ExitCode.Success);
    expect((await publish(files({ 'payment.proto': PAYMENT_V1 }), '--pacticipant', payments, '--version', 'p1')).code).toBe(
      ExitCode.Success,
    );
    expect((await publish(files({ 'payment.proto': PAYMENT_STATUS_INT }), '--pacticipant', payments, '--version', 'p2')).code).toBe(
      ExitCode.Success,
    );
    await broker.runDueJobs();

    const ok = await treaty([
      'can-i-deploy',
      '--pacticipant',
      payments,
      '--version',
      'p1',
      '--pacticipant',
      orders,
      '--version',
      'o1',
      ...brokerArgs(),
    ]);
    expect(ok.stdout).toContain('Computer says yes');
    expect(ok.code).toBe(ExitCode.Success);

    const no = await treaty([
      'can-i-deploy',
      '--pacticipant',
      payments,
      '--version',
      'p2',
      '--pacticipant',
      orders,
      '--version',
      'o1',
      ...brokerArgs(),
    ]);
    expect(no.stdout).toContain('Computer says no');
    expect(no.stdout).toMatch(/FIELD_(SAME|WIRE_JSON_COMPATIBLE|WIRE_COMPATIBLE)_TYPE/);
    expect(no.code).toBe(ExitCode.Failure);
  });
});
