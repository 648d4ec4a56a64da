import { describe, expect, test } from 'vitest';
import { compareProtobuf } from './compare-protobuf.ts';
import { findingsFor, p2, p3, type RuleCase } from './rule-test-cases.ts';

const cases: RuleCase[] = [
  {
    rule: 'MESSAGE_NO_DELETE',
    change: 'nested message deleted',
    before: p3('message A { message B {} }'),
    after: p3('message A {}'),
    message: 'Previously present message "A.B" was deleted from file.',
    reverseBreaks: false,
  },
  {
    rule: 'PACKAGE_MESSAGE_NO_DELETE',
    change: 'message deleted from package',
    before: p3('message A {} message B {}'),
    after: p3('message A {}'),
    message: 'Previously present message "B" was deleted from package "a".',
    reverseBreaks: false,
  },
  {
    rule: 'ENUM_NO_DELETE',
    change: 'enum deleted',
    before: p3('enum E { E_0 = 0; } message A {}'),
    after: p3('message A {}'),
    message: 'Previously present enum "E" was deleted from file.',
    reverseBreaks: false,
  },
  {
    rule: 'PACKAGE_ENUM_NO_DELETE',
    change: 'enum deleted from package',
    before: p3('enum E { E_0 = 0; } message A {}'),
    after: p3('message A {}'),
    message: 'Previously present enum "E" was deleted from package "a".',
    reverseBreaks: false,
  },
  {
    rule: 'SERVICE_NO_DELETE',
    change: 'service deleted',
    before: p3('message M {} service S { rpc R(M) returns (M); }'),
    after: p3('message M {}'),
    message: 'Previously present service "S" was deleted from file.',
    reverseBreaks: false,
  },
  {
    rule: 'PACKAGE_SERVICE_NO_DELETE',
    change: 'service deleted from package',
    before: p3('message M {} service S { rpc R(M) returns (M); }'),
    after: p3('message M {}'),
    message: 'Previously present service "S" was deleted from package "a".',
    reverseBreaks: false,
  },
  {
    rule: 'EXTENSION_NO_DELETE',
    change: 'extension deleted',
    before: p2('message M { extensions 10 to 20; } extend M { optional int32 x = 10; }'),
    after: p2('message M { extensions 10 to 20; }'),
    message: 'Previously present extension "x" was deleted from file.',
    reverseBreaks: false,
  },
  {
    rule: 'PACKAGE_EXTENSION_NO_DELETE',
    change: 'extension deleted from package',
    before: p2('message M { extensions 10 to 20; } extend M { optional int32 x = 10; }'),
    after: p2('message M { extensions 10 to 20; }'),
    message: 'Previously present extension "x" was deleted from package "a".',
    reverseBreaks: false,
  },
  {
    rule: 'FIELD_NO_DELETE',
    change: 'field deleted',
    before: p3('message ChargeRequest { int64 amount = 1; string currency = 3; }'),
    after: p3('message ChargeRequest { int64 amount = 1; }'),
    message: 'Previously present field "3" with name "currency" on message "ChargeRequest" was deleted.',
    reverseBreaks: false,
  },
  {
    rule: 'FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED',
    change: 'field deleted without reserving its number',
    before: p3('message M { int32 a = 1; int32 b = 2; }'),
    after: p3('message M { int32 a = 1; reserved "b"; }'),
    message: 'Previously present field "2" with name "b" on message "M" was deleted without reserving the number "2".',
    reverseBreaks: false,
  },
  {
    rule: 'FIELD_NO_DELETE_UNLESS_NAME_RESERVED',
    change: 'field deleted without reserving its name',
    before: p3('message M { int32 a = 1; int32 b = 2; }'),
    after: p3('message M { int32 a = 1; reserved 2; }'),
    message: 'Previously present field "2" with name "b" on message "M" was deleted without reserving the name "b".',
    reverseBreaks: false,
  },
  {
    rule: 'ENUM_VALUE_NO_DELETE',
    change: 'enum value deleted',
    before: p3('enum E { E_0 = 0; E_1 = 1; }'),
    after: p3('enum E { E_0 = 0; }'),
    message: 'Previously present enum value "1" on enum "E" was deleted.',
    reverseBreaks: false,
  },
  {
    rule: 'ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED',
    change: 'enum value deleted without reserving its number',
    before: p3('enum E { E_0 = 0; E_1 = 1; }'),
    after: p3('enum E { E_0 = 0; reserved "E_1"; }'),
    message: 'Previously present enum value "1" on enum "E" was deleted without reserving the number "1".',
    reverseBreaks: false,
  },
  {
    rule: 'ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED',
    change: 'enum value deleted without reserving its name',
    before: p3('enum E { E_0 = 0; E_1 = 1; }'),
    after: p3('enum E { E_0 = 0; reserved 1; }'),
    message: 'Previously present enum value "1" on enum "E" was deleted without reserving the name "E_1".',
    reverseBreaks: false,
  },
  {
    rule: 'ONEOF_NO_DELETE',
    change: 'oneof deleted',
    before: p3('message M { oneof o { int32 a = 1; } }'),
    after: p3('message M { int32 a = 1; }'),
    message: 'Previously present oneof "o" on message "M" was deleted.',
    reverseBreaks: false,
  },
  {
    rule: 'RPC_NO_DELETE',
    change: 'RPC deleted',
    before: p3('message M {} service S { rpc R(M) returns (M); rpc T(M) returns (M); }'),
    after: p3('message M {} service S { rpc R(M) returns (M); }'),
    message: 'Previously present RPC "T" on service "S" was deleted.',
    reverseBreaks: false,
  },
  {
    rule: 'RESERVED_MESSAGE_NO_DELETE',
    change: 'reserved range shrunk',
    before: p3('message M { reserved 4 to 10; }'),
    after: p3('message M { reserved 4 to 6; }'),
    message: 'Previously present reserved range "[4,10]" on message "M" is missing values: [7,10] were removed.',
    reverseBreaks: false,
  },
  {
    rule: 'RESERVED_ENUM_NO_DELETE',
    change: 'reserved name removed',
    before: p3('enum E { E_0 = 0; reserved "X"; }'),
    after: p3('enum E { E_0 = 0; }'),
    message: 'Previously present reserved name "X" on enum "E" was deleted.',
    reverseBreaks: false,
  },
  {
    rule: 'EXTENSION_MESSAGE_NO_DELETE',
    change: 'extension range removed',
    before: p2('message M { extensions 100 to 200; }'),
    after: p2('message M { extensions 100 to 150; }'),
    message: 'Previously present extension range "[100,200]" on message "M" is missing values: [151,200] were removed.',
    reverseBreaks: false,
  },
];

