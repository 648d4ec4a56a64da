/** Rules about deleted elements (files, packages, messages, enums, services, extensions, fields, values, RPCs). */
import type { ProtoFile, SourceSpan } from '../proto-model.ts';
import {
  deletedElementAnchor,
  fieldDescription,
  fieldsByNumber,
  forEachEnumPair,
  forEachFilePair,
  forEachMessagePair,
  forEachServicePair,
  q,
  type Emit,
  type RuleCheck,
  type RuleContext,
} from '../rule-context.ts';

type Nested = { readonly nestedName: string };

/** X_NO_DELETE within a file: `Previously present <kind> "<nested>" was deleted from file.` */
function fileScoped(kind: string, list: (f: ProtoFile) => readonly Nested[]): RuleCheck {
  return (ctx, emit) =>
    forEachFilePair(ctx, (file, previous) => {
      const present = new Set(list(file).map((e) => e.nestedName));
      for (const e of list(previous)) {
        if (present.has(e.nestedName)) continue;
        emit(file.path, deletedElementAnchor(file, e.nestedName), `Previously present ${kind} ${q(e.nestedName)} was deleted from file.`);
      }
    });
}

/** PACKAGE_X_NO_DELETE: per package that still exists; located in the previous element's file if it still exists. */
function packageScoped(kind: string, list: (f: ProtoFile) => readonly Nested[], anchored = true): RuleCheck {
  return (ctx, emit) => {
    const present = byPackage(ctx.current.set.files, list);
    const previous = byPackage(ctx.previous.set.files, list);
    for (const [pkg, elements] of previous) {
      const now = present.get(pkg);
      if (!now) continue;
      for (const [nestedName, previousFile] of elements) {
        if (now.has(nestedName)) continue;
        const message = `Previously present ${kind} ${q(nestedName)} was deleted from package ${q(pkg)}.`;
        const file = ctx.current.files.get(previousFile);
        // Buf anchors a deleted message to its closest parent anywhere in the package, other elements within the file.
        const anchor =
          !file || !anchored
            ? null
            : kind === 'message'
              ? packageAnchor(ctx, pkg, nestedName)
              : { file: file.path, span: deletedElementAnchor(file, nestedName) };
        if (file) emit(anchor?.file ?? file.path, anchor?.span ?? null, message);
        else emit(previousFile, null, message);
      }
    }
  };
}

function packageAnchor(ctx: RuleContext, pkg: string, nestedName: string): { file: string; span: SourceSpan | null } | null {
  const parts = nestedName.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const parent = ctx.current.messages.get([pkg, ...parts.slice(0, i)].filter(Boolean).join('.'));
    if (parent) return { file: parent.file, span: parent.span };
  }
  return null;
}

function byPackage(files: readonly ProtoFile[], list: (f: ProtoFile) => readonly Nested[]): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  for (const file of files) {
    const elements = result.get(file.package) ?? new Map<string, string>();
    for (const e of list(file)) elements.set(e.nestedName, file.path);
    result.set(file.package, elements);
  }
  return result;
}

const services = (f: ProtoFile): Nested[] => f.services.map((s) => ({ nestedName: s.name }));

const fileNoDelete: RuleCheck = (ctx, emit) => {
  for (const path of ctx.previous.files.keys()) {
    if (!ctx.current.files.has(path)) emit(path, null, `Previously present file ${q(path)} was deleted.`);
  }
};

const packageNoDelete: RuleCheck = (ctx, emit) => {
  const current = new Set(ctx.current.set.files.map((f) => f.package));
  const previous = new Map<string, string[]>();
  for (const f of ctx.previous.set.files) previous.set(f.package, [...(previous.get(f.package) ?? []), f.path]);
  for (const [pkg, paths] of previous) {
    if (!current.has(pkg)) emit(paths.sort()[0] ?? '', null, `Previously present package ${q(pkg)} was deleted.`);
  }
};

const serviceNoDelete: RuleCheck = (ctx, emit) =>
  forEachFilePair(ctx, (file, previous) => {
    const present = new Set(file.services.map((s) => s.name));
    for (const s of previous.services) {
      if (!present.has(s.name)) emit(file.path, null, `Previously present service ${q(s.name)} was deleted from file.`);
    }
  });

