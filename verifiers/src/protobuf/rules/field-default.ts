/** FIELD_SAME_DEFAULT's value comparison (Buf's field_default.go): lenient across numeric kinds, exact for strings. */
import type { ProtoField } from '../proto-model.ts';
import type { RuleContext } from '../rule-context.ts';

interface FieldDefault {
  readonly comparable: string | number;
  readonly printable: string;
}

/** Go's `%v` for a float64: shortest representation, exponent with at least two digits. */
function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function defaultOf(ctx: RuleContext, side: 'current' | 'previous', f: ProtoField): FieldDefault {
  const raw = f.defaultValue;
  switch (f.kind) {
    case 'string': {
      const s = typeof raw === 'string' ? raw : '';
      return { comparable: `s:${s}`, printable: JSON.stringify(s) };
    }
    case 'bytes': {
      const s = typeof raw === 'string' ? raw : '';
      const hex = [...Buffer.from(s, 'latin1')].map((b) => `0x${b.toString(16).toUpperCase()}`).join(',');
      return { comparable: `s:${s}`, printable: `[${hex}]` };
    }
    case 'enum': {
      const e = ctx[side].enums.get(f.typeName);
      const value = typeof raw === 'string' ? e?.values.find((v) => v.name === raw) : e?.values[0];
      return { comparable: value?.number ?? 0, printable: `${e?.name ?? f.typeName}.${value?.name ?? '?'}` };
    }
    case 'bool': {
      const b = raw === true || raw === 'true';
      return { comparable: b ? 1 : 0, printable: String(b) };
    }
    case 'float':
    case 'double': {
      const n = typeof raw === 'number' ? raw : raw === undefined ? 0 : Number(raw);
      return { comparable: f.kind === 'float' ? Math.fround(n) : n, printable: goFloat(f.kind === 'float' ? Math.fround(n) : n) };
    }
    default: {
      const n = typeof raw === 'number' ? raw : raw === undefined ? 0 : Number(raw);
      return { comparable: n, printable: String(n) };
    }
  }
}

const canHaveDefault = (f: ProtoField): boolean =>
  f.cardinality !== 'repeated' && f.cardinality !== 'map' && f.kind !== 'message' && f.kind !== 'group';

const isZero = (d: FieldDefault): boolean => d.comparable === 0 || d.comparable === 's:';

function equal(a: FieldDefault, b: FieldDefault, aKind: string, bKind: string): boolean {
  if (typeof a.comparable === 'string' || typeof b.comparable === 'string') return a.comparable === b.comparable;
  if (Number.isNaN(a.comparable) && Number.isNaN(b.comparable)) return true;
  if ((aKind === 'float') !== (bKind === 'float') && (aKind === 'float' || bKind === 'float')) {
    return Math.fround(a.comparable) === Math.fround(b.comparable);
  }
  return a.comparable === b.comparable;
}

/** The change of default value between two fields, or null when equal / not applicable. */
export function fieldDefaultChange(ctx: RuleContext, field: ProtoField, previous: ProtoField): { from: string; to: string } | null {
  if (!canHaveDefault(field) || !canHaveDefault(previous)) return null;
  // Neither sets a default (most fields): both are their kind's zero, hence no change, except for an enum, whose
  // implicit default is its first value. Decided here without building the two descriptions for every field pair.
  if (field.defaultValue === undefined && previous.defaultValue === undefined && field.kind !== 'enum' && previous.kind !== 'enum')
    return null;
  const before = defaultOf(ctx, 'previous', previous);
  const after = defaultOf(ctx, 'current', field);
  if (isZero(before) && isZero(after)) return null;
  return equal(before, after, previous.kind, field.kind) ? null : { from: before.printable, to: after.printable };
}
