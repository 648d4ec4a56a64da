/**
 * PactFlow's own fixtures for its pact-against-OpenAPI comparator (pactflow/openapi-pact-comparator,
 * `src/__tests__/fixtures/`, MIT; see fixtures/bidirectional/README.md): Treaty's check must reach the same verdict
 * (any error or none) and report the same errors (interaction and swagger-mock-validator code) as results.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOpenApi } from '../src/openapi/openapi-document.ts';
import { comparePactWithOpenApi, type OpenApiFinding } from '../src/openapi/pact-vs-openapi.ts';

const FIXTURES_DIR = join(import.meta.dirname, 'fixtures', 'bidirectional');

/** Fixtures where Treaty's verdict deliberately or knowingly differs from PactFlow's (folder → why). */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {};

/** Fixtures with the same verdict but not the same errors (folder → why). */
const KNOWN_ERROR_DIFFERENCES: Readonly<Record<string, string>> = {
  'example-petstore-invalid':
    'Treaty also reports request.authorization.missing for the POST /pet whose oauth2 scheme (petstore_auth) gets no Authorization header; PactFlow reports only the undefined 201 status there',
};

interface ExpectedFinding {
  readonly code: string;
  readonly type: 'error' | 'warning';
  readonly mockDetails?: { readonly location?: string };
}

interface FixtureOutcome {
  readonly fixture: string;
  readonly expectedError: boolean;
  readonly treatyError: boolean;
  /** `<interaction index> <code>` of each error, sorted and without duplicates */
  readonly expectedErrors: readonly string[];
  readonly treatyErrors: readonly string[];
}

const interactionOf = (location: string | undefined): string => /interactions\[(\d+)\]/.exec(location ?? '')?.[1] ?? '-';
const uniqueSorted = (values: readonly string[]): string[] => [...new Set(values)].sort();

function runFixture(fixture: string): FixtureOutcome {
  const dir = join(FIXTURES_DIR, fixture);
  const expected = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as ExpectedFinding[];
  const pact = JSON.parse(readFileSync(join(dir, 'pact.json'), 'utf8')) as unknown;
  const parsed = parseOpenApi('oas.yaml', readFileSync(join(dir, 'oas.yaml'), 'utf8'));
  const findings: readonly OpenApiFinding[] = parsed.status === 'ok' ? comparePactWithOpenApi(pact, parsed.document).findings : [];
  const expectedErrors = uniqueSorted(
    expected.filter((f) => f.type === 'error').map((f) => `${interactionOf(f.mockDetails?.location)} ${f.code}`),
  );
  const treatyErrors = uniqueSorted(findings.filter((f) => f.severity === 'error').map((f) => `${interactionOf(f.location)} ${f.code}`));
  return { fixture, expectedError: expectedErrors.length > 0, treatyError: treatyErrors.length > 0, expectedErrors, treatyErrors };
}

const fixtures = readdirSync(FIXTURES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const outcomes = fixtures.map(runFixture);
const agreeing = outcomes.filter((o) => o.expectedError === o.treatyError);
const oasOutcomes = outcomes.filter((o) => o.fixture !== 'oas-allOf-with-references');
console.log(
  `[bidirectional fixtures] same verdict as PactFlow on ${oasOutcomes.filter((o) => o.expectedError === o.treatyError).length}/${oasOutcomes.length} oas/* fixtures` +
    ` (${agreeing.length}/${outcomes.length} with oas-allOf-with-references)`,
);

describe('PactFlow openapi-pact-comparator fixtures (src/__tests__/fixtures/oas)', () => {
  it('holds the 43 oas/* folders and oas-allOf-with-references', () => {
    expect(fixtures).toHaveLength(44);
  });

  it(`reaches PactFlow's verdict on ${agreeing.length} of ${outcomes.length} fixtures, every one but the known differences`, () => {
    expect(agreeing.length).toBe(outcomes.length - Object.keys(KNOWN_DIFFERENCES).length);
  });

  describe.each(outcomes)('$fixture', (o) => {
    const verdict = (error: boolean): string => (error ? 'incompatible' : 'compatible');
    if (o.fixture in KNOWN_DIFFERENCES) {
      it(`still differs from PactFlow (${KNOWN_DIFFERENCES[o.fixture] ?? ''}); remove it from KNOWN_DIFFERENCES once fixed`, () => {
        expect(verdict(o.treatyError)).not.toBe(verdict(o.expectedError));
      });
      return;
    }
    it(`is ${verdict(o.expectedError)}, as PactFlow says`, () => {
      expect(verdict(o.treatyError)).toBe(verdict(o.expectedError));
    });
    if (o.fixture in KNOWN_ERROR_DIFFERENCES) {
      it(`reports every error PactFlow reports, plus known extras (${KNOWN_ERROR_DIFFERENCES[o.fixture] ?? ''})`, () => {
        expect(o.treatyErrors).toEqual(expect.arrayContaining([...o.expectedErrors]));
        expect(o.treatyErrors).not.toEqual(o.expectedErrors);
      });
    } else {
      it('reports the same errors (interaction and code) as PactFlow', () => {
        expect(o.treatyErrors).toEqual(o.expectedErrors);
      });
    }
  });
});
