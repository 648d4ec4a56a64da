// Text output shared by `treaty schema diff` and `treaty schema check`: one line per finding in the
// compiler-style `file:line:column` form editors and CI annotators pick up (as `buf breaking` prints),
// then a verdict line.
import type { SchemaFinding, SchemaVerdict } from '@treaty/wire';
import { ExitCode } from '../errors.ts';

/** The exit code of a verdict: 0 compatible, 1 breaking, 2 unknown (never read as compatible). */
export function exitCodeFor(verdict: SchemaVerdict): ExitCode {
  switch (verdict) {
    case 'compatible':
      return ExitCode.Success;
    case 'breaking':
      return ExitCode.Failure;
    case 'unknown':
      return ExitCode.BadInput;
    default: {
      const never: never = verdict;
      return never;
    }
  }
}

export function formatFinding(f: SchemaFinding): string {
  const where = f.file === null ? '' : f.line === null ? `${f.file}: ` : `${f.file}:${f.line}:${f.column ?? 1}: `;
  return `${where}[${f.rule}] ${f.message}`;
}

export interface VerdictSummary {
  verdict: SchemaVerdict;
  findings: readonly SchemaFinding[];
  reasons: readonly string[];
  /** e.g. "protobuf, rules WIRE_JSON (default), mode BACKWARD" */
  checked: string;
}

export function formatSchemaReport(report: VerdictSummary): string {
  const errors = report.findings.filter((f) => (f.severity ?? 'error') === 'error');
  const lines = report.findings.map((f) =>
    (f.severity ?? 'error') === 'error' ? formatFinding(f) : `${formatFinding(f)} (${f.severity})`,
  );
  const n = errors.length;
  switch (report.verdict) {
    case 'compatible':
      lines.push(`✓ Compatible: no breaking changes (${report.checked}).`);
      break;
    case 'breaking':
      lines.push(`✗ Breaking: ${n} breaking ${n === 1 ? 'change' : 'changes'} (${report.checked}).`);
      break;
    case 'unknown':
      lines.push(...report.reasons.map((r) => `? ${r}`));
      lines.push(`? Unknown: Treaty could not decide (${report.checked}); this is not a "compatible".`);
      break;
    default: {
      const never: never = report.verdict;
      return never;
    }
  }
  return lines.join('\n');
}
