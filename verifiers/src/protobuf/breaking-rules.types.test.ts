import { describe, expect, test } from 'vitest';
import { compareProtobuf } from './compare-protobuf.ts';
import { selectRules } from './breaking-rules.ts';
import { ed, findingsFor, p2, p3, type RuleCase } from './rule-test-cases.ts';

const svc = (rpc: string, extra = ''): string => p3(`message Req {} message Res {} message Other {} service Pay { ${rpc} ${extra} }`);
const file = (options: string): string => `syntax = "proto3";\npackage a;\n${options}\nmessage M {}\n`;

const cases: RuleCase[] = [
  {
    rule: 'MESSAGE_SAME_REQUIRED_FIELDS',
    change: 'required field added',
    before: p2('message M { optional int32 a = 1; }'),
    after: p2('message M { optional int32 a = 1; required int32 b = 2; }'),
    message:
      'Message "M" had required field "2" added. Required fields must always be sent, so if one side does not know about the required field, this will result in a breakage.',
    reverseBreaks: true,
  },
  {
    rule: 'MESSAGE_SAME_JSON_FORMAT',
    change: 'json_format ALLOW → LEGACY_BEST_EFFORT',
    before: ed('message M {}'),
    after: ed('message M { option features.json_format = LEGACY_BEST_EFFORT; }'),
    message: 'Message "M" JSON format support changed from ALLOW to LEGACY_BEST_EFFORT.',
    reverseBreaks: false,
  },
  {
    rule: 'ENUM_SAME_JSON_FORMAT',
    change: 'json_format ALLOW → LEGACY_BEST_EFFORT',
    before: ed('enum E { E_0 = 0; }'),
    after: ed('enum E { option features.json_format = LEGACY_BEST_EFFORT; E_0 = 0; }'),
    message: 'Enum "E" JSON format support changed from ALLOW to LEGACY_BEST_EFFORT.',
    reverseBreaks: false,
  },
  {
    rule: 'ENUM_SAME_TYPE',
    change: 'open → closed',
    before: ed('enum E { E_0 = 0; }'),
    after: ed('enum E { option features.enum_type = CLOSED; E_0 = 0; }'),
    message: 'Enum "E" changed from open to closed.',
    reverseBreaks: true,
  },
  {
    rule: 'ENUM_VALUE_SAME_NAME',
    change: 'value renamed',
    before: p3('enum E { E_0 = 0; E_ONE = 1; }'),
    after: p3('enum E { E_0 = 0; E_UNO = 1; }'),
    message: 'Enum value "1" on enum "E" changed name from "E_ONE" to "E_UNO".',
    reverseBreaks: true,
  },
  {
    rule: 'MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR',
    change: 'no_standard_descriptor_accessor turned on',
    before: p2('message M {}'),
    after: p2('message M { option no_standard_descriptor_accessor = true; }'),
    message: 'Message option "no_standard_descriptor_accessor" changed from "false" to "true".',
    reverseBreaks: false,
  },
  {
    rule: 'MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT',
    change: 'message_set_wire_format turned on',
    before: p2('message M { extensions 4 to max; }'),
    after: p2('message M { option message_set_wire_format = true; extensions 4 to max; }'),
    message: 'Message option "message_set_wire_format" changed from "false" to "true".',
    reverseBreaks: true,
  },
  {
    rule: 'RPC_SAME_REQUEST_TYPE',
    change: 'request type changed',
    before: svc('rpc Charge(Req) returns (Res);'),
    after: svc('rpc Charge(Other) returns (Res);'),
    message: 'RPC "Charge" on service "Pay" changed request type from "a.Req" to "a.Other".',
    reverseBreaks: true,
  },
  {
    rule: 'RPC_SAME_RESPONSE_TYPE',
    change: 'response type changed',
    before: svc('rpc Charge(Req) returns (Res);'),
    after: svc('rpc Charge(Req) returns (Other);'),
    message: 'RPC "Charge" on service "Pay" changed response type from "a.Res" to "a.Other".',
    reverseBreaks: true,
  },
  {
    rule: 'RPC_SAME_CLIENT_STREAMING',
    change: 'client unary → streaming',
    before: svc('rpc Charge(Req) returns (Res);'),
    after: svc('rpc Charge(stream Req) returns (Res);'),
    message: 'RPC "Charge" on service "Pay" changed from client unary to client streaming.',
    reverseBreaks: true,
  },
  {
    rule: 'RPC_SAME_SERVER_STREAMING',
    change: 'server unary → streaming',
    before: svc('rpc Charge(Req) returns (Res);'),
    after: svc('rpc Charge(Req) returns (stream Res);'),
    message: 'RPC "Charge" on service "Pay" changed from server unary to server streaming.',
    reverseBreaks: true,
  },
  {
    rule: 'RPC_SAME_IDEMPOTENCY_LEVEL',
    change: 'idempotency_level set',
    before: svc('rpc Charge(Req) returns (Res);'),
    after: svc('rpc Charge(Req) returns (Res) { option idempotency_level = IDEMPOTENT; }'),
    message: 'RPC "Charge" on service "Pay" changed option "idempotency_level" from "IDEMPOTENCY_UNKNOWN" to "IDEMPOTENT".',
    reverseBreaks: true,
  },
  {
    rule: 'FILE_SAME_PACKAGE',
    change: 'package renamed',
    before: p3('message M {}'),
    after: 'syntax = "proto3";\npackage b;\nmessage M {}\n',
    message: 'File package changed from "a" to "b".',
    reverseBreaks: true,
  },
  {
    rule: 'FILE_SAME_SYNTAX',
    change: 'proto2 → proto3',
    before: p2('message M {}'),
    after: p3('message M {}'),
    message: 'File syntax changed from "proto2" to "proto3".',
    reverseBreaks: true,
  },
  ...(
    [
      ['FILE_SAME_JAVA_PACKAGE', 'java_package', '"com.pay"', 'string'],
      ['FILE_SAME_JAVA_OUTER_CLASSNAME', 'java_outer_classname', '"Pay"', 'string'],
      ['FILE_SAME_JAVA_MULTIPLE_FILES', 'java_multiple_files', 'true', 'bool'],
      ['FILE_SAME_JAVA_GENERIC_SERVICES', 'java_generic_services', 'true', 'bool'],
      ['FILE_SAME_GO_PACKAGE', 'go_package', '"example.com/pay"', 'string'],
      ['FILE_SAME_CSHARP_NAMESPACE', 'csharp_namespace', '"Pay"', 'string'],
      ['FILE_SAME_OBJC_CLASS_PREFIX', 'objc_class_prefix', '"PAY"', 'string'],
      ['FILE_SAME_PHP_NAMESPACE', 'php_namespace', '"Pay"', 'string'],
      ['FILE_SAME_PHP_CLASS_PREFIX', 'php_class_prefix', '"P"', 'string'],
      ['FILE_SAME_PHP_METADATA_NAMESPACE', 'php_metadata_namespace', '"Meta"', 'string'],
      ['FILE_SAME_RUBY_PACKAGE', 'ruby_package', '"Pay"', 'string'],
      ['FILE_SAME_SWIFT_PREFIX', 'swift_prefix', '"P"', 'string'],
      ['FILE_SAME_CC_GENERIC_SERVICES', 'cc_generic_services', 'true', 'bool'],
      ['FILE_SAME_PY_GENERIC_SERVICES', 'py_generic_services', 'true', 'bool'],
      ['FILE_SAME_CC_ENABLE_ARENAS', 'cc_enable_arenas', 'false', 'bool'],
      ['FILE_SAME_OPTIMIZE_FOR', 'optimize_for', 'LITE_RUNTIME', 'enum'],
    ] as const
  ).map(([rule, option, value, kind]): RuleCase => {
    const from = kind === 'bool' ? (option === 'cc_enable_arenas' ? 'true' : 'false') : kind === 'enum' ? 'SPEED' : '';
    return {
      rule,
      change: `${option} set`,
      before: file(''),
      after: file(`option ${option} = ${value};`),
      message: `File option "${option}" changed from "${from}" to "${value.replace(/"/g, '')}".`,
      reverseBreaks: true,
    };
  }),
];

