// The check run Treaty creates on a consumer's commit for a verification (opt-in, TREATY_GITHUB_CHECK_RUNS):
// its conclusion and a Markdown title / summary / text listing the failed interactions and their mismatches.
// The details come from the verification's `testResults`, which the broker stores as the verifier sent them.
// Shapes understood (anything else: only the outcome is shown):
//  * Pact Rust (pact-js 10+, pact-python, pact-go) and pact-jvm: an array of
//    { interactionId, interactionDescription?, success, mismatches?: [...], exceptions?: [{ message }] };
//    Rust mismatches are { type: 'BodyMismatch', path?, key?, parameter?, expected, actual, mismatch? },
//    pact-jvm's are { attribute, identifier?, description };
//  * the Ruby verifier (pact-provider-verifier, pact-js 9 and older): { tests: [{ status, interactionDescription,
//    interactionProviderState?, testDescription, exception?: { message } }], summary: { testCount, failureCount } };
//  * Treaty's own pact-against-OpenAPI check: { summary, findings: [{ rule, file, line, message, severity }] }.
import type { StatusEvent } from './commit-status.ts';

/** The verification a check run reports: the same facts as its commit status. */
export type GitHubVerificationEvent = Extract<StatusEvent, { kind: 'verification' }>;

export interface CheckRunOutput {
  title: string;
  /** Markdown, at most `maxChars`. */
  summary: string;
  /** Markdown, at most `maxChars`; the per-interaction details. */
  text: string;
}

/** GitHub rejects output.summary and output.text longer than this. */
export const GITHUB_OUTPUT_MAX_CHARS = 65_535;
const MAX_TITLE = 255;
const MAX_PROBLEM = 2_000;
const MAX_NAMES_IN_SUMMARY = 20;

interface FailedItem {
  name: string;
  problems: string[];
}

/** What the test results say, normalised. */
export type ParsedResults =
  | { shape: 'interactions'; total: number; failed: FailedItem[] }
  | { shape: 'findings'; total: number; failed: FailedItem[] }
  | { shape: 'unknown' };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const show = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));
/** Expected and actual values as JSON, so "10" and 10 read differently. */
const asJson = (v: unknown): string => JSON.stringify(v) ?? 'nothing';

