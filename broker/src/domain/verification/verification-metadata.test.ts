import { describe, expect, test } from 'vitest';
import { decodePactMetadata } from '../pacts/pact-metadata.ts';
import type { VerifiablePact } from './verifiable-pacts.ts';
import { decodeVerificationMetadata, encodeVerificationMetadata, parseRackQuery } from './verification-metadata.ts';

const pact = (wip: boolean, pending: boolean | undefined): VerifiablePact => ({
  consumer: { id: 1, name: 'Foo', mainBranch: 'main' },
  providerName: 'Bar',
  pactVersion: { id: 1, sha: 'abc' },
  consumerVersion: { id: 7, number: '2' },
  selectors: [
    { selector: { kind: 'branch', branch: 'feat/x' }, consumerVersion: { id: 7, number: '2' }, fallbackUsed: false },
    {
      selector: { kind: 'deployed' },
      consumerVersion: { id: 5, number: '1' },
      environment: { name: 'prod', production: true },
      fallbackUsed: false,
    },
  ],
  pending: pending === undefined ? undefined : { pending, pendingProviderTags: [], nonPendingProviderTags: [], providerBranch: 'main' },
  wip,
});

describe('verification metadata (PB pacts/metadata.rb)', () => {
  test.each([
    ['a pending pact', pact(false, true), { wip: false, pending: true, consumerVersionIds: [7, 5] }],
    ['a non-pending pact', pact(false, false), { wip: false, pending: false, consumerVersionIds: [7, 5] }],
    ['without pending status', pact(false, undefined), { wip: false, pending: undefined, consumerVersionIds: [7, 5] }],
    ['a WIP pact', pact(true, true), { wip: true, pending: undefined, consumerVersionIds: [] }],
  ])('round-trips %s, in a path-safe segment', (_name, p, expected) => {
    const segment = encodeVerificationMetadata(p);
    expect(segment).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeVerificationMetadata(segment)).toMatchObject(expected);
  });

  test('is readable by the verification-results route (decodePactMetadata)', () => {
    expect(decodePactMetadata(encodeVerificationMetadata(pact(false, true)))).toMatchObject({ wip: false, pending: true });
    expect(decodePactMetadata(encodeVerificationMetadata(pact(true, true))).wip).toBe(true);
  });

  test('decodes the Pact Broker’s own plain-base64 segment', () => {
    const segment = Buffer.from('s[][b]=main&s[][l]=true&s[][cv]=12&p=false').toString('base64');
    expect(decodeVerificationMetadata(segment)).toEqual({
      wip: false,
      pending: false,
      selectors: [{ branch: 'main', latest: true, consumerVersionId: 12 }],
      consumerVersionIds: [12],
    });
  });

  test.each([
    ['garbage', '!!!'],
    ['missing', undefined],
  ])('never fails on %s', (_name, segment) => {
    expect(decodeVerificationMetadata(segment)).toMatchObject({ wip: false, pending: undefined });
  });

  test('parseRackQuery starts a new hash when a field repeats (Rack parse_nested_query)', () => {
    expect(parseRackQuery('s[][b]=a&s[][cv]=1&s[][b]=b&s[][cv]=2&w=true')).toEqual({
      s: [
        { b: 'a', cv: '1' },
        { b: 'b', cv: '2' },
      ],
      w: 'true',
    });
  });
});
