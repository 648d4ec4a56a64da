import { describe, expect, test } from 'vitest';
import {
  boundedMarkdown,
  checkRunOutputFor,
  escapeMarkdown,
  GITHUB_OUTPUT_MAX_CHARS,
  parseTestResults,
  type GitHubVerificationEvent,
} from './check-run.ts';

const failed: GitHubVerificationEvent = {
  kind: 'verification',
  providerName: 'payment-service',
  providerVersionNumber: '11.0.0',
  success: false,
};
const passed: GitHubVerificationEvent = { ...failed, success: true };
const ctx = {
  consumerName: 'order-service',
  consumerVersionNumber: 'abc123',
  detailsUrl: 'https://treaty.example.org/ui/pacts/payment-service/order-service/abc123',
  buildUrl: null,
};

// Shapes as the verifiers publish them (testResults of POST .../verification-results).
const rustResults = [
  { interactionId: 'a1', interactionDescription: 'a request for order 1', success: true },
  {
    interactionId: 'a2',
    interactionDescription: 'a request to pay',
    success: false,
    mismatches: [
      { type: 'StatusMismatch', expected: 201, actual: 500, mismatch: 'expected 201 but was 500' },
      {
        type: 'BodyMismatch',
        path: '$.amount',
        expected: '10',
        actual: '"ten"',
        mismatch: "Expected '10' (Integer) but received '\"ten\"' (String)",
      },
    ],
  },
  { interactionId: 'a3', success: false, exceptions: [{ message: 'connection refused' }] },
  { interactionId: 'a4', interactionDescription: 'a refund', success: true },
  {
    interactionId: 'a5',
    interactionDescription: 'a header check',
    success: false,
    mismatches: [{ type: 'HeaderMismatch', key: 'Content-Type', expected: 'application/json', actual: 'text/plain' }],
  },
];
const jvmResults = [
  {
    interactionId: 'abc',
    interactionDescription: 'a request for the thing',
    success: false,
    mismatches: [{ attribute: 'body', identifier: '$.id', description: 'Expected 1 but got 2' }],
  },
];
const rubyResults = {
  tests: [
    {
      testDescription: 'has status code 200',
      interactionDescription: 'a request for an order',
      interactionProviderState: 'an order exists',
      status: 'passed',
    },
    {
      testDescription: 'has a matching body',
      interactionDescription: 'a request for an order',
      interactionProviderState: 'an order exists',
      status: 'failed',
      exception: {
        class: 'RSpec::Expectations::ExpectationNotMetError',
        message: 'Diff\n--------------------------------------\n-  "id": 1\n+  "id": 2',
      },
    },
  ],
  summary: { testCount: 2, failureCount: 1 },
};
const treatyFindings = {
  summary: { testCount: 2, failureCount: 1 },
  findings: [
    {
      rule: 'RESPONSE_FIELD_MISSING',
      file: 'openapi.yaml',
      line: 42,
      column: 7,
      message: 'GET /orders/{id} 200: the pact expects $.total, which the OpenAPI response does not define',
      severity: 'error',
    },
    { rule: 'UNDECIDED', file: null, line: null, column: null, message: 'a note', severity: 'warning' },
  ],
};

describe('reading published test results', () => {
  test.each([
    ['Pact Rust array', rustResults, 'interactions', 5, 3],
    ['pact-jvm array', jvmResults, 'interactions', 1, 1],
    ['Ruby verifier tests', rubyResults, 'interactions', 2, 1],
    ["Treaty's pact-against-OpenAPI findings", treatyFindings, 'findings', 2, 1],
  ])('%s', (_name, results, shape, total, failures) => {
    const parsed = parseTestResults(results);
    expect(parsed.shape).toBe(shape);
    if (parsed.shape === 'unknown') return;
    expect(parsed.total).toBe(total);
    expect(parsed.failed).toHaveLength(failures);
  });

  test.each([[undefined], [null], [[]], [{}], ['a string'], [[{ no: 'success flag' }]], [{ tests: 'nope' }], [42]])(
    '%j is shown as the outcome only',
    (results) => {
      expect(parseTestResults(results)).toEqual({ shape: 'unknown' });
    },
  );

  test('mismatches become "<what> <where>: <message>" and exceptions "error: <message>"', () => {
    const parsed = parseTestResults([...rustResults, ...jvmResults]);
    expect(parsed.shape === 'interactions' && parsed.failed).toEqual([
      {
        name: 'a request to pay',
        problems: ['status: expected 201 but was 500', "body $.amount: Expected '10' (Integer) but received '\"ten\"' (String)"],
      },
      { name: 'interaction a3', problems: ['error: connection refused'] },
      { name: 'a header check', problems: ['header Content-Type: expected "application/json", got "text/plain"'] },
      { name: 'a request for the thing', problems: ['body $.id: Expected 1 but got 2'] },
    ]);
  });
});

