import express from 'express';
import supertest from 'supertest';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../logger.ts';
import { errorHandler, problemContentType } from './problem.ts';

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

describe('errorHandler: a statement timeout is overload, not a bug', () => {
  test('SQLSTATE 57014 (statement_timeout) → 503 problem+json with Retry-After, not 500', async () => {
    const app = express();
    app.get('/slow', () => {
      throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    });
    app.use(errorHandler(createLogger({ logLevel: 'silent' })));
    const res = await supertest(app).get('/slow').set('Accept', 'application/problem+json');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.body).toMatchObject({ status: 503, type: 'https://treaty.dev/problems/service-unavailable' });
    expect(res.body.detail).toContain('TREATY_DB_STATEMENT_TIMEOUT_MS');
  });
});