function fieldNoDelete(unless: 'number' | 'name' | null): RuleCheck {
  return (ctx, emit) =>
    forEachMessagePair(ctx, (message, previous) => {
      // The shared per-message index, not a Set built per message for each of the three variants of this rule.
      const numbers = fieldsByNumber(message);
      for (const field of previous.fields) {
        if (numbers.has(field.number)) continue;
        if (unless === 'number' && message.reservedRanges.some((r) => field.number >= r.start && field.number <= r.end)) continue;
        if (unless === 'name' && message.reservedNames.includes(field.name)) continue;
        const suffix =
          unless === 'number'
            ? ` without reserving the number "${field.number}"`
            : unless === 'name'
              ? ` without reserving the name ${q(field.name)}`
              : '';
        const description = fieldDescription(field);
        emit(
          message.file,
          message.span,
          `Previously present ${description[0]?.toLowerCase()}${description.slice(1)} was deleted${suffix}.`,
        );
      }
    });
}

function enumValueNoDelete(unless: 'number' | 'name' | null): RuleCheck {
  return (ctx, emit) =>
    forEachEnumPair(ctx, (e, previous) => {
      const numbers = new Set(e.values.map((v) => v.number));
      const previousByNumber = new Map<number, string[]>();
      for (const v of previous.values) previousByNumber.set(v.number, [...(previousByNumber.get(v.number) ?? []), v.name]);
      for (const [number, names] of previousByNumber) {
        if (numbers.has(number)) continue;
        if (unless === 'number' && e.reservedRanges.some((r) => number >= r.start && number <= r.end)) continue;
        if (unless === 'name' && names.every((n) => e.reservedNames.includes(n))) continue;
        const sorted = [...names].sort();
        const suffix =
          unless === 'number'
            ? ` without reserving the number "${number}"`
            : unless === 'name'
              ? ` without reserving the name${sorted.length > 1 ? 's' : ''} ${sorted.map(q).join(', ')}`
              : '';
        emit(e.file, e.span, `Previously present enum value "${number}" on enum ${q(e.name)} was deleted${suffix}.`);
      }
    });
}

const oneofNoDelete: RuleCheck = (ctx, emit) =>
  forEachMessagePair(ctx, (message, previous) => {
    for (const oneof of previous.oneofs) {
      if (!message.oneofs.includes(oneof))
        emit(message.file, message.span, `Previously present oneof ${q(oneof)} on message ${q(message.name)} was deleted.`);
    }
  });

const rpcNoDelete: RuleCheck = (ctx, emit) =>
  forEachServicePair(ctx, (service, previous) => {
    const names = new Set(service.methods.map((m) => m.name));
    for (const m of previous.methods) {
      if (!names.has(m.name))
        emit(service.file, service.span, `Previously present RPC ${q(m.name)} on service ${q(service.name)} was deleted.`);
    }
  });

const extensions = (f: ProtoFile): readonly Nested[] => f.extensions;

export const DELETION_RULES = {
  FILE_NO_DELETE: fileNoDelete,
  PACKAGE_NO_DELETE: packageNoDelete,
  MESSAGE_NO_DELETE: fileScoped('message', (f) => f.messages),
  PACKAGE_MESSAGE_NO_DELETE: packageScoped('message', (f) => f.messages),
  ENUM_NO_DELETE: fileScoped('enum', (f) => f.enums),
  PACKAGE_ENUM_NO_DELETE: packageScoped('enum', (f) => f.enums),
  SERVICE_NO_DELETE: serviceNoDelete,
  PACKAGE_SERVICE_NO_DELETE: packageScoped('service', services, false),
  EXTENSION_NO_DELETE: fileScoped('extension', extensions),
  PACKAGE_EXTENSION_NO_DELETE: packageScoped('extension', extensions),
  FIELD_NO_DELETE: fieldNoDelete(null),
  FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED: fieldNoDelete('number'),
  FIELD_NO_DELETE_UNLESS_NAME_RESERVED: fieldNoDelete('name'),
  ENUM_VALUE_NO_DELETE: enumValueNoDelete(null),
  ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED: enumValueNoDelete('number'),
  ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED: enumValueNoDelete('name'),
  ONEOF_NO_DELETE: oneofNoDelete,
  RPC_NO_DELETE: rpcNoDelete,
} as const satisfies Record<string, RuleCheck>;

export type { Emit, RuleContext };
