/**
 * Benchmark: compares two versions of a 1 000-message .proto set and of a 2 000-property JSON Schema.
 * Run: npx tsx verifiers/bench/schema-compat.bench.ts   (goal: median < 50 ms each)
 */
import { compareJsonSchemas } from '../src/jsonschema/compare-json-schemas.ts';
import type { JsonValue } from '../src/jsonschema/schema-refs.ts';
import { compareProtobuf } from '../src/protobuf/compare-protobuf.ts';
import { loadProtoFiles, type ProtoSources } from '../src/protobuf/proto-loader.ts';

const FILES = 10;
const MESSAGES_PER_FILE = 100;

function protoSet(variant: 'v1' | 'v2'): ProtoSources {
  const sources: Record<string, string> = {};
  for (let f = 0; f < FILES; f++) {
    const lines = ['syntax = "proto3";', `package bench.f${f}.v1;`, f > 0 ? 'import "file0.proto";' : '', 'option java_package = "com.bench";', ''];
    for (let m = 0; m < MESSAGES_PER_FILE; m++) {
      const changed = variant === 'v2' && f === 3 && m % 25 === 0;
      lines.push(`message Msg${m} {`);
      lines.push(`  string id = 1;`);
      lines.push(`  ${changed ? 'int32' : 'int64'} amount = 2;`);
      lines.push(`  repeated string tags = 3 [json_name = "${changed ? 'labels' : 'tags'}"];`);
      lines.push(`  Status status = 4;`);
      if (!(variant === 'v2' && f === 5 && m === 7)) lines.push(`  map<string, string> attributes = 5;`);
      lines.push(`  oneof choice { string a = 6; int32 b = 7; }`);
      lines.push(`  message Inner { bool flag = 1; }`);
      lines.push(`  Inner inner = 8;`);
      lines.push(`  reserved 100 to 110;`);
      lines.push('}');
    }
    lines.push('enum Status { STATUS_UNSPECIFIED = 0; STATUS_OK = 1; STATUS_FAILED = 2; }');
    lines.push(`service Svc${f} { rpc Get(Msg0) returns (Msg1); rpc ${variant === 'v2' && f === 9 ? 'Watch(Msg0) returns (stream Msg1)' : 'Watch(Msg0) returns (Msg1)'}; }`);
    sources[`file${f}.proto`] = lines.join('\n');
  }
  return sources;
}

function jsonSchema(variant: 'v1' | 'v2'): JsonValue {
  const properties: Record<string, JsonValue> = {};
  for (let i = 0; i < 2000; i++) {
    const kind = i % 4;
    properties[`p${i}`] =
      kind === 0 ? { type: 'string', maxLength: variant === 'v2' && i === 400 ? 10 : 20 }
      : kind === 1 ? { type: variant === 'v2' && i === 801 ? 'number' : 'integer', minimum: 0 }
      : kind === 2 ? { type: 'string', enum: variant === 'v2' && i === 1202 ? ['a', 'b', 'c'] : ['a', 'b'] }
      : { $ref: '#/$defs/Money' };
  }
  if (variant === 'v2') delete properties['p1999'];
  return { type: 'object', properties, required: ['p0', 'p1'], additionalProperties: false, $defs: { Money: { type: 'object', properties: { amount: { type: 'integer' }, currency: { type: 'string' } } } } };
}

function median(run: () => void, iterations: number): number {
  for (let i = 0; i < 3; i++) run();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const before = protoSet('v1');
const after = protoSet('v2');
const loadedBefore = loadProtoFiles(before);
const loadedAfter = loadProtoFiles(after);
if (loadedBefore.status !== 'ok' || loadedAfter.status !== 'ok') throw new Error('benchmark .proto set does not load');
const messages = loadedBefore.fileSet.files.reduce((n, f) => n + f.messages.filter((m) => !m.isMapEntry && !m.nestedName.includes('.')).length, 0);

const check = compareProtobuf(before, after, { use: ['FILE'] });
const protoFindings = check.status === 'incompatible' ? check.breakingChanges.length : 0;
const protoFull = median(() => compareProtobuf(before, after), 15);
const protoFileCategory = median(() => compareProtobuf(before, after, { use: ['FILE'] }), 15);
const protoCompareOnly = median(() => compareProtobuf(loadedBefore.fileSet, loadedAfter.fileSet, { use: ['FILE'] }), 15);

const s1 = jsonSchema('v1');
const s2 = jsonSchema('v2');
const jsonResult = compareJsonSchemas(s1, s2, { mode: 'FULL' });
const jsonBackward = median(() => compareJsonSchemas(s1, s2), 15);
const jsonFull = median(() => compareJsonSchemas(s1, s2, { mode: 'FULL' }), 15);

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
console.log(`protobuf: ${FILES} files, ${messages} top-level messages, ${protoFindings} findings (FILE)`);
console.log(`  parse + compare, WIRE_JSON (default): median ${fmt(protoFull)}`);
console.log(`  parse + compare, FILE (all file rules): median ${fmt(protoFileCategory)}`);
console.log(`  compare only (pre-loaded), FILE:       median ${fmt(protoCompareOnly)}`);
console.log(`json schema: 2000 properties, status ${jsonResult.status}, ${jsonResult.status === 'incompatible' ? jsonResult.breakingChanges.length : 0} breaking changes (FULL)`);
console.log(`  validate + diff, BACKWARD: median ${fmt(jsonBackward)}`);
console.log(`  validate + diff, FULL:     median ${fmt(jsonFull)}`);
