/** RESERVED_MESSAGE_NO_DELETE, RESERVED_ENUM_NO_DELETE, EXTENSION_MESSAGE_NO_DELETE (Buf's tag_ranges.go). */
import type { SourceSpan, TagRange } from '../proto-model.ts';
import { forEachEnumPair, forEachMessagePair, q, type Emit, type RuleCheck } from '../rule-context.ts';

const MESSAGE_MAX = 536870911;
const MESSAGE_SET_MAX = 2147483646;
const ENUM_MAX = 2147483647;

function collapse(ranges: readonly TagRange[]): TagRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const result: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = result[result.length - 1];
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else result.push({ ...r });
  }
  return result;
}

/** The parts of [start, end] not covered by the collapsed ranges. */
export function findMissing(start: number, end: number, collapsed: readonly TagRange[]): TagRange[] {
  const missing: TagRange[] = [];
  let cursor = start;
  for (const r of collapsed) {
    if (r.end < cursor) continue;
    if (r.start > end) break;
    if (r.start > cursor) missing.push({ start: cursor, end: r.start - 1 });
    cursor = r.end + 1;
    if (cursor > end) return missing;
  }
  if (cursor <= end) missing.push({ start: cursor, end });
  return missing;
}

function rangeString(r: TagRange, max: number): string {
  if (r.start === r.end) return `[${r.start}]`;
  return r.end >= max ? `[${r.start},max]` : `[${r.start},${r.end}]`;
}

function checkRanges(
  emit: Emit,
  rangeKind: string,
  elementKind: 'message' | 'enum',
  name: string,
  file: string,
  span: SourceSpan | null,
  max: number,
  previous: readonly TagRange[],
  current: readonly TagRange[],
): void {
  const collapsed = collapse(current);
  for (const range of previous) {
    const missing = findMissing(range.start, range.end, collapsed);
    if (missing.length === 0) continue;
    emit(
      file,
      span,
      `Previously present ${rangeKind} range ${q(rangeString(range, max))} on ${elementKind} ${q(name)} is missing values: ${missing.map((m) => rangeString(m, max)).join(', ')} were removed.`,
    );
  }
}

const reservedMessage: RuleCheck = (ctx, emit) =>
  forEachMessagePair(ctx, (m, previous) => {
    const max = m.messageSetWireFormat ? MESSAGE_SET_MAX : MESSAGE_MAX;
    checkRanges(emit, 'reserved', 'message', m.name, m.file, m.span, max, previous.reservedRanges, m.reservedRanges);
    for (const name of previous.reservedNames) {
      if (!m.reservedNames.includes(name))
        emit(m.file, m.span, `Previously present reserved name ${q(name)} on message ${q(m.name)} was deleted.`);
    }
  });

const reservedEnum: RuleCheck = (ctx, emit) =>
  forEachEnumPair(ctx, (e, previous) => {
    checkRanges(emit, 'reserved', 'enum', e.name, e.file, e.span, ENUM_MAX, previous.reservedRanges, e.reservedRanges);
    for (const name of previous.reservedNames) {
      if (!e.reservedNames.includes(name))
        emit(e.file, e.span, `Previously present reserved name ${q(name)} on enum ${q(e.name)} was deleted.`);
    }
  });

const extensionMessage: RuleCheck = (ctx, emit) =>
  forEachMessagePair(ctx, (m, previous) => {
    const max = m.messageSetWireFormat ? MESSAGE_SET_MAX : MESSAGE_MAX;
    checkRanges(emit, 'extension', 'message', m.name, m.file, m.span, max, previous.extensionRanges, m.extensionRanges);
  });

export const RANGE_RULES = {
  RESERVED_MESSAGE_NO_DELETE: reservedMessage,
  RESERVED_ENUM_NO_DELETE: reservedEnum,
  EXTENSION_MESSAGE_NO_DELETE: extensionMessage,
} as const satisfies Record<string, RuleCheck>;
