import { describe, expect, test } from 'vitest';
import { ed, findingsFor, p2, p3, type RuleCase } from './rule-test-cases.ts';

const m3 = (field: string): string => p3(`message ChargeResponse { ${field} }`);
const m2 = (field: string): string => p2(`message M { ${field} }`);
const WIRE = 'See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules.';

const cases: RuleCase[] = [
  {
    rule: 'FIELD_SAME_TYPE',
    change: 'string → int32',
    before: m3('string status = 2;'),
    after: m3('int32 status = 2;'),
    message: 'Field "2" with name "status" on message "ChargeResponse" changed type from "string" to "int32".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_TYPE',
    change: 'message type renamed',
    before: p3('message A {} message B {} message M { A x = 1; }'),
    after: p3('message A {} message B {} message M { B x = 1; }'),
    message: 'Field "1" with name "x" on message "M" changed type from "a.A" to "a.B".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_WIRE_COMPATIBLE_TYPE',
    change: 'int32 → sfixed32',
    before: m3('int32 status = 2;'),
    after: m3('sfixed32 status = 2;'),
    message: `Field "2" with name "status" on message "ChargeResponse" changed type from "int32" to "sfixed32". ${WIRE}`,
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_WIRE_COMPATIBLE_TYPE',
    change: 'bytes → string (string → bytes is allowed)',
    before: m3('bytes status = 2;'),
    after: m3('string status = 2;'),
    message: `Field "2" with name "status" on message "ChargeResponse" changed type from "bytes" to "string". ${WIRE} Note that while string and bytes are compatible if the data is valid UTF-8, there is no way to enforce that a bytes field is UTF-8, so these fields may be incompatible.`,
    reverseBreaks: false,
  },
  {
    rule: 'FIELD_WIRE_JSON_COMPATIBLE_TYPE',
    change: 'int32 → int64 (wire-compatible, not JSON-compatible)',
    before: m3('int32 status = 2;'),
    after: m3('int64 status = 2;'),
    message:
      'Field "2" with name "status" on message "ChargeResponse" changed type from "int32" to "int64". See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules and https://developers.google.com/protocol-buffers/docs/proto3#json for JSON compatibility rules.',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_NAME',
    change: 'field renamed',
    before: m3('string status = 2;'),
    after: m3('string state = 2;'),
    message: 'Field "2" on message "ChargeResponse" changed name from "status" to "state".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_JSON_NAME',
    change: 'json_name set',
    before: m3('string status = 2;'),
    after: m3('string status = 2 [json_name = "st"];'),
    message: 'Field "2" with name "status" on message "ChargeResponse" changed option "json_name" from "status" to "st".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_CARDINALITY',
    change: 'singular → repeated',
    before: m3('string status = 2;'),
    after: m3('repeated string status = 2;'),
    message:
      'Field "2" with name "status" on message "ChargeResponse" changed cardinality from "optional with implicit presence" to "repeated".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_CARDINALITY',
    change: 'implicit → explicit presence (proto3 optional)',
    before: m3('string status = 2;'),
    after: m3('optional string status = 2;'),
    message:
      'Field "2" with name "status" on message "ChargeResponse" changed cardinality from "optional with implicit presence" to "optional with explicit presence".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_WIRE_COMPATIBLE_CARDINALITY',
    change: 'optional → repeated',
    before: m2('optional int32 a = 1;'),
    after: m2('repeated int32 a = 1;'),
    message: 'Field "1" with name "a" on message "M" changed cardinality from "optional with explicit presence" to "repeated".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY',
    change: 'optional → required',
    before: m2('optional int32 a = 1;'),
    after: m2('required int32 a = 1;'),
    message: 'Field "1" with name "a" on message "M" changed cardinality from "optional with explicit presence" to "required".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_ONEOF',
    change: 'field moved into a oneof',
    before: m3('int32 a = 1;'),
    after: m3('oneof o { int32 a = 1; }'),
    message: 'Field "1" with name "a" on message "ChargeResponse" moved from outside to inside a oneof.',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_DEFAULT',
    change: 'default changed',
    before: m2('optional int32 a = 1 [default = 5];'),
    after: m2('optional int32 a = 1 [default = 6];'),
    message: 'Field "1" with name "a" on message "M" changed default value from 5 to 6.',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_JSTYPE',
    change: 'jstype set on an int64',
    before: m3('int64 a = 1;'),
    after: m3('int64 a = 1 [jstype = JS_STRING];'),
    message: 'Field "1" with name "a" on message "ChargeResponse" changed option "jstype" from "JS_NORMAL" to "JS_STRING".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_CPP_STRING_TYPE',
    change: 'ctype STRING → CORD',
    before: m2('optional string a = 1;'),
    after: m2('optional string a = 1 [ctype = CORD];'),
    message: 'Field "1" with name "a" on message "M" changed C++ string type from "STRING" to "CORD".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_JAVA_UTF8_VALIDATION',
    change: 'java_string_check_utf8 turned on',
    before: m2('optional string a = 1;'),
    after: p2('option java_string_check_utf8 = true;\nmessage M { optional string a = 1; }'),
    message: 'Field "1" with name "a" on message "M" changed Java string UTF8 validation from "NONE" to "VERIFY".',
    reverseBreaks: true,
  },
  {
    rule: 'FIELD_SAME_UTF8_VALIDATION',
    change: 'utf8_validation VERIFY → NONE',
    before: ed('message M { string a = 1; }'),
    after: ed('message M { string a = 1 [features.utf8_validation = NONE]; }'),
    message: 'Field "1" with name "a" on message "M" changed UTF8 validation from VERIFY to NONE.',
    reverseBreaks: true,
  },
];

describe('field rules (Buf bufcheckserverhandle/breaking.go)', () => {
  test.each(cases)('$rule: reports $change', ({ rule, before, after, message }) => {
    expect(findingsFor(rule, before, after)).toEqual([message]);
  });
  test.each(cases)('$rule: the reverse of "$change" breaks = $reverseBreaks', ({ rule, before, after, reverseBreaks }) => {
    expect(findingsFor(rule, after, before).length > 0).toBe(reverseBreaks);
  });
  test.each(cases)('$rule: an unchanged field reports nothing', ({ rule, before }) => {
    expect(findingsFor(rule, before, before)).toEqual([]);
  });
});