/** Rust's `BodyMismatch` -> "body"; pact-jvm's attribute is already a word. */
function mismatchWhat(m: Json): string {
  const type = str(m.type)
    ?.replace(/Mismatch$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const where = str(m.path) ?? str(m.key) ?? str(m.parameter) ?? str(m.identifier);
  const what = type ?? str(m.attribute) ?? 'mismatch';
  return where ? `${what} ${where}` : what;
}

function mismatchText(m: unknown): string {
  if (!isObject(m)) return show(m);
  const message = str(m.mismatch) ?? str(m.description) ?? str(m.message);
  const detail =
    message ?? ('expected' in m || 'actual' in m ? `expected ${asJson(m.expected)}, got ${asJson(m.actual)}` : JSON.stringify(m));
  return `${mismatchWhat(m)}: ${detail}`;
}

function exceptionText(e: unknown): string {
  if (!isObject(e)) return `error: ${show(e)}`;
  return `error: ${str(e.message) ?? str(e.exceptionClass) ?? JSON.stringify(e)}`;
}

function fromInteractionArray(items: unknown[]): ParsedResults | undefined {
  if (!items.every((i) => isObject(i) && typeof i.success === 'boolean')) return undefined;
  const failed = (items as Json[]).flatMap((item, index): FailedItem[] => {
    if (item.success === true) return [];
    const id = str(item.interactionId) ?? str(item.interactionKey);
    const name = str(item.interactionDescription) ?? str(item.description) ?? (id ? `interaction ${id}` : `interaction #${index + 1}`);
    const mismatches = Array.isArray(item.mismatches) ? item.mismatches.map(mismatchText) : [];
    const exceptions = Array.isArray(item.exceptions) ? item.exceptions.map(exceptionText) : [];
    return [{ name, problems: [...mismatches, ...exceptions] }];
  });
  return { shape: 'interactions', total: items.length, failed };
}

function fromRubyTests(tests: unknown[], summary: unknown): ParsedResults | undefined {
  if (!tests.every((t) => isObject(t) && typeof t.status === 'string')) return undefined;
  const failed = (tests as Json[]).flatMap((test, index): FailedItem[] => {
    if (test.status === 'passed' || test.status === 'pending') return [];
    const description = str(test.interactionDescription) ?? str(test.testDescription) ?? `interaction #${index + 1}`;
    const state = str(test.interactionProviderState);
    const exception = isObject(test.exception) ? str(test.exception.message) : undefined;
    return [{ name: state ? `${description} (given ${state})` : description, problems: exception ? [exception] : [] }];
  });
  const count = isObject(summary) && typeof summary.testCount === 'number' ? summary.testCount : tests.length;
  return { shape: 'interactions', total: Math.max(count, tests.length), failed };
}

function fromFindings(findings: unknown[]): ParsedResults | undefined {
  if (!findings.every((f) => isObject(f) && typeof f.message === 'string')) return undefined;
  const failed = (findings as Json[])
    .filter((f) => f.severity !== 'warning' && f.severity !== 'info')
    .map((f): FailedItem => {
      const file = str(f.file);
      const place = file ? ` (${file}${typeof f.line === 'number' ? `:${f.line}` : ''})` : '';
      return { name: `${str(f.rule) ?? 'finding'}${place}`, problems: [show(f.message)] };
    });
  return { shape: 'findings', total: findings.length, failed };
}

export function parseTestResults(testResults: unknown): ParsedResults {
  let parsed: ParsedResults | undefined;
  if (Array.isArray(testResults)) parsed = fromInteractionArray(testResults);
  else if (isObject(testResults) && Array.isArray(testResults.tests)) parsed = fromRubyTests(testResults.tests, testResults.summary);
  else if (isObject(testResults) && Array.isArray(testResults.findings)) parsed = fromFindings(testResults.findings);
  // An empty list says nothing about what was verified: show just the outcome.
  if (!parsed || parsed.shape === 'unknown' || parsed.total === 0) return { shape: 'unknown' };
  return parsed;
}

/** Backslash-escapes the characters that would start Markdown or HTML in a one-line text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+|!~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A problem as Markdown: one line as a list item, several lines (Ruby diffs) as a fenced block. */
function problemMarkdown(problem: string): string {
  const text = clip(problem, MAX_PROBLEM);
  if (!text.includes('\n')) return `- ${escapeMarkdown(text)}`;
  const fence = text.includes('```') ? '~~~~' : '```';
  return `- details:\n\n  ${fence}\n${text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n  ${fence}`;
}

function titleFor(event: GitHubVerificationEvent, results: ParsedResults): string {
  const who = `${event.providerName} ${event.providerVersionNumber}`;
  const unit = results.shape === 'findings' ? 'checks' : 'interactions';
  let title: string;
  if (results.shape === 'unknown') title = `${who} verified the pact: ${event.success ? 'passed' : 'failed'}`;
  else if (results.shape === 'findings') {
    title =
      results.failed.length === 0 || event.success
        ? `${who} (OpenAPI) is compatible with the pact`
        : `${who} (OpenAPI) breaks the pact: ${results.failed.length} breaking ${results.failed.length === 1 ? 'change' : 'changes'}`;
  } else if (event.success || results.failed.length === 0) title = `${who} verified the pact: all ${results.total} ${unit} passed`;
  else title = `${who} verified the pact: ${results.failed.length} of ${results.total} ${unit} failed`;
  return clip(title, MAX_TITLE);
}

/**
 * Joins blocks until the next would pass `maxChars`, then ends with a note of what was left out. The note has
 * room reserved, so the result never exceeds `maxChars`.
 */
export function boundedMarkdown(blocks: readonly string[], maxChars: number, omitted: (left: number) => string): string {
  const separator = '\n\n';
  let out = '';
  for (const [i, block] of blocks.entries()) {
    const next = out === '' ? block : `${out}${separator}${block}`;
    const note = omitted(blocks.length - i - 1);
    const room = i === blocks.length - 1 ? maxChars : maxChars - separator.length - note.length;
    if (next.length > room) {
      const left = omitted(blocks.length - i);
      return clip(out === '' ? left : `${out}${separator}${left}`, maxChars);
    }
    out = next;
  }
  return out;
}

export interface CheckRunContext {
  consumerName: string;
  consumerVersionNumber: string;
  /** The verification's page in Treaty's UI. */
  detailsUrl: string;
  buildUrl: string | null;
}

/** The check run's output for a verification; `maxChars` is GitHub's cap unless a test lowers it. */
export function checkRunOutputFor(
  event: GitHubVerificationEvent,
  testResults: unknown,
  ctx: CheckRunContext,
  maxChars = GITHUB_OUTPUT_MAX_CHARS,
): CheckRunOutput {
  const results = parseTestResults(testResults);
  const title = titleFor(event, results);
  const pact = `the pact of ${escapeMarkdown(ctx.consumerName)} ${escapeMarkdown(ctx.consumerVersionNumber)}`;
  const head = [
    `**${escapeMarkdown(event.providerName)} ${escapeMarkdown(event.providerVersionNumber)}** ${event.success ? 'verified' : 'failed to verify'} ${pact}.`,
    `[Open the verification in Treaty](${ctx.detailsUrl})${ctx.buildUrl ? ` · [provider build](${ctx.buildUrl})` : ''}`,
  ];
  if (results.shape === 'unknown' || results.failed.length === 0) {
    const detail =
      results.shape === 'unknown' ? 'The verifier published no per-interaction results Treaty can read.' : `All ${results.total} passed.`;
    const summary = boundedMarkdown([...head, detail], maxChars, () => '');
    return { title, summary, text: summary };
  }
  const heading = results.shape === 'findings' ? 'Breaking changes' : 'Failed interactions';
  const names = results.failed.slice(0, MAX_NAMES_IN_SUMMARY).map((f) => `- ${escapeMarkdown(f.name)}`);
  const more = results.failed.length - names.length;
  const summary = boundedMarkdown(
    [
      ...head,
      `### ${heading} (${results.failed.length} of ${results.total})`,
      [...names, ...(more > 0 ? [`- … and ${more} more`] : [])].join('\n'),
    ],
    maxChars,
    () => `_Truncated: see [the verification in Treaty](${ctx.detailsUrl})._`,
  );
  const sections = results.failed.map((f) => {
    const problems = f.problems.length > 0 ? f.problems.map(problemMarkdown) : ['- failed; the verifier published no details'];
    return [`#### ${escapeMarkdown(f.name)}`, ...problems].join('\n');
  });
  const text = boundedMarkdown(
    sections,
    maxChars,
    (left) =>
      `_Truncated: ${left} more ${left === 1 ? 'entry' : 'entries'} not shown (GitHub keeps ${GITHUB_OUTPUT_MAX_CHARS} characters); see [the verification in Treaty](${ctx.detailsUrl})._`,
  );
  return { title, summary, text };
}

export type GitHubSchemaCheckEvent = Extract<StatusEvent, { kind: 'schema-check' }>;

/** A schema check's conclusion on GitHub: an undecided check is neutral (neither passes nor blocks). */
export function schemaCheckConclusion(event: GitHubSchemaCheckEvent): 'success' | 'failure' | 'neutral' {
  return event.status === 'unknown' ? 'neutral' : event.status;
}

/** The check run's output for Treaty's check of a consumer schema against a provider's: its findings as a list. */
export function schemaCheckRunOutputFor(
  event: GitHubSchemaCheckEvent,
  findings: ReadonlyArray<{ rule: string; file: string | null; line: number | null; message: string; severity?: string }>,
  ctx: Omit<CheckRunContext, 'buildUrl'>,
  maxChars = GITHUB_OUTPUT_MAX_CHARS,
): CheckRunOutput {
  const subject = escapeMarkdown(event.subject);
  const against = `${escapeMarkdown(event.providerName)} ${escapeMarkdown(event.providerVersionNumber)}`;
  const title =
    event.status === 'success'
      ? `Compatible with ${event.providerName} ${event.providerVersionNumber}`
      : event.status === 'failure'
        ? `Not compatible with ${event.providerName} ${event.providerVersionNumber}`
        : 'Treaty could not decide';
  const verdict =
    event.status === 'success'
      ? 'is compatible with'
      : event.status === 'failure'
        ? 'is not compatible with'
        : 'could not be checked against';
  const head = [
    `The schema **${subject}** of ${escapeMarkdown(ctx.consumerName)} ${escapeMarkdown(ctx.consumerVersionNumber)} ${verdict} ${against}.`,
    `[Open the subject in Treaty](${ctx.detailsUrl})`,
  ];
  const lines = findings.map((f) => {
    const where = f.file ? ` (${escapeMarkdown(f.file)}${f.line !== null ? `:${f.line}` : ''})` : '';
    return `- **${escapeMarkdown(f.severity ?? 'error')}** ${escapeMarkdown(f.rule)}: ${escapeMarkdown(f.message)}${where}`;
  });
  const summary = boundedMarkdown(
    lines.length > 0 ? [...head, `### Findings (${lines.length})`, ...lines] : head,
    maxChars,
    (left) => `_Truncated: ${left} more not shown; see [the subject in Treaty](${ctx.detailsUrl})._`,
  );
  return { title, summary, text: summary };
}
