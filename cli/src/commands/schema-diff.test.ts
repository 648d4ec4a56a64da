// treaty schema diff in-process: real files in a temp folder, no broker. Exit codes and findings per kind (issue #8).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../errors.ts';
import type { CliDeps } from '../io.ts';
import { runCli } from '../program.ts';

function workspace(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'treaty-schema-diff-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

async function diff(cwd: string, ...args: string[]): Promise<{ code: ExitCode; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = {
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    env: {},
    cwd,
    git: () => undefined,
    sleep: async () => undefined,
    fetch: (async () => {
      throw new Error('schema diff must not call the broker');
    }) as typeof fetch,
  };
  const code = await runCli(['node', 'treaty', 'schema', 'diff', ...args], deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const PAYMENT_V1 = `syntax = "proto3";
package payment.v1;

message ChargeResponse {
  string charge_id = 1;
  string status = 2;
}
`;

describe('treaty schema diff --kind protobuf', () => {
  it('exits 1 and names FIELD_WIRE_JSON_COMPATIBLE_TYPE with file:line:column when a field changes type (buf breaking, WIRE_JSON)', async () => {
    const dir = workspace({
      'old/payment.proto': PAYMENT_V1,
      'new/payment.proto': PAYMENT_V1.replace('string status = 2', 'int32 status = 2'),
    });
    const result = await diff(dir, '--kind', 'protobuf', 'old/payment.proto', 'new/payment.proto');
    expect(result.code).toBe(ExitCode.Failure);
    expect(result.out).toMatchInlineSnapshot(`
      "payment.proto:6:3: [FIELD_WIRE_JSON_COMPATIBLE_TYPE] Field "2" with name "status" on message "ChargeResponse" changed type from "string" to "int32". See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules and https://developers.google.com/protocol-buffers/docs/proto3#json for JSON compatibility rules.
      ✗ Breaking: 1 breaking change (protobuf, rules WIRE_JSON (default), mode BACKWARD)."
    `);
  });

  it('prints {verdict, findings[{rule, file, line, column, message}]} with --output json, and exit 0 when compatible', async () => {
    const dir = workspace({ 'a.proto': PAYMENT_V1, 'b.proto': PAYMENT_V1.replace('}\n', '  string currency = 3;\n}\n') });
    const ok = await diff(dir, '--kind', 'protobuf', 'a.proto', 'b.proto', '--output', 'json');
    expect(ok.code).toBe(ExitCode.Success);
    expect(JSON.parse(ok.out)).toEqual({ verdict: 'compatible', findings: [] });
    const broken = await diff(dir, '--kind', 'protobuf', 'b.proto', 'a.proto', '--output', 'json', '--use', 'FILE');
    expect(broken.code).toBe(ExitCode.Failure);
    expect(JSON.parse(broken.out)).toEqual({
      verdict: 'breaking',
      findings: [
        {
          rule: 'FIELD_NO_DELETE',
          file: 'a.proto',
          line: 4,
          column: 1,
          message: 'Previously present field "3" with name "currency" on message "ChargeResponse" was deleted.',
        },
      ],
    });
  });

  it('honours the buf.yaml of the folder (breaking.use / except), and --use replaces its use', async () => {
    const renamed = PAYMENT_V1.replace('string status = 2', 'string state = 2');
    const dir = workspace({
      'old/payment.proto': PAYMENT_V1,
      'new/payment.proto': renamed,
      'new/buf.yaml': 'version: v1\nbreaking:\n  use: [WIRE]\n',
    });
    // WIRE allows renames; FILE (or WIRE_JSON) does not.
    expect((await diff(dir, '--kind', 'protobuf', 'old', 'new')).code).toBe(ExitCode.Success);
    const strict = await diff(dir, '--kind', 'protobuf', 'old', 'new', '--use', 'WIRE_JSON');
    expect(strict.code).toBe(ExitCode.Failure);
    expect(strict.out).toContain('[FIELD_SAME_JSON_NAME]');
    expect(strict.out).toContain('(protobuf, rules WIRE_JSON (--use), mode BACKWARD)');
    const except = await diff(
      dir,
      '--kind',
      'protobuf',
      'old',
      'new',
      '--use',
      'WIRE_JSON',
      '--except',
      'FIELD_SAME_JSON_NAME,FIELD_SAME_NAME',
    );
    expect(except.code).toBe(ExitCode.Success);
  });

  it('checks nothing in mode NONE, and both directions in FULL', async () => {
    const dir = workspace({ 'a.proto': PAYMENT_V1, 'b.proto': PAYMENT_V1.replace('}\n', '  string currency = 3;\n}\n') });
    expect((await diff(dir, '--kind', 'protobuf', 'b.proto', 'a.proto', '--mode', 'NONE')).code).toBe(ExitCode.Success);
    // Adding a field is fine backward; FULL also reads the old version with the new one as "previous", where it is a deletion.
    const full = await diff(dir, '--kind', 'protobuf', 'a.proto', 'b.proto', '--mode', 'FULL', '--use', 'FILE');
    expect(full.code).toBe(ExitCode.Failure);
    expect(full.out).toContain('[FIELD_NO_DELETE]');
  });

  it('exits 2 naming file, line and column when a .proto does not parse', async () => {
    const dir = workspace({ 'a.proto': PAYMENT_V1, 'b.proto': PAYMENT_V1.replace('string status = 2;', 'string status = ;') });
    const result = await diff(dir, '--kind', 'protobuf', 'a.proto', 'b.proto');
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.err).toMatch(/^Error \[E113\]: This schema file is invalid \(--kind protobuf\):\n {2}b\.proto:6:\d+: illegal/m);
  });

  it('exits 2 for an unknown rule, naming it', async () => {
    const dir = workspace({ 'a.proto': PAYMENT_V1 });
    const result = await diff(dir, '--kind', 'protobuf', 'a.proto', 'a.proto', '--use', 'FIELD_SAME_COLOUR');
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.err).toContain('Unknown rule or category "FIELD_SAME_COLOUR"');
  });
});

const ORDER_PLACED = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { orderId: { type: 'string' }, amount: { type: 'number' }, currency: { type: 'string', enum: ['EUR', 'USD'] } },
  required: ['orderId'],
  additionalProperties: false,
};

