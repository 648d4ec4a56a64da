import { describe, expect, test } from 'vitest';
import { decodePactMetadata, encodePactMetadata } from './pact-metadata.ts';

describe('decodePactMetadata (pact URLs from pacts-for-verification)', () => {
  test.each([
    ['base64url JSON written by encodePactMetadata', encodePactMetadata({ w: true, cvn: '1.2.3' }), true, '1.2.3'],
    ['base64 of a Rack query string (Pact Broker)', Buffer.from('w=true&cvn=abc').toString('base64'), true, 'abc'],
    ['no WIP flag', encodePactMetadata({ cvn: '1' }), false, '1'],
    ['garbage', '!!!', false, undefined],
    ['missing', undefined, false, undefined],
  ])('%s', (_name, segment, wip, cvn) => {
    const metadata = decodePactMetadata(segment);
    expect(metadata.wip).toBe(wip);
    expect(metadata.consumerVersionNumber).toBe(cvn);
  });
});
