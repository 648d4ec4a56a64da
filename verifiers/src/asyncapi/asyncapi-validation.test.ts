import { describe, expect, it } from 'vitest';
import { fixturePublication } from './asyncapi-fixtures.ts';
import { validateAsyncApi } from './asyncapi-validation.ts';

const replaced = (name: string, from: string, to: string) => {
  const [root, ...rest] = fixturePublication(name);
  if (!root!.content.includes(from)) throw new Error(`${name} has no ${from}`);
  return [{ path: root!.path, content: root!.content.replace(from, to) }, ...rest];
};

describe('validateAsyncApi (@asyncapi/parser)', { timeout: 60_000 }, () => {
  it.each(['orders-3.0', 'orders-2.6'])('accepts the %s fixture', async (name) => {
    expect(await validateAsyncApi(fixturePublication(name))).toEqual({
      status: 'valid',
      version: name.endsWith('3.0') ? '3.0.0' : '2.6.0',
    });
  });

  it("names the file, line and column of the parser's problems (3.0: an operation action that is neither send nor receive)", async () => {
    const result = await validateAsyncApi(replaced('orders-3.0', 'action: receive', 'action: recieve'));
    expect(result.status).toBe('invalid');
    expect(result.status === 'invalid' && result.problems).toEqual([
      {
        file: 'asyncapi.yaml',
        line: 40,
        column: 13,
        message: expect.stringMatching(
          /^"action" property must be equal to one of the allowed values: "send", "receive".*\[asyncapi-document-resolved\]$/,
        ),
      },
    ]);
  });

  it('reports a problem inside a $ref-ed file of the publication at its place in that file', async () => {
    const [root, schema] = fixturePublication('orders-3.0');
    const broken = {
      path: schema!.path,
      content: schema!.content.replace(
        '"type": "integer", "minimum": 1 },\n    "currency"',
        '"type": "int", "minimum": 1 },\n    "currency"',
      ),
    };
    const result = await validateAsyncApi([root!, broken]);
    expect(result.status === 'invalid' && result.problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual([
      'schemas/order.json:6:31',
    ]);
  });

  it('2.6: reports an operationId used twice', async () => {
    const result = await validateAsyncApi(replaced('orders-2.6', 'operationId: onPaymentFailed', 'operationId: publishOrderEvents'));
    expect(result.status === 'invalid' && result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'asyncapi.yaml:24: "operationId" must be unique across all the operations. (at channels.payments/results.publish.operationId) [asyncapi2-operation-operationId-uniqueness]',
    ]);
  });

  it('refuses a $ref to a URL or to a file outside the publication before the parser could read it', async () => {
    const result = await validateAsyncApi(replaced('orders-3.0', "$ref: 'schemas/order.json'", "$ref: 'https://example.com/order.json'"));
    expect(result).toEqual({
      status: 'invalid',
      problems: [
        {
          file: 'asyncapi.yaml',
          line: 51,
          column: 9,
          message:
            '$ref "https://example.com/order.json" points outside the publication (Treaty does not fetch URLs); add the file to the publication and $ref it by path',
        },
      ],
    });
    const outside = await validateAsyncApi(replaced('orders-3.0', "$ref: 'schemas/order.json'", "$ref: '../../etc/passwd'"));
    expect(outside.status === 'invalid' && outside.problems[0]?.message).toMatch(
      /names "\.\.\/\.\.\/etc\/passwd", which is not a file of this publication/,
    );
  });

  it('reports syntax errors with their line and column, and a document that is not AsyncAPI', async () => {
    expect(await validateAsyncApi([{ path: 'events.yaml', content: 'asyncapi: 3.0.0\ninfo:\n  title: a\n\ttitle: b\n' }])).toMatchObject({
      status: 'invalid',
      problems: [{ file: 'events.yaml', line: 4, column: 1, message: expect.stringContaining('not valid YAML') }],
    });
    expect(await validateAsyncApi([{ path: 'events.json', content: '{"asyncapi": "3.0.0"\n "info": {}}' }])).toMatchObject({
      status: 'invalid',
      problems: [{ file: 'events.json', line: 2, column: 2, message: expect.stringContaining('not valid JSON') }],
    });
    expect(await validateAsyncApi([{ path: 'openapi.yaml', content: 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\n' }])).toEqual({
      status: 'invalid',
      problems: [
        {
          file: 'openapi.yaml',
          line: 1,
          column: 1,
          message: 'is not an AsyncAPI document: it has no "asyncapi" field (e.g. asyncapi: 3.0.0)',
        },
      ],
    });
    expect(await validateAsyncApi([{ path: 'a.yaml', content: 'asyncapi: 1.2.0\ninfo: {title: t, version: "1"}\n' }])).toMatchObject({
      status: 'invalid',
      problems: [{ line: 1, column: 1, message: 'AsyncAPI version "1.2.0" is not supported; use 2.x (e.g. 2.6.0) or 3.x (e.g. 3.0.0)' }],
    });
  });

  it('validates concurrent publications separately (each $ref resolves in its own files)', async () => {
    const [a, b] = await Promise.all([
      validateAsyncApi(fixturePublication('orders-3.0')),
      validateAsyncApi(replaced('orders-3.0', 'action: receive', 'action: recieve')),
    ]);
    expect(a.status).toBe('valid');
    expect(b.status).toBe('invalid');
  });
});
