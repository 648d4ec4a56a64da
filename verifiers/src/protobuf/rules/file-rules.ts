/** FILE_SAME_* rules: package, syntax and file options (Buf's checkFileSameValue). */
import type { OptionValue, ProtoFile, SourceSpan } from '../proto-model.ts';
import { forEachFilePair, q, type RuleCheck } from '../rule-context.ts';

type OptionKind = 'bool' | 'string' | 'optimize';

/** descriptor.proto defaults: cc_enable_arenas defaults to true, optimize_for to SPEED, the rest false/"". */
const DEFAULTS: Record<string, string> = { cc_enable_arenas: 'true' };

function optionValue(file: ProtoFile, name: string, kind: OptionKind): string {
  const raw: OptionValue | undefined = file.options[name];
  if (raw === undefined || raw === null) {
    if (kind === 'optimize') return 'SPEED';
    return DEFAULTS[name] ?? (kind === 'bool' ? 'false' : '');
  }
  return String(raw);
}

function sameValue(read: (f: ProtoFile) => string, span: (f: ProtoFile) => SourceSpan | null, what: string): RuleCheck {
  return (ctx, emit) =>
    forEachFilePair(ctx, (file, previous) => {
      const before = read(previous);
      const after = read(file);
      if (before !== after) emit(file.path, span(file), `File ${what} changed from ${q(before)} to ${q(after)}.`);
    });
}

function fileOption(name: string, kind: OptionKind): RuleCheck {
  return sameValue(
    (f) => optionValue(f, name, kind),
    (f) => f.optionSpans.get(name) ?? null,
    `option ${q(name)}`,
  );
}

export const FILE_RULES = {
  FILE_SAME_PACKAGE: sameValue(
    (f) => f.package,
    (f) => f.packageSpan,
    'package',
  ),
  FILE_SAME_SYNTAX: sameValue(
    (f) => f.syntax,
    (f) => f.syntaxSpan,
    'syntax',
  ),
  FILE_SAME_CC_ENABLE_ARENAS: fileOption('cc_enable_arenas', 'bool'),
  FILE_SAME_CC_GENERIC_SERVICES: fileOption('cc_generic_services', 'bool'),
  FILE_SAME_CSHARP_NAMESPACE: fileOption('csharp_namespace', 'string'),
  FILE_SAME_GO_PACKAGE: fileOption('go_package', 'string'),
  FILE_SAME_JAVA_GENERIC_SERVICES: fileOption('java_generic_services', 'bool'),
  FILE_SAME_JAVA_MULTIPLE_FILES: fileOption('java_multiple_files', 'bool'),
  FILE_SAME_JAVA_OUTER_CLASSNAME: fileOption('java_outer_classname', 'string'),
  FILE_SAME_JAVA_PACKAGE: fileOption('java_package', 'string'),
  FILE_SAME_OBJC_CLASS_PREFIX: fileOption('objc_class_prefix', 'string'),
  FILE_SAME_OPTIMIZE_FOR: fileOption('optimize_for', 'optimize'),
  FILE_SAME_PHP_CLASS_PREFIX: fileOption('php_class_prefix', 'string'),
  FILE_SAME_PHP_GENERIC_SERVICES: fileOption('php_generic_services', 'bool'),
  FILE_SAME_PHP_METADATA_NAMESPACE: fileOption('php_metadata_namespace', 'string'),
  FILE_SAME_PHP_NAMESPACE: fileOption('php_namespace', 'string'),
  FILE_SAME_PY_GENERIC_SERVICES: fileOption('py_generic_services', 'bool'),
  FILE_SAME_RUBY_PACKAGE: fileOption('ruby_package', 'string'),
  FILE_SAME_SWIFT_PREFIX: fileOption('swift_prefix', 'string'),
} as const satisfies Record<string, RuleCheck>;