describe('the check run output', () => {
  test('a failed verification: title with the counts, the failed interactions in summary and text', () => {
    const out = checkRunOutputFor(failed, rustResults, ctx);
    expect(out.title).toBe('payment-service 11.0.0 verified the pact: 3 of 5 interactions failed');
    expect(out.summary).toMatchInlineSnapshot(`
      "**payment-service 11.0.0** failed to verify the pact of order-service abc123.

      [Open the verification in Treaty](https://treaty.example.org/ui/pacts/payment-service/order-service/abc123)

      ### Failed interactions (3 of 5)

      - a request to pay
      - interaction a3
      - a header check"
    `);
    expect(out.text).toMatchInlineSnapshot(`
      "#### a request to pay
      - status: expected 201 but was 500
      - body $.amount: Expected '10' \\(Integer\\) but received '"ten"' \\(String\\)

      #### interaction a3
      - error: connection refused

      #### a header check
      - header Content-Type: expected "application/json", got "text/plain""
    `);
  });

  test('a multi-line Ruby diff goes in a fenced block, with the provider state in the name', () => {
    const out = checkRunOutputFor(failed, rubyResults, { ...ctx, buildUrl: 'https://ci.example.org/build/7' });
    expect(out.title).toBe('payment-service 11.0.0 verified the pact: 1 of 2 interactions failed');
    expect(out.summary).toContain('[provider build](https://ci.example.org/build/7)');
    expect(out.text).toContain('#### a request for an order \\(given an order exists\\)');
    expect(out.text).toContain('  ```\n  Diff\n');
  });

  test("Treaty's OpenAPI check lists the breaking changes with rule and file:line; warnings are left out", () => {
    const out = checkRunOutputFor(failed, treatyFindings, ctx);
    expect(out.title).toBe('payment-service 11.0.0 (OpenAPI) breaks the pact: 1 breaking change');
    expect(out.summary).toContain('### Breaking changes (1 of 2)');
    expect(out.text).toContain(
      '#### RESPONSE\\_FIELD\\_MISSING \\(openapi.yaml:42\\)\n- GET /orders/\\{id\\} 200: the pact expects $.total',
    );
    expect(out.text).not.toContain('a note');
  });

  test('a passed verification, and results Treaty cannot read, show just the outcome', () => {
    expect(
      checkRunOutputFor(
        passed,
        rustResults.filter((r) => r.success),
        ctx,
      ).title,
    ).toBe('payment-service 11.0.0 verified the pact: all 2 interactions passed');
    const unknown = checkRunOutputFor(failed, { something: 'else' }, ctx);
    expect(unknown.title).toBe('payment-service 11.0.0 verified the pact: failed');
    expect(unknown.text).toContain('The verifier published no per-interaction results Treaty can read.');
    expect(checkRunOutputFor(passed, undefined, ctx).title).toBe('payment-service 11.0.0 verified the pact: passed');
  });

  test('a failure without details says so', () => {
    expect(checkRunOutputFor(failed, [{ interactionId: 'x', success: false }], ctx).text).toBe(
      '#### interaction x\n- failed; the verifier published no details',
    );
  });

  test('names are escaped so they cannot inject Markdown or HTML', () => {
    expect(escapeMarkdown('<img src=x> *bold* [link](y)\nnext')).toBe('\\<img src=x\\> \\*bold\\* \\[link\\]\\(y\\) next');
  });
});

describe("staying under GitHub's 65 535 characters", () => {
  const many = Array.from({ length: 2_000 }, (_, i) => ({
    interactionId: `i${i}`,
    interactionDescription: `interaction number ${i}`,
    success: false,
    mismatches: [{ type: 'BodyMismatch', path: '$.x', mismatch: 'x'.repeat(200) }],
  }));

  test('long text is cut between interactions with a note that links to Treaty', () => {
    const out = checkRunOutputFor(failed, many, ctx);
    expect(out.text.length).toBeLessThanOrEqual(GITHUB_OUTPUT_MAX_CHARS);
    expect(out.summary.length).toBeLessThanOrEqual(GITHUB_OUTPUT_MAX_CHARS);
    expect(out.text).toMatch(
      /_Truncated: \d+ more entries not shown \(GitHub keeps 65535 characters\); see \[the verification in Treaty\]\(https:\/\/treaty\.example\.org\/ui\/pacts\/payment-service\/order-service\/abc123\)\._$/,
    );
    expect(out.summary).toContain('- … and 1980 more');
  });

  test('the note fits at any limit; a single block too large is replaced by the note', () => {
    for (const max of [60, 100, 150]) {
      const text = boundedMarkdown(['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)], max, (left) => `[${left} left]`);
      expect(text.length).toBeLessThanOrEqual(max);
      expect(text).toMatch(/\[\d left\]$|c$/);
    }
    expect(boundedMarkdown(['x'.repeat(100)], 50, (left) => `[${left} left]`)).toBe('[1 left]');
    expect(boundedMarkdown(['short', 'also short'], 100, () => 'never')).toBe('short\n\nalso short');
  });
});
