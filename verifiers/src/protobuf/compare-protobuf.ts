/**
 * compareProtobuf: Buf-compatible breaking-change detection between two versions of a `.proto` set.
 */
import { selectRules, type BreakingRuleId } from './breaking-rules.ts';
import { loadProtoFiles, type ProtoSources } from './proto-loader.ts';
import type { ProtoFileSet, ProtoSourceError, SourceSpan } from './proto-model.ts';
import { indexSide, type BreakingFinding, type RuleCheck, type RuleContext, type SideIndex } from './rule-context.ts';
import { DELETION_RULES } from './rules/deletion-rules.ts';
import { FIELD_RULES } from './rules/field-rules.ts';
import { FILE_RULES } from './rules/file-rules.ts';
import { RANGE_RULES } from './rules/range-rules.ts';
import { TYPE_RULES } from './rules/type-rules.ts';
import type { CompatibilityResult } from '../compatibility.ts';

export type { BreakingFinding } from './rule-context.ts';

const RULE_CHECKS: Record<BreakingRuleId, RuleCheck> = { ...DELETION_RULES, ...FIELD_RULES, ...FILE_RULES, ...RANGE_RULES, ...TYPE_RULES };

export interface CompareProtobufOptions {
  /** rule IDs or categories (FILE, PACKAGE, WIRE_JSON, WIRE, CSR); default `['WIRE_JSON']` */
  readonly use?: readonly string[];
  /** rule IDs or categories to leave out */
  readonly except?: readonly string[];
  /** paths (files or directories) whose findings are dropped (buf.yaml `ignore`) */
  readonly ignore?: readonly string[];
  /** rule ID or category → paths (buf.yaml `ignore_only`) */
  readonly ignoreOnly?: Readonly<Record<string, readonly string[]>>;
  /** drop findings on packages such as `foo.v1beta1` / `foo.v1alpha` / `foo.v1test` (buf.yaml `ignore_unstable_packages`) */
  readonly ignoreUnstablePackages?: boolean;
}

export type ProtobufSide = 'previous' | 'current';

/**
 * - `compatible`: no rule in the selection reported a finding.
 * - `incompatible`: at least one finding; `breakingChanges` sorted by file, line, column.
 * - `invalid`: a `.proto` did not parse or referenced something missing, or the options name an unknown rule.
 *   Never reported as compatible.
 */
/** Buf's breaking-change detection decides every pair of valid inputs: never `unknown`. `rules`: the rules applied. */
export type ProtobufCompatibility = Exclude<
  CompatibilityResult<
    BreakingFinding,
    ProtoSourceError & { readonly side: ProtobufSide | 'options' },
    { readonly rules: readonly BreakingRuleId[] }
  >,
  { readonly status: 'unknown' }
>;

export function compareProtobuf(
  previous: ProtoSources | ProtoFileSet,
  current: ProtoSources | ProtoFileSet,
  options: CompareProtobufOptions = {},
): ProtobufCompatibility {
  const selection = selectRules(options.use, options.except);
  if (selection.status === 'invalid') {
    return {
      status: 'invalid',
      errors: selection.unknown.map((id) => ({
        side: 'options',
        file: '',
        line: 0,
        column: 0,
        message: `Unknown rule or category ${JSON.stringify(id)}.`,
      })),
    };
  }
  const before = asFileSet(previous);
  const after = asFileSet(current);
  const errors = [
    ...(before.status === 'invalid' ? before.errors.map((e) => ({ ...e, side: 'previous' as const })) : []),
    ...(after.status === 'invalid' ? after.errors.map((e) => ({ ...e, side: 'current' as const })) : []),
  ];
  if (before.status === 'invalid' || after.status === 'invalid') return { status: 'invalid', errors };
  const rules = [...selection.rules].sort();
  const ctx: RuleContext = { previous: indexSide(before.fileSet), current: indexSide(after.fileSet) };
  const all = runRules(ctx, rules).filter((f) => !isIgnored(f, options));
  const findings = options.ignoreUnstablePackages ? dropUnstable(all, ctx.previous, ctx.current) : all;
  return findings.length === 0 ? { status: 'compatible', rules } : { status: 'incompatible', rules, breakingChanges: findings };
}

function asFileSet(input: ProtoSources | ProtoFileSet): ReturnType<typeof loadProtoFiles> {
  if ('files' in input && Array.isArray(input.files)) return { status: 'ok', fileSet: input as ProtoFileSet };
  return loadProtoFiles(input as ProtoSources);
}

/** Runs the given rules over an already indexed pair; findings sorted by file, position, rule. */
export function runRules(ctx: RuleContext, rules: readonly BreakingRuleId[]): BreakingFinding[] {
  const findings: BreakingFinding[] = [];
  for (const rule of rules) {
    RULE_CHECKS[rule](ctx, (file: string, span: SourceSpan | null, message: string) => {
      findings.push({
        rule,
        file,
        line: span?.line ?? null,
        column: span?.column ?? null,
        endLine: span?.endLine ?? null,
        endColumn: span?.endColumn ?? null,
        message,
      });
    });
  }
  return dedupe(findings).sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.rule.localeCompare(b.rule) ||
      a.message.localeCompare(b.message),
  );
}

function dedupe(findings: BreakingFinding[]): BreakingFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}|${f.file}|${f.line}|${f.column}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const underPath = (file: string, path: string): boolean => file === path || file.startsWith(path.endsWith('/') ? path : `${path}/`);

/** Buf's unstable package versions: v1alpha, v1beta2, v1test, v1p1beta1, ... */
export function isUnstablePackage(pkg: string): boolean {
  const last = pkg.split('.').pop() ?? '';
  return /^v\d+(p\d+)?(alpha|beta)\d*$/.test(last) || /^v\d+test\w*$/.test(last);
}

function isIgnored(f: BreakingFinding, options: CompareProtobufOptions): boolean {
  if ((options.ignore ?? []).some((p) => underPath(f.file, p))) return true;
  for (const [id, paths] of Object.entries(options.ignoreOnly ?? {})) {
    const expanded = selectRules([id]);
    if (expanded.status === 'ok' && expanded.rules.has(f.rule) && paths.some((p) => underPath(f.file, p))) return true;
  }
  return false;
}

/** Unstable-package filtering needs the packages, so it runs where both sides are known. */
export function dropUnstable(findings: readonly BreakingFinding[], previous: SideIndex, current: SideIndex): BreakingFinding[] {
  return findings.filter((f) => {
    const file = current.files.get(f.file) ?? previous.files.get(f.file);
    return !(file && isUnstablePackage(file.package));
  });
}