describe('message, enum, RPC and file rules (Buf bufcheckserverhandle/breaking.go)', () => {
  test.each(cases)('$rule: reports $change', ({ rule, before, after, message }) => {
    expect(findingsFor(rule, before, after)).toEqual([message]);
  });
  test.each(cases)('$rule: the reverse of "$change" breaks = $reverseBreaks', ({ rule, before, after, reverseBreaks }) => {
    expect(findingsFor(rule, after, before).length > 0).toBe(reverseBreaks);
  });
});

describe('rule selection (buf.yaml breaking.use / except)', () => {
  test('WIRE_JSON is the default and includes FIELD_SAME_NAME but not FIELD_SAME_TYPE', () => {
    const s = selectRules();
    expect(s.status === 'ok' && s.rules.has('FIELD_SAME_NAME')).toBe(true);
    expect(s.status === 'ok' && s.rules.has('FIELD_SAME_TYPE')).toBe(false);
  });
  test('deprecated FIELD_SAME_LABEL expands to the three cardinality rules', () => {
    const s = selectRules(['FIELD_SAME_LABEL']);
    expect(s.status === 'ok' && [...s.rules].sort()).toEqual([
      'FIELD_SAME_CARDINALITY',
      'FIELD_WIRE_COMPATIBLE_CARDINALITY',
      'FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY',
    ]);
  });
  test('an unknown rule makes the comparison invalid, never compatible', () => {
    expect(compareProtobuf({}, {}, { use: ['NOT_A_RULE'] }).status).toBe('invalid');
  });
});

describe('when a .proto does not parse', () => {
  test('returns invalid with file, line and column (never compatible)', () => {
    const result = compareProtobuf({ 'a.proto': p3('message M {}') }, { 'a.proto': 'syntax = "proto3";\nmessage M {\n  int32 a = ;\n}\n' });
    expect(result.status).toBe('invalid');
    expect(result.status === 'invalid' && result.errors.map((e) => [e.side, e.file, e.line, e.column])).toEqual([
      ['current', 'a.proto', 3, 13],
    ]);
  });
  test('an unresolved import is invalid', () => {
    const result = compareProtobuf({}, { 'a.proto': 'syntax = "proto3";\nimport "missing.proto";\nmessage M {}\n' });
    expect(result.status === 'invalid' && result.errors[0]?.line).toBe(2);
  });
  test('an unknown field type is invalid', () => {
    const result = compareProtobuf({}, { 'a.proto': p3('message M { Nope x = 1; }') });
    expect(result.status === 'invalid' && result.errors[0]?.message).toMatch(/unknown type Nope/);
  });
});
