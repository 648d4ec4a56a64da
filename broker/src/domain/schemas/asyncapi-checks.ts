// The AsyncAPI checks (issue #13), as pure functions of file contents like the other kinds' (schema-checks.ts): a
// provider's document against its earlier versions, and a consumer's message pact against the document. The
// documents were validated when published; here they are read with the verifiers' model (no parser needed).
import type { SchemaCompatibilityMode, SchemaFile, SchemaFinding } from '@treaty/wire';
import { compareAsyncApi, comparePactWithAsyncApi, readAsyncApi, type AsyncApiModel, type ReadAsyncApi } from '@treaty/verifiers/asyncapi';
import { PointerLocator } from '@treaty/verifiers/jsonschema';
import { fromPactComparison, success, unknown, type CheckOutcome } from './check-outcome.ts';
import { CheckStatus } from './schema-kinds.ts';

/** A provider's AsyncAPI document against an earlier version: channels, operations and messages that disappear, payload and header schemas. */
/** Why a stored AsyncAPI publication cannot be read (it was validated when published, so this is rare). */
function unreadable(read: Exclude<ReadAsyncApi, { status: 'ok' }>): string {
  const first = read.syntax[0] ?? read.refs[0];
  return `an AsyncAPI document could not be read: ${read.reason ?? (first ? `${first.file}: ${first.message}` : 'unknown problem')}`;
}

/** Positions of JSON Pointers in the publication's files, each file parsed once. */
function locator(files: readonly SchemaFile[]): (file: string, pointer: string) => { line: number; column: number } | null {
  const parsed = new Map<string, PointerLocator>();
  return (file, pointer) => {
    const content = files.find((f) => f.path === file)?.content;
    if (content === undefined) return null;
    let located = parsed.get(file);
    if (!located) parsed.set(file, (located = new PointerLocator(content)));
    return located.locate(pointer);
  };
}

export function asyncApiEvolution(
  previous: readonly SchemaFile[],
  current: readonly SchemaFile[],
  mode: SchemaCompatibilityMode,
): CheckOutcome {
  const [before, after] = [readAsyncApi(previous), readAsyncApi(current)];
  if (before.status !== 'ok') return unknown([unreadable(before)]);
  if (after.status !== 'ok') return unknown([unreadable(after)]);
  const result = compareAsyncApi(before.model, after.model, { mode });
  switch (result.status) {
    case 'compatible':
      return success();
    case 'unknown':
      return unknown([...result.reasons]);
    case 'incompatible': {
      const at = { previous: locator(previous), current: locator(current) };
      return {
        status: CheckStatus.failure,
        findings: result.breakingChanges.map((c) => {
          const position = at[c.side](c.file, c.pointer);
          // a place in the previous version is named as such: the current file may not have that line any more
          const file = c.side === 'previous' ? `${c.file} (previous version)` : c.file;
          return {
            rule: c.rule,
            file,
            line: position?.line ?? null,
            column: position?.column ?? null,
            message: c.message,
            severity: 'error',
          };
        }),
        reasons: [],
      };
    }
    default: {
      const never: never = result;
      return never;
    }
  }
}

/** A pact (its JSON text) against a provider's AsyncAPI publication (the document, then the files it `$ref`s). */
export function checkPactAgainstAsyncApi(pactText: string, asyncapi: readonly SchemaFile[]): CheckOutcome {
  const read = readAsyncApi(asyncapi);
  if (read.status !== 'ok') return unknown([unreadable(read)]);
  let pact: unknown;
  try {
    pact = JSON.parse(pactText) as unknown;
  } catch {
    return unknown(['the pact is not JSON']);
  }
  return fromPactAgainstAsyncApi(comparePactWithAsyncApi(pact, read.model), read.model, asyncapi);
}

function fromPactAgainstAsyncApi(
  result: ReturnType<typeof comparePactWithAsyncApi>,
  model: AsyncApiModel,
  files: readonly SchemaFile[],
): CheckOutcome {
  const at = locator(files);
  const findings: SchemaFinding[] = result.findings.map((f) => {
    const position = f.specFile !== null && f.specPointer !== null ? at(f.specFile, f.specPointer) : null;
    return {
      rule: f.code,
      file: f.specFile ?? model.files.root,
      line: position?.line ?? null,
      column: position?.column ?? null,
      message: `${f.interaction}: ${f.message} (pact ${f.location}, spec ${f.specLocation})`,
      severity: f.severity,
    };
  });
  return fromPactComparison(result, findings);
}
