import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../app.tsx';
import type { SchemaSubjectData } from '../graphql/documents/schema.ts';
import { at, fakeGraphql, type FakeGraphql } from '../test-support.ts';

const breaking = {
  rule: 'FIELD_WIRE_JSON_COMPATIBLE_TYPE',
  file: 'payment/v1/payment.proto',
  line: 17,
  column: 3,
  message: 'Field "2" with name "status" on message "ChargeResponse" changed type from "string" to "int32".',
  severity: 'error',
};

const subject: NonNullable<SchemaSubjectData['schemaSubject']> = {
  name: 'payment.v1.PaymentService',
  kind: 'protobuf',
  compatibility: 'BACKWARD',
  providers: ['payment-service'],
  consumers: ['order-service'],
  schemas: [
    {
      version: '12.0.0',
      role: 'provider',
      kind: 'protobuf',
      sha: 'aa11bb22cc33dd44',
      publishedAt: '2024-05-02T10:00:00.000Z',
      pacticipant: { name: 'payment-service' },
      files: [{ path: 'payment/v1/payment.proto', content: 'message ChargeResponse {\n  int32 status = 2;\n}' }],
      diff: { previousVersion: '11.0.0', verdict: 'breaking', reasons: [], findings: [breaking] },
      lastCheck: {
        kind: 'consumer-schema',
        verdict: 'breaking',
        consumerName: 'order-service',
        consumerVersion: '2.0.0',
        providerName: 'payment-service',
        providerVersion: '12.0.0',
        checkedAt: '2024-05-02T10:01:00.000Z',
        findings: [breaking],
      },
      asyncApi: null,
    },
    {
      version: '11.0.0',
      role: 'provider',
      kind: 'protobuf',
      sha: 'ee55ff66',
      publishedAt: '2024-05-01T10:00:00.000Z',
      pacticipant: { name: 'payment-service' },
      files: [{ path: 'payment/v1/payment.proto', content: 'message ChargeResponse {\n  string status = 2;\n}' }],
      diff: null,
      lastCheck: null,
      asyncApi: null,
    },
  ],
  checks: [],
};

/** order-service's AsyncAPI document (issue #13): 1.1.0 renamed a payload field; payment-service's message pact fails against it. */
const payloadFinding = {
  rule: 'message.payload.incompatible',
  file: 'asyncapi.yaml',
  line: 36,
  column: 7,
  message:
    'an OrderPlaced event: Contents are incompatible with the payload schema of message orderPlaced: (root) must NOT have additional properties ("amount_cents")',
  severity: 'error',
};
const events: NonNullable<SchemaSubjectData['schemaSubject']> = {
  name: 'order-service/events',
  kind: 'asyncapi',
  compatibility: 'BACKWARD',
  providers: ['order-service'],
  consumers: [],
  schemas: [
    {
      version: '1.1.0',
      role: 'provider',
      kind: 'asyncapi',
      sha: 'ab12cd34ef56',
      publishedAt: '2024-05-03T10:00:00.000Z',
      pacticipant: { name: 'order-service' },
      files: [{ path: 'asyncapi.yaml', content: 'asyncapi: 3.0.0' }],
      diff: {
        previousVersion: '1.0.0',
        verdict: 'breaking',
        reasons: [],
        findings: [
          {
            rule: 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
            file: 'order-placed.schema.json (previous version)',
            line: 33,
            column: 5,
            message:
              'Message orderPlaced on channel order-events payload (as read by consumers of the previous version): /properties/amount_cents: required property "amount_cents" added',
            severity: 'error',
          },
        ],
      },
      lastCheck: null,
      asyncApi: {
        version: '3.0.0',
        title: 'order-service events',
        channels: [
          {
            id: 'orderEvents',
            address: 'order-events',
            messages: [{ id: 'orderPlaced', name: 'OrderPlaced', title: 'Order placed', contentType: 'application/json' }],
            operations: [{ id: 'publishOrderPlaced', action: 'send', messages: ['orderPlaced'] }],
          },
        ],
      },
    },
  ],
  checks: [
    {
      kind: 'pact-asyncapi',
      verdict: 'breaking',
      consumerName: 'payment-service',
      consumerVersion: '1.0.0',
      providerName: 'order-service',
      providerVersion: '1.1.0',
      checkedAt: '2024-05-03T10:00:05.000Z',
      findings: [payloadFinding],
    },
    // a check of another provider version is not shown with this one
    {
      kind: 'pact-asyncapi',
      verdict: 'compatible',
      consumerName: 'billing',
      consumerVersion: '9.0.0',
      providerName: 'order-service',
      providerVersion: '1.0.0',
      checkedAt: '2024-05-02T10:00:05.000Z',
      findings: [],
    },
  ],
};

