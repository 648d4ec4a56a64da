/**
 * What every breaking rule gets: both file sets indexed the way Buf pairs elements (files by path,
 * messages/enums/services by full name, fields by number, extensions by extendee + number).
 */
import type { BreakingRuleId } from './breaking-rules.ts';
import type { ProtoEnum, ProtoField, ProtoFile, ProtoFileSet, ProtoMessage, ProtoService, SourceSpan } from './proto-model.ts';

/** One breaking change. `line`/`column` are null when Buf reports no location (e.g. a deleted file). */
export interface BreakingFinding {
  readonly rule: BreakingRuleId;
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly message: string;
}

export interface SideIndex {
  readonly set: ProtoFileSet;
  readonly files: ReadonlyMap<string, ProtoFile>;
  readonly messages: ReadonlyMap<string, ProtoMessage>;
  readonly enums: ReadonlyMap<string, ProtoEnum>;
  readonly services: ReadonlyMap<string, ProtoService>;
  /** extendee full name → field number → extension */
  readonly extensions: ReadonlyMap<string, ReadonlyMap<number, ProtoField>>;
}

export interface RuleContext {
  readonly previous: SideIndex;
  readonly current: SideIndex;
}

export type RuleCheck = (ctx: RuleContext, emit: Emit) => void;
export type Emit = (file: string, span: SourceSpan | null, message: string) => void;

export function indexSide(set: ProtoFileSet): SideIndex {
  const files = new Map<string, ProtoFile>();
  const messages = new Map<string, ProtoMessage>();
  const enums = new Map<string, ProtoEnum>();
  const services = new Map<string, ProtoService>();
  const extensions = new Map<string, Map<number, ProtoField>>();
  for (const file of set.files) {
    files.set(file.path, file);
    for (const m of file.messages) messages.set(m.fullName, m);
    for (const e of file.enums) enums.set(e.fullName, e);
    for (const s of file.services) services.set(s.fullName, s);
    for (const x of file.extensions) {
      const byNumber = extensions.get(x.extendee ?? '') ?? new Map<number, ProtoField>();
      byNumber.set(x.number, x);
      extensions.set(x.extendee ?? '', byNumber);
    }
  }
  return { set, files, messages, enums, services, extensions };
}

/**
 * The message and field pairs of a context, found once and then shared by every rule: a comparison runs about forty
 * rules, most walking all message or field pairs, and re-pairing by name and number for each was most of its time.
 * Both sides are read-only, so the pairs (kept in the order the walks below produce them) cannot go stale.
 */
const messagePairCache = new WeakMap<RuleContext, readonly (readonly [ProtoMessage, ProtoMessage])[]>();
type FieldPair = readonly [ProtoField, ProtoField, ProtoMessage | null, ProtoMessage | null];
const fieldPairCache = new WeakMap<RuleContext, readonly FieldPair[]>();

function messagePairs(ctx: RuleContext): readonly (readonly [ProtoMessage, ProtoMessage])[] {
  let pairs = messagePairCache.get(ctx);
  if (!pairs) {
    const found: (readonly [ProtoMessage, ProtoMessage])[] = [];
    for (const [name, previous] of ctx.previous.messages) {
      const current = ctx.current.messages.get(name);
      if (current) found.push([current, previous]);
    }
    pairs = found;
    messagePairCache.set(ctx, pairs);
  }
  return pairs;
}

/** Calls `f` for every message present (by full name) on both sides. */
export function forEachMessagePair(ctx: RuleContext, f: (message: ProtoMessage, previous: ProtoMessage) => void): void {
  for (const [current, previous] of messagePairs(ctx)) f(current, previous);
}

export function forEachEnumPair(ctx: RuleContext, f: (e: ProtoEnum, previous: ProtoEnum) => void): void {
  for (const [name, previous] of ctx.previous.enums) {
    const current = ctx.current.enums.get(name);
    if (current) f(current, previous);
  }
}

export function forEachFilePair(ctx: RuleContext, f: (file: ProtoFile, previous: ProtoFile) => void): void {
  for (const [path, previous] of ctx.previous.files) {
    const current = ctx.current.files.get(path);
    if (current) f(current, previous);
  }
}

export function forEachServicePair(ctx: RuleContext, f: (s: ProtoService, previous: ProtoService) => void): void {
  for (const [name, previous] of ctx.previous.services) {
    const current = ctx.current.services.get(name);
    if (current) f(current, previous);
  }
}

const fieldIndex = new WeakMap<ProtoMessage, ReadonlyMap<number, ProtoField>>();

/** A message's fields by number, computed once per message. */
export function fieldsByNumber(message: ProtoMessage): ReadonlyMap<number, ProtoField> {
  let index = fieldIndex.get(message);
  if (!index) {
    index = new Map(message.fields.map((x) => [x.number, x]));
    fieldIndex.set(message, index);
  }
  return index;
}

/** Fields of paired messages by number, then extensions by extendee + number (Buf's field-pair handler). */
export function forEachFieldPair(
  ctx: RuleContext,
  f: (field: ProtoField, previous: ProtoField, message: ProtoMessage | null, previousMessage: ProtoMessage | null) => void,
): void {
  for (const [current, previous, message, previousMessage] of fieldPairs(ctx)) f(current, previous, message, previousMessage);
}

function fieldPairs(ctx: RuleContext): readonly FieldPair[] {
  const cached = fieldPairCache.get(ctx);
  if (cached) return cached;
  const pairs: FieldPair[] = [];
  for (const [message, previousMessage] of messagePairs(ctx)) {
    const byNumber = fieldsByNumber(message);
    for (const previous of previousMessage.fields) {
      const current = byNumber.get(previous.number);
      if (current) pairs.push([current, previous, message, previousMessage]);
    }
  }
  for (const [extendee, previousByNumber] of ctx.previous.extensions) {
    const byNumber = ctx.current.extensions.get(extendee);
    for (const [number, previous] of previousByNumber) {
      const current = byNumber?.get(number);
      if (current) pairs.push([current, previous, null, null]);
    }
  }
  fieldPairCache.set(ctx, pairs);
  return pairs;
}

/** Buf's fieldDescription: `Field "1" with name "amount" on message "ChargeRequest"` (extensions: full name, extendee). */
export function fieldDescription(field: ProtoField, withName = true): string {
  const name = field.extendee ? field.fullName : field.name;
  const namePart = withName ? ` with name "${name}"` : '';
  return field.extendee
    ? `Extension "${field.number}"${namePart} on message "${field.extendee}"`
    : `Field "${field.number}"${namePart} on message "${field.messageName}"`;
}

export const q = (s: string | number): string => JSON.stringify(String(s));

/** Buf's getDescriptorAndLocationForDeletedElement: the closest still-present parent message, else the file. */
export function deletedElementAnchor(file: ProtoFile, previousNestedName: string): SourceSpan | null {
  const parts = previousNestedName.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const parent = file.messages.find((m) => m.nestedName === parts.slice(0, i).join('.'));
    if (parent) return parent.span;
  }
  return null;
}

/** First non-null span. */
export const firstSpan = (...spans: (SourceSpan | null | undefined)[]): SourceSpan | null =>
  spans.find((s): s is SourceSpan => s !== null && s !== undefined) ?? null;
