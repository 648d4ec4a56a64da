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
});
