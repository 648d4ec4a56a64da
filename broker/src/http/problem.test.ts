import express from 'express';
import pino from 'pino';
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

describe('errorHandler: every error becomes a problem document, never a stack trace', () => {
  const app = express();
  const throwing = (error: unknown) => () => {
    throw error;
  };
  app.get('/boom', throwing(new Error('secret detail in /srv/treaty/broker/src/x.ts')));
  app.get('/range', throwing(new RangeError('Maximum call stack size exceeded')));
  app.get('/http-411', throwing(Object.assign(new Error('length required'), { status: 411, expose: true })));
  app.get('/zlib', throwing(Object.assign(new Error('incorrect header check'), { status: 400, code: 'Z_DATA_ERROR' })));
  app.get('/uri', throwing(Object.assign(new URIError("Failed to decode param '%ff'"), { status: 400 })));
  app.get('/not-an-error', throwing('a string'));
  app.use(errorHandler(pino({ level: 'silent' })));

  test.each([
    ['/boom', 500, /Something went wrong on the broker/],
    ['/range', 500, /Something went wrong on the broker/],
    ['/not-an-error', 500, /Something went wrong on the broker/],
    ['/http-411', 411, /length required/],
    ['/zlib', 400, /could not be decoded with its Content-Encoding \(incorrect header check\)/],
    ['/uri', 400, /Failed to decode param/],
  ])('GET %s → %i', async (path, status, detail) => {
    const res = await supertest(app).get(path).set('Accept', 'application/problem+json');
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
    expect(res.body.detail).toMatch(detail);
    expect(res.text).not.toMatch(/secret detail|\.ts:\d+|\n\s+at /);
  });
});
