import { describe, expect, test } from 'vitest';
import { problemContentType } from './problem.ts';

describe('problemContentType: errors are problem+json, but typed HAL for the Pact Broker clients', () => {
  test.each([
    [undefined, 'application/hal+json;charset=utf-8', 'no Accept header (the Pact Broker client pacts replay requests without one)'],
    ['application/hal+json, application/json', 'application/hal+json;charset=utf-8', 'the pact-broker CLI and the Rust verifier'],
    ['application/hal+json', 'application/hal+json;charset=utf-8', 'HAL only'],
    ['application/problem+json', 'application/problem+json', 'asking for problem details'],
    ['application/hal+json, application/problem+json', 'application/problem+json', 'problem details named explicitly win'],
    ['*/*', 'application/hal+json;charset=utf-8', 'curl and the Rust pact-verifier replaying a request without Accept'],
    ['application/json', 'application/problem+json', 'a plain JSON client'],
  ])('Accept %s → %s (%s)', (accept, expected, _why) => {
    expect(problemContentType(accept)).toBe(expected);
  });
});