describe('treaty schema diff --kind jsonschema', () => {
  it('classifies a narrowed type and a removed enum value, located in the file (BACKWARD)', async () => {
    const next = {
      ...ORDER_PLACED,
      properties: { ...ORDER_PLACED.properties, amount: { type: 'integer' }, currency: { type: 'string', enum: ['EUR'] } },
    };
    const dir = workspace({ 'v1.json': ORDER_PLACED, 'v2.json': next });
    const result = await diff(dir, '--kind', 'jsonschema', 'v1.json', 'v2.json', '--output', 'json');
    expect(result.code).toBe(ExitCode.Failure);
    const body = JSON.parse(result.out) as { verdict: string; findings: { rule: string; file: string; line: number }[] };
    expect(body.verdict).toBe('breaking');
    expect(body.findings.map((f) => [f.rule, f.file, f.line])).toEqual([
      ['TYPE_NARROWED', 'v2.json', 9],
      ['ENUM_ARRAY_NARROWED', 'v2.json', 13],
    ]);
  });

  it('accepts the same change under --mode FORWARD (old readers, new data) and reports widening as compatible', async () => {
    const next = { ...ORDER_PLACED, properties: { ...ORDER_PLACED.properties, currency: { type: 'string', enum: ['EUR'] } } };
    const dir = workspace({ 'v1.json': ORDER_PLACED, 'v2.json': next });
    expect((await diff(dir, '--kind', 'jsonschema', 'v1.json', 'v2.json', '--mode', 'FORWARD')).code).toBe(ExitCode.Success);
    expect((await diff(dir, '--kind', 'jsonschema', 'v2.json', 'v1.json')).code).toBe(ExitCode.Success);
  });

  it('exits 2 naming file:line:column for invalid JSON and for a schema invalid against its meta-schema', async () => {
    const dir = workspace({
      'ok.json': ORDER_PLACED,
      'broken.json': '{\n  "type": "object",\n  "properties": {\n}',
      'invalid.json': { type: 'object', properties: { a: { type: 'strin' } } },
    });
    const broken = await diff(dir, '--kind', 'jsonschema', 'ok.json', 'broken.json');
    expect(broken.code).toBe(ExitCode.BadInput);
    expect(broken.err).toMatch(/broken\.json:4:2: not valid JSON/);
    const invalid = await diff(dir, '--kind', 'jsonschema', 'ok.json', 'invalid.json');
    expect(invalid.code).toBe(ExitCode.BadInput);
    expect(invalid.err).toMatch(
      /invalid\.json:5:7: \/properties\/a\/type must be equal to one of the allowed values \(not a valid JSON Schema\)/,
    );
  });

  it('refuses --use for JSON Schema (Buf rules are protobuf only)', async () => {
    const dir = workspace({ 'v1.json': ORDER_PLACED });
    const result = await diff(dir, '--kind', 'jsonschema', 'v1.json', 'v1.json', '--use', 'FILE');
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.err).toContain('--use and --except select Buf rules and apply to --kind protobuf only');
  });
});

