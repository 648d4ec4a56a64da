/**
 * Locates declarations in a `.proto` file that protobufjs has already parsed and validated. protobufjs does not
 * keep line numbers for most elements, so this walks the token stream once and records the span of each
 * declaration, keyed by its nested name. It assumes the source is valid (it is run after protobufjs accepted it)
 * and never throws on surprises: an unknown construct is skipped to its `;` or matching `}`.
 */
import { Lexer, spanBetween, spanOf, type SourceSpan, type Token } from './proto-tokens.ts';

export interface FieldLocation {
  readonly span: SourceSpan;
  readonly typeSpan: SourceSpan;
  readonly nameSpan: SourceSpan;
  readonly numberSpan: SourceSpan;
  /** option name as written (`json_name`, `features.(pb.cpp).string_type`) → span of `name = value` */
  readonly options: ReadonlyMap<string, SourceSpan>;
}

export interface BlockLocation {
  readonly span: SourceSpan;
  /** option statements inside the block: name → span of the whole `option ... ;` statement */
  readonly options: ReadonlyMap<string, SourceSpan>;
}

export interface EnumValueLocation {
  readonly span: SourceSpan;
  readonly numberSpan: SourceSpan;
}

export interface MethodLocation extends BlockLocation {
  readonly inputSpan: SourceSpan;
  readonly outputSpan: SourceSpan;
}

export interface FileLocations {
  syntax?: SourceSpan;
  package?: SourceSpan;
  readonly options: Map<string, SourceSpan>;
  /** file-level option statements: name → the raw text of the value (`IMPLICIT`, `"foo"`) */
  readonly optionValues: Map<string, string>;
  /** nested message name (`Outer.Inner`) → location */
  readonly messages: Map<string, BlockLocation>;
  /**
   * message nested name → field name → location. Nested maps rather than one `${message}#${field}` key: the builder
   * looks up the message once and then each field by its name, without building a key string per field.
   */
  readonly fields: Map<string, Map<string, FieldLocation>>;
  /** extensions: declaring scope's nested name ('' = file) → field name → location */
  readonly extensionFields: Map<string, Map<string, FieldLocation>>;
  readonly oneofs: Map<string, SourceSpan>;
  readonly enums: Map<string, BlockLocation>;
  /** `${enumNestedName}#${valueName}` */
  readonly enumValues: Map<string, EnumValueLocation>;
  readonly services: Map<string, BlockLocation>;
  /** `${serviceName}#${methodName}` */
  readonly methods: Map<string, MethodLocation>;
}

/** Compared directly rather than through a Set: token texts are fresh strings, and a Set lookup hashes each one. */
const isLabel = (text: string): boolean => text === 'optional' || text === 'required' || text === 'repeated';

/**
 * A token cursor over a `Lexer`, holding only the few tokens looked ahead. It behaves as an index into the whole
 * token array would, including at the end: reading past the last token yields undefined, and `prev()` then answers
 * the first token (the array version read `tokens[i - 1] ?? tokens[0]` with `i` past the end).
 */
class Cursor {
  /** tokens read from the lexer but not consumed yet */
  private readonly ahead: Token[] = [];
  private first: Token | undefined;
  private last: Token | undefined;
  private overran = false;
  constructor(private readonly lexer: Lexer) {}
  peek(offset = 0): Token | undefined {
    while (this.ahead.length <= offset) {
      const t = this.lexer.next();
      if (!t) return undefined;
      this.first ??= t;
      this.ahead.push(t);
    }
    return this.ahead[offset];
  }
  next(): Token | undefined {
    const t = this.peek();
    if (t) {
      this.ahead.shift();
      this.last = t;
    } else {
      this.overran = true;
    }
    return t;
  }
  is(text: string, offset = 0): boolean {
    return this.peek(offset)?.text === text;
  }
  /** the last token consumed */
  prev(): Token {
    const t = this.overran ? this.first : (this.last ?? this.first ?? this.peek());
    if (!t) throw new Error('empty token stream');
    return t;
  }
  /** Skips to just after the `;` ending this statement, or past a `{...}` block if one comes first. */
  skipStatement(): void {
    while (this.peek()) {
      const t = this.next();
      if (t?.text === ';') return;
      if (t?.text === '{') {
        this.skipBalanced('{', '}');
        return;
      }
    }
  }
  /** With the opening bracket already consumed, skips past its matching closing bracket. */
  skipBalanced(open: string, close: string): void {
    let depth = 1;
    while (this.peek() && depth > 0) {
      const t = this.next();
      if (t?.text === open) depth++;
      else if (t?.text === close) depth--;
    }
  }
  /** Reads a (possibly dotted, possibly parenthesised) name: `a.b.C`, `.a.B`, `(foo.bar).baz`. */
  readName(): string {
    let text = '';
    let expectPart = true; // a word or `(...)` may follow only at the start or after a dot
    for (;;) {
      const t = this.peek();
      if (!t) return text;
      if (t.text === '.') {
        text += '.';
        this.next();
        expectPart = true;
      } else if (expectPart && t.kind === 'word') {
        text += t.text;
        this.next();
        expectPart = false;
      } else if (expectPart && t.text === '(') {
        this.next();
        text += '(' + this.readName();
        if (this.is(')')) this.next();
        text += ')';
        expectPart = false;
      } else {
        return text;
      }
    }
  }
}