describe('deletion rules (Buf bufcheckserverhandle/breaking.go)', () => {
  test.each(cases)('$rule: reports "$change"', ({ rule, before, after, message }) => {
    expect(findingsFor(rule, before, after)).toEqual([message]);
  });
  test.each(cases)('$rule: the reverse of "$change" (an addition) is not breaking', ({ rule, before, after, reverseBreaks }) => {
    expect(findingsFor(rule, after, before).length > 0).toBe(reverseBreaks);
  });

  test('FILE_NO_DELETE and PACKAGE_NO_DELETE report a deleted file and package without a line (buf: no location)', () => {
    const before = { 'a.proto': p3('message A {}'), 'b.proto': 'syntax = "proto3";\npackage b;\nmessage B {}\n' };
    const result = compareProtobuf(before, { 'a.proto': before['a.proto'] }, { use: ['FILE_NO_DELETE', 'PACKAGE_NO_DELETE'] });
    expect(result.status).toBe('incompatible');
    expect(result.status === 'incompatible' && result.breakingChanges.map((f) => [f.rule, f.file, f.line, f.message])).toEqual([
      ['FILE_NO_DELETE', 'b.proto', null, 'Previously present file "b.proto" was deleted.'],
      ['PACKAGE_NO_DELETE', 'b.proto', null, 'Previously present package "b" was deleted.'],
    ]);
    expect(compareProtobuf(before, before, { use: ['FILE'] }).status).toBe('compatible');
  });
});