const OPENAPI = `openapi: 3.1.0
info: { title: payments, version: '1' }
paths:
  /charges:
    post:
      parameters:
        - { name: idempotency-key, in: header, required: false, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/ChargeRequest' }
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Charge' }
  /charges/{id}:
    get:
      responses: { '200': { description: ok } }
components:
  schemas:
    ChargeRequest:
      type: object
      properties: { amount: { type: integer }, currency: { type: string } }
      required: [amount]
    Charge:
      type: object
      properties: { id: { type: string }, status: { type: string, enum: [succeeded, failed] } }
      required: [id, status]
`;

describe('treaty schema diff --kind openapi', () => {
  it('reports a removed operation, a new required header and response/request schema changes per operation', async () => {
    const next = OPENAPI.replace("  /charges/{id}:\n    get:\n      responses: { '200': { description: ok } }\n", '')
      .replace('required: false', 'required: true')
      .replace('required: [amount]', 'required: [amount, currency]')
      .replace('enum: [succeeded, failed]', 'enum: [succeeded, failed, pending]');
    const dir = workspace({ 'v1/openapi.yaml': OPENAPI, 'v2/openapi.yaml': next });
    const result = await diff(dir, '--kind', 'openapi', 'v1/openapi.yaml', 'v2/openapi.yaml');
    expect(result.code).toBe(ExitCode.Failure);
    const rules = result.out
      .split('\n')
      .map((l) => /\[(\w+)\]/.exec(l)?.[1])
      .filter(Boolean);
    // A response enum that gains a value is read by old clients (FORWARD): to them the enum narrowed.
    expect(rules.sort()).toEqual(['ENUM_ARRAY_NARROWED', 'OPERATION_REMOVED', 'PARAMETER_REQUIRED_ADDED', 'REQUIRED_ATTRIBUTE_ADDED']);
    expect(result.out).toContain('openapi.yaml:19:5: [OPERATION_REMOVED] Operation GET /charges/{id} was removed.');
    expect(result.out).toContain(
      '[ENUM_ARRAY_NARROWED] POST /charges response 201 (application/json) (as read by consumers of the previous version): ',
    );
  });

  it('exits 2 when a document is not OpenAPI 3.x', async () => {
    const dir = workspace({ 'v1.yaml': OPENAPI, 'v2.yaml': 'swagger: "2.0"\npaths: {}\n' });
    const result = await diff(dir, '--kind', 'openapi', 'v1.yaml', 'v2.yaml');
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.err).toContain('v2.yaml:1:1: is Swagger 2.0; convert it to OpenAPI 3.0 or 3.1 first');
  });
});

const ORDER_EVENTS = `asyncapi: 3.0.0
info:
  title: order-service events
  version: 1.0.0
defaultContentType: application/json
channels:
  orderEvents:
    address: order-events
    messages:
      orderPlaced:
        $ref: '#/components/messages/OrderPlaced'
operations:
  publishOrderEvents:
    action: send
    channel:
      $ref: '#/channels/orderEvents'
components:
  messages:
    OrderPlaced:
      name: OrderPlaced
      payload:
        $ref: 'order-placed.json'
`;
const ORDER_PLACED_PAYLOAD = {
  type: 'object',
  additionalProperties: false,
  required: ['order_id', 'amount_cents'],
  properties: { order_id: { type: 'string' }, amount_cents: { type: 'integer' } },
};