const join = (scope: string, name: string): string => (scope ? `${scope}.${name}` : name);
/** Shared by the (most) fields without `[...]` options: one Map per field was a good part of what this file allocates. */
const NO_OPTIONS: ReadonlyMap<string, SourceSpan> = new Map();

export function locateDeclarations(source: string): FileLocations {
  const locations: FileLocations = {
    options: new Map(),
    optionValues: new Map(),
    messages: new Map(),
    fields: new Map(),
    extensionFields: new Map(),
    oneofs: new Map(),
    enums: new Map(),
    enumValues: new Map(),
    services: new Map(),
    methods: new Map(),
  };
  const cursor = new Cursor(new Lexer(source));
  walkBody(cursor, locations, { kind: 'file', scope: '' }, locations.options);
  return locations;
}

type BodyContext =
  { kind: 'file'; scope: '' } | { kind: 'message'; scope: string } | { kind: 'extend'; scope: string } | { kind: 'oneof'; scope: string };

function walkBody(c: Cursor, loc: FileLocations, ctx: BodyContext, options: Map<string, SourceSpan>): void {
  while (c.peek() && !c.is('}')) {
    const first = c.peek();
    if (!first) return;
    switch (first.text) {
      case ';':
        c.next();
        break;
      case 'syntax':
      case 'edition':
      case 'package': {
        c.next();
        c.skipStatement();
        const span = spanBetween(first, c.prev());
        if (first.text === 'package') loc.package = span;
        else loc.syntax = span;
        break;
      }
      case 'option': {
        c.next();
        const name = c.readName();
        if (ctx.kind === 'file' && c.is('=')) loc.optionValues.set(name, c.peek(1)?.text ?? '');
        c.skipStatement();
        options.set(name, spanBetween(first, c.prev()));
        break;
      }
      case 'message':
        if (c.peek(2)?.text === '{') walkMessage(c, loc, ctx.scope);
        else walkField(c, loc, ctx);
        break;
      case 'enum':
        if (c.peek(2)?.text === '{') walkEnum(c, loc, ctx.scope);
        else walkField(c, loc, ctx);
        break;
      case 'service':
        if (c.peek(2)?.text === '{') walkService(c, loc);
        else walkField(c, loc, ctx);
        break;
      case 'extend':
        if (c.peek(1)?.kind === 'word' && !c.is('=', 2)) walkExtend(c, loc, ctx.scope);
        else walkField(c, loc, ctx);
        break;
      case 'oneof':
        if (c.peek(2)?.text === '{') walkOneof(c, loc, ctx.scope);
        else walkField(c, loc, ctx);
        break;
      case 'import':
      case 'reserved':
      case 'extensions':
        if (c.is('=', 1)) walkField(c, loc, ctx);
        else c.skipStatement();
        break;
      default:
        if (ctx.kind === 'file') c.skipStatement();
        else walkField(c, loc, ctx);
    }
  }
}

function walkMessage(c: Cursor, loc: FileLocations, scope: string): void {
  const first = c.next();
  const name = c.next()?.text ?? '';
  c.next(); // {
  const nested = join(scope, name);
  const options = new Map<string, SourceSpan>();
  walkBody(c, loc, { kind: 'message', scope: nested }, options);
  c.next(); // }
  if (first) loc.messages.set(nested, { span: spanBetween(first, c.prev()), options });
}

function walkOneof(c: Cursor, loc: FileLocations, scope: string): void {
  const first = c.next();
  const name = c.next()?.text ?? '';
  c.next();
  walkBody(c, loc, { kind: 'oneof', scope }, new Map());
  c.next();
  if (first) loc.oneofs.set(`${scope}#${name}`, spanBetween(first, c.prev()));
}

function walkExtend(c: Cursor, loc: FileLocations, scope: string): void {
  c.next();
  c.readName();
  c.next(); // {
  walkBody(c, loc, { kind: 'extend', scope }, new Map());
  c.next();
}

function walkField(c: Cursor, loc: FileLocations, ctx: BodyContext): void {
  const first = c.peek();
  if (!first) return;
  if (isLabel(first.text) && c.peek(1)?.text !== '=') c.next();
  const typeStart = c.peek();
  if (!typeStart) return;
  let typeName: string;
  if (c.is('map') && c.is('<', 1)) {
    c.next();
    c.next();
    c.skipBalanced('<', '>');
    typeName = 'map';
  } else {
    typeName = c.readName();
  }
  const typeSpan = spanBetween(typeStart, c.prev());
  const nameToken = c.next();
  c.next(); // =
  const numberStart = c.peek();
  if (c.is('-')) c.next();
  c.next();
  const numberEnd = c.prev();
  const options = c.is('[') ? readBracketOptions(c) : NO_OPTIONS;
  if (!nameToken || !numberStart) return;
  let fieldName = nameToken.text;
  if (typeName === 'group' && c.is('{')) {
    c.next();
    const groupScope = join(ctx.scope, nameToken.text);
    const groupOptions = new Map<string, SourceSpan>();
    walkBody(c, loc, { kind: 'message', scope: groupScope }, groupOptions);
    c.next();
    loc.messages.set(groupScope, { span: spanBetween(first, c.prev()), options: groupOptions });
    fieldName = nameToken.text.toLowerCase();
  } else if (c.is(';')) {
    c.next();
  }
  const byScope = ctx.kind === 'extend' || ctx.kind === 'file' ? loc.extensionFields : loc.fields;
  let inScope = byScope.get(ctx.scope);
  if (!inScope) {
    inScope = new Map();
    byScope.set(ctx.scope, inScope);
  }
  inScope.set(fieldName, {
    span: spanBetween(first, c.prev()),
    typeSpan,
    nameSpan: spanOf(nameToken),
    numberSpan: spanBetween(numberStart, numberEnd),
    options,
  });
}

