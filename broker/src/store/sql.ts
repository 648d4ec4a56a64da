// The `sql` tagged template: how every statement in Treaty is written (the executor that runs them is db.ts).
//
//   const row = await db.maybeOne<VersionRow>(sql`SELECT ${VERSION_COLUMNS} FROM versions WHERE id = ${id}`);
//
// - An interpolated value becomes a parameter ($1, $2, ...): it never becomes SQL text, so no value can
//   inject SQL, and the text of a statement depends only on its shape, not on its values (the hot pool
//   prepares each distinct text once per connection).
// - An interpolated fragment (another `sql`...``) is spliced in, and its parameters are renumbered;
//   `sql.join` joins a list of fragments. That is how a statement is built from parts (optional filters,
//   column lists, the matrix's per-selector lookups) without counting `$n` by hand.
// - `sql.param(value)` is one parameter however often it is interpolated: `${ids}` three times is `$1`
//   three times (a large id list is sent once, and PostgreSQL infers one type for it).
// - SQL text that is not a value (a column list, an identifier, a keyword) comes only from constants:
//   `sql.raw` and `sql.identifier` accept string literal types, not `string`, so text built from input
//   cannot reach them. Most such text is itself a `sql` fragment without values (`const COLUMNS = sql`...``).
// `undefined` is sent as NULL, as node-postgres and PGlite do.

/** A value or a shared parameter inside a fragment; each instance is one `$n` in the final text. */
class Param {
  constructor(readonly value: unknown) {}
}

export class SqlFragment {
  /** Literal text around the parameters: `texts.length === params.length + 1`. */
  readonly texts: readonly string[];
  readonly params: readonly Param[];

  /** @internal built by `sql`, `sql.join`, `sql.raw`, never directly. */
  constructor(texts: readonly string[], params: readonly Param[]) {
    this.texts = texts;
    this.params = params;
  }

  /** The statement for the driver: the text with `$1`..`$n` and the values in that order. */
  toQuery(): { text: string; values: unknown[] } {
    const numbers = new Map<Param, number>();
    const values: unknown[] = [];
    let text = this.texts[0]!;
    this.params.forEach((param, i) => {
      let n = numbers.get(param);
      if (n === undefined) {
        values.push(param.value === undefined ? null : param.value);
        n = values.length;
        numbers.set(param, n);
      }
      text += `$${n}${this.texts[i + 1]!}`;
    });
    return { text, values };
  }
}

/** A literal-only string type: `string` itself (text of unknown origin) is refused at compile time. */
type Literal<S extends string> = string extends S ? never : S;

function build(strings: readonly string[], values: readonly unknown[]): SqlFragment {
  const texts: string[] = [strings[0]!];
  const params: Param[] = [];
  values.forEach((value, i) => {
    const next = strings[i + 1]!;
    if (value instanceof SqlFragment) {
      texts[texts.length - 1] += value.texts[0]!;
      params.push(...value.params);
      texts.push(...value.texts.slice(1));
      texts[texts.length - 1] += next;
    } else {
      params.push(value instanceof Param ? value : new Param(value));
      texts.push(next);
    }
  });
  return new SqlFragment(texts, params);
}

function join(fragments: readonly SqlFragment[], separator: SqlFragment = COMMA): SqlFragment {
  const strings: string[] = [''];
  const values: SqlFragment[] = [];
  fragments.forEach((fragment, i) => {
    if (i > 0) {
      values.push(separator);
      strings.push('');
    }
    values.push(fragment);
    strings.push('');
  });
  return build(strings, values);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export const sql = Object.assign((strings: TemplateStringsArray, ...values: unknown[]): SqlFragment => build(strings, values), {
  /** Joins fragments with `separator` (default `, `); an empty list is empty text. */
  join,
  /** One parameter however many times it is interpolated into a statement. */
  param: (value: unknown): Param => new Param(value),
  /** SQL text from a constant (a keyword, an operator). Never text that came from input. */
  raw: <S extends string>(text: Literal<S>): SqlFragment => new SqlFragment([text], []),
  /** A table or column name from a constant, double-quoted. */
  identifier: <S extends string>(name: Literal<S>): SqlFragment => {
    if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${name}`);
    return new SqlFragment([`"${name}"`], []);
  },
  /** No text: the neutral element of optional parts (`${filter ? sql`AND ...` : sql.empty}`). */
  empty: new SqlFragment([''], []),
});

const COMMA = sql`, `;

export type { Param as SqlParam };

/**
 * A lone UTF-16 surrogate escape in JSON text (`\ud800` not paired with its other half), not itself
 * escaped (`\\ud800` is a backslash and the letters "ud800"). JSON.stringify writes a paired surrogate
 * as the character and a lone one as this escape, so after it every such escape is a lone surrogate.
 */
const LONE_SURROGATE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g;

/**
 * `value` as text for a jsonb parameter (`${jsonbText(x)}::jsonb`); null for null or undefined.
 * PostgreSQL's jsonb refuses a lone surrogate escape (legal JSON, not a Unicode character), so one
 * becomes U+FFFD, as it does in a text column (the driver writes UTF-8). Strings from a request body
 * were cleaned at the input boundary; this covers what Treaty derives from documents it parses (a
 * schema's property names in a finding, a job's payload), so no client text can make a write fail.
 */
export function jsonbText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(value);
  return text.includes('\\u') ? text.replace(LONE_SURROGATE_ESCAPE, '$1\\ufffd') : text;
}