describe('treaty schema diff --kind asyncapi (issue #13)', { timeout: 60_000 }, () => {
  it('exits 1 for a renamed payload field, naming the file that declares it with line:column; --output json has the shape of the other kinds', async () => {
    const renamed = {
      ...ORDER_PLACED_PAYLOAD,
      required: ['order_id', 'amount'],
      properties: { order_id: { type: 'string' }, amount: { type: 'integer' } },
    };
    const dir = workspace({
      'v1/asyncapi.yaml': ORDER_EVENTS,
      'v1/order-placed.json': ORDER_PLACED_PAYLOAD,
      'v2/asyncapi.yaml': ORDER_EVENTS,
      'v2/order-placed.json': renamed,
    });
    const text = await diff(dir, '--kind', 'asyncapi', 'v1', 'v2');
    expect(text.code).toBe(ExitCode.Failure);
    expect(text.out).toMatchInlineSnapshot(`
      "v1/order-placed.json:8:3: [PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL] Message orderPlaced on channel order-events payload (as read by consumers of the previous version): /properties/amount: property "amount" removed from a closed object
      v1/order-placed.json:12:5: [REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL] Message orderPlaced on channel order-events payload (as read by consumers of the previous version): /properties/amount_cents: required property "amount_cents" added
      ✗ Breaking: 2 breaking changes (asyncapi, mode BACKWARD (sent messages read by consumers, received ones by the provider))."
    `);
    const json = await diff(dir, '--kind', 'asyncapi', 'v1', 'v2', '--output', 'json');
    expect(json.code).toBe(ExitCode.Failure);
    const body = JSON.parse(json.out) as { verdict: string; findings: Array<Record<string, unknown>> };
    expect(body.verdict).toBe('breaking');
    expect(Object.keys(body.findings[0]!).sort()).toEqual(['column', 'file', 'line', 'message', 'rule']);
  });

  it('exits 0 for a compatible change (an optional field added to the open payload of a sent message), and 1 for a removed channel', async () => {
    const open = { ...ORDER_PLACED_PAYLOAD, additionalProperties: undefined };
    const withNote = { ...open, properties: { ...ORDER_PLACED_PAYLOAD.properties, note: { type: 'string' } } };
    const dir = workspace({
      'v1/asyncapi.yaml': ORDER_EVENTS,
      'v1/order-placed.json': open,
      'v2/asyncapi.yaml': ORDER_EVENTS,
      'v2/order-placed.json': withNote,
      'v3/asyncapi.yaml': ORDER_EVENTS.replace('address: order-events', 'address: orders'),
      'v3/order-placed.json': ORDER_PLACED_PAYLOAD,
    });
    const ok = await diff(dir, '--kind', 'asyncapi', 'v1', 'v2');
    expect(ok.code).toBe(ExitCode.Success);
    expect(ok.out).toContain('✓ Compatible');
    const moved = await diff(dir, '--kind', 'asyncapi', 'v1', 'v3');
    expect(moved.code).toBe(ExitCode.Failure);
    expect(moved.out).toContain('v1/asyncapi.yaml:7:3: [CHANNEL_REMOVED] Channel order-events was removed (or its address changed).');
  });

  it('exits 2 naming file:line:column when a document is not valid AsyncAPI (@asyncapi/parser), or has no AsyncAPI document', async () => {
    const dir = workspace({
      'v1/asyncapi.yaml': ORDER_EVENTS,
      'v1/order-placed.json': ORDER_PLACED_PAYLOAD,
      'v2/asyncapi.yaml': ORDER_EVENTS.replace('action: send', 'action: publish'),
      'v2/order-placed.json': ORDER_PLACED_PAYLOAD,
      'empty/order-placed.json': ORDER_PLACED_PAYLOAD,
    });
    const bad = await diff(dir, '--kind', 'asyncapi', 'v1', 'v2');
    expect(bad.code).toBe(ExitCode.BadInput);
    expect(bad.err).toMatch(/v2\/asyncapi\.yaml:14:13: "action" property must be equal to one of the allowed values: "send", "receive"/);
    const none = await diff(dir, '--kind', 'asyncapi', 'v1', 'empty');
    expect(none.code).toBe(ExitCode.BadInput);
    expect(none.err).toContain('empty: no AsyncAPI document (a file with an "asyncapi" field, e.g. asyncapi: 3.0.0)');
  });
});
