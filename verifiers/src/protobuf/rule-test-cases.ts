/**
 * Shared helper for the table-driven rule tests: runs one rule over a before/after pair of single-file sets.
 */
import { compareProtobuf } from './compare-protobuf.ts';
import type { BreakingRuleId } from './breaking-rules.ts';

export interface RuleCase {
  /** the rule under test */
  readonly rule: BreakingRuleId;
  /** what the change is, for the test name */
  readonly change: string;
  readonly before: string;
  readonly after: string;
  /** the exact message Buf prints for before → after */
  readonly message: string;
  /** whether after → before is also breaking under the same rule (directional rules: false) */
  readonly reverseBreaks: boolean;
}

/** Messages of the findings `rule` reports for before → after (single file `a.proto`). */
export function findingsFor(rule: BreakingRuleId, before: string, after: string): string[] {
  const result = compareProtobuf({ 'a.proto': before }, { 'a.proto': after }, { use: [rule] });
  if (result.status === 'invalid') throw new Error(JSON.stringify(result.errors));
  return result.status === 'incompatible' ? result.breakingChanges.map((f) => f.message) : [];
}

export const p3 = (body: string): string => `syntax = "proto3";\npackage a;\n${body}\n`;
export const p2 = (body: string): string => `syntax = "proto2";\npackage a;\n${body}\n`;
export const ed = (body: string): string => `edition = "2023";\npackage a;\n${body}\n`;