/** Reads `[name = value, ...]`, returning each option's span (`name = value`). */
function readBracketOptions(c: Cursor): Map<string, SourceSpan> {
  const options = new Map<string, SourceSpan>();
  c.next(); // [
  while (c.peek() && !c.is(']')) {
    const start = c.peek();
    const name = c.readName();
    if (!start || !c.is('=')) {
      c.next();
      continue;
    }
    c.next(); // =
    readValue(c);
    options.set(name, spanBetween(start, c.prev()));
    if (c.is(',')) c.next();
  }
  c.next(); // ]
  return options;
}

/** Consumes one option value: a scalar (with optional sign) or a `{...}` aggregate. */
function readValue(c: Cursor): void {
  if (c.is('{')) {
    c.next();
    c.skipBalanced('{', '}');
    return;
  }
  if (c.is('-') || c.is('+')) c.next();
  c.next();
  while (c.peek()?.kind === 'string' && c.prev().kind === 'string') c.next(); // adjacent string literals
}

function walkEnum(c: Cursor, loc: FileLocations, scope: string): void {
  const first = c.next();
  const name = c.next()?.text ?? '';
  c.next(); // {
  const nested = join(scope, name);
  const options = new Map<string, SourceSpan>();
  while (c.peek() && !c.is('}')) {
    const t = c.peek();
    if (!t) break;
    if (t.text === 'option' && !c.is('=', 1)) {
      c.next();
      const optionName = c.readName();
      c.skipStatement();
      options.set(optionName, spanBetween(t, c.prev()));
    } else if ((t.text === 'reserved' && !c.is('=', 1)) || t.text === ';') {
      c.skipStatement();
    } else {
      c.next(); // value name
      c.next(); // =
      const numberStart = c.peek();
      if (c.is('-')) c.next();
      c.next();
      const numberEnd = c.prev();
      if (c.is('[')) readBracketOptions(c);
      if (c.is(';')) c.next();
      if (numberStart) {
        loc.enumValues.set(`${nested}#${t.text}`, { span: spanBetween(t, c.prev()), numberSpan: spanBetween(numberStart, numberEnd) });
      }
    }
  }
  c.next(); // }
  if (first) loc.enums.set(nested, { span: spanBetween(first, c.prev()), options });
}

function walkService(c: Cursor, loc: FileLocations): void {
  const first = c.next();
  const name = c.next()?.text ?? '';
  c.next(); // {
  const options = new Map<string, SourceSpan>();
  while (c.peek() && !c.is('}')) {
    const t = c.peek();
    if (!t) break;
    if (t.text === 'option') {
      c.next();
      const optionName = c.readName();
      c.skipStatement();
      options.set(optionName, spanBetween(t, c.prev()));
    } else if (t.text === 'rpc') {
      walkMethod(c, loc, name);
    } else {
      c.skipStatement();
    }
  }
  c.next();
  if (first) loc.services.set(name, { span: spanBetween(first, c.prev()), options });
}

function readMethodType(c: Cursor): SourceSpan | undefined {
  c.next(); // (
  if (c.is('stream') && c.peek(1)?.text !== ')') c.next();
  const start = c.peek();
  c.readName();
  const span = start ? spanBetween(start, c.prev()) : undefined;
  c.next(); // )
  return span;
}

function walkMethod(c: Cursor, loc: FileLocations, service: string): void {
  const first = c.next();
  const name = c.next()?.text ?? '';
  const inputSpan = readMethodType(c);
  c.next(); // returns
  const outputSpan = readMethodType(c);
  const options = new Map<string, SourceSpan>();
  if (c.is('{')) {
    c.next();
    while (c.peek() && !c.is('}')) {
      const t = c.peek();
      if (t?.text === 'option') {
        c.next();
        const optionName = c.readName();
        c.skipStatement();
        options.set(optionName, spanBetween(t, c.prev()));
      } else {
        c.skipStatement();
      }
    }
    c.next();
  } else if (c.is(';')) {
    c.next();
  }
  if (first && inputSpan && outputSpan) {
    loc.methods.set(`${service}#${name}`, { span: spanBetween(first, c.prev()), inputSpan, outputSpan, options });
  }
}