let graphql: FakeGraphql | undefined;
afterEach(() => graphql?.restore());

describe('Schema view', () => {
  test('shows the subject, the content, the diff with the previous version and the breaking changes of the last check', async () => {
    graphql = fakeGraphql(() => ({ data: { schemaSubject: subject } }));
    at(`/ui/schemas/${encodeURIComponent('payment.v1.PaymentService')}`);
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'payment.v1.PaymentService' })).toBeTruthy();
    expect(graphql.calls[0]!.variables).toEqual({ name: 'payment.v1.PaymentService' });
    expect(screen.getByText('protobuf schema · compatibility BACKWARD')).toBeTruthy();
    expect(screen.getByLabelText('File payment/v1/payment.proto').textContent).toContain('int32 status = 2;');
    const lastCheck = screen.getByRole('table', { name: 'Breaking changes found by the last check' });
    expect(within(lastCheck).getByText('FIELD_WIRE_JSON_COMPATIBLE_TYPE')).toBeTruthy();
    expect(within(lastCheck).getByText('payment/v1/payment.proto:17')).toBeTruthy();
    const diff = screen.getByRole('table', { name: 'Changes since the previous version' });
    expect(diff.textContent).toContain('changed type from "string" to "int32"');
    expect(screen.getByRole('link', { name: 'order-service' }).getAttribute('href')).toBe('/ui/pacticipants/order-service');
  });

  test('choosing an earlier publication shows its content; the first one has nothing to diff', async () => {
    graphql = fakeGraphql(() => ({ data: { schemaSubject: subject } }));
    at('/ui/schemas/payment.v1.PaymentService');
    render(<App />);
    fireEvent.change(await screen.findByLabelText('Publication'), { target: { value: '1' } });
    expect(screen.getByLabelText('File payment/v1/payment.proto').textContent).toContain('string status = 2;');
    expect(screen.getByText(/This is the first provider schema payment-service published/)).toBeTruthy();
    expect(screen.getByText('Treaty has not checked this content yet.')).toBeTruthy();
  });

  test('a subject with a slash survives the deep link (order-events/OrderPlaced)', async () => {
    graphql = fakeGraphql(() => ({ data: { schemaSubject: null } }));
    at(`/ui/schemas/${encodeURIComponent('order-events/OrderPlaced')}`);
    render(<App />);
    expect(await screen.findByText('There is no schema subject named order-events/OrderPlaced.')).toBeTruthy();
    expect(graphql.calls[0]!.variables).toEqual({ name: 'order-events/OrderPlaced' });
  });

  test('an AsyncAPI subject shows its channels and messages, and the consumer pacts checked against the selected version with their findings', async () => {
    graphql = fakeGraphql(() => ({ data: { schemaSubject: events } }));
    at(`/ui/schemas/${encodeURIComponent('order-service/events')}`);
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'order-service/events' })).toBeTruthy();
    expect(screen.getByText('asyncapi schema · compatibility BACKWARD')).toBeTruthy();
    const channels = screen.getByRole('table', { name: 'Channels and messages of the AsyncAPI document' });
    expect(within(channels).getByText('order-events')).toBeTruthy();
    expect(within(channels).getByText('OrderPlaced')).toBeTruthy();
    expect(within(channels).getByText('publishOrderPlaced')).toBeTruthy();
    expect(screen.getByText('AsyncAPI 3.0.0 · order-service events')).toBeTruthy();
    const pact = screen.getByRole('table', { name: 'Findings of the pact of payment-service' });
    expect(within(pact).getByText('message.payload.incompatible')).toBeTruthy();
    expect(within(pact).getByText('asyncapi.yaml:36')).toBeTruthy();
    expect(pact.textContent).toContain('must NOT have additional properties ("amount_cents")');
    expect(screen.queryByRole('table', { name: 'Findings of the pact of billing' })).toBeNull();
    const diff = screen.getByRole('table', { name: 'Changes since the previous version' });
    expect(within(diff).getByText('REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL')).toBeTruthy();
  });
});
