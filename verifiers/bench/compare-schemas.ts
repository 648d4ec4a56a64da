/**
 * The #8 benchmark: time to compare two versions of a 1 000-message .proto set and of a 2 000-property JSON Schema
 * (goal: each under 50 ms). `benchSchemaComparison()` is what `npm run bench` calls; run this file directly for a report:
 *   npx tsx verifiers/bench/compare-schemas.ts
 * Times are medians of several runs after warm-up. `parseMs` parses both versions cold (the parse cache is cleared
 * before each run), `compareMs` compares pre-loaded models, `totalMs` is compareProtobuf on the sources, cold.
 */
import { pathToFileURL } from 'node:url';
import { compareJsonSchemas } from '../src/jsonschema/compare-json-schemas.ts';
import type { JsonValue } from '../src/jsonschema/schema-refs.ts';
import { compareProtobuf } from '../src/protobuf/compare-protobuf.ts';
import { clearParseCache, loadProtoFiles, type ProtoSources } from '../src/protobuf/proto-loader.ts';

export interface SchemaBenchResult {
  /** totalMs: cold (nothing cached); cachedTotalMs: both versions already parsed (content-hash cache), e.g. a re-check */
  protobuf: { messages: number; parseMs: number; compareMs: number; totalMs: number; cachedTotalMs: number };
  jsonschema: { properties: number; compareMs: number };
}

const FILES = 10;
const MESSAGES_PER_FILE = 100;
const PROPERTIES = 2000;

/** Ten files of ~100 messages each (1 000 with common.proto's), every file importing common.proto (shared enum and message) and declaring a service. */
export function protoSet(variant: 'previous' | 'current'): ProtoSources {
  const v2 = variant === 'current';
  const sources: Record<string, string> = {
    'bench/common.proto': [
      'syntax = "proto3";',
      'package bench.common.v1;',
      'enum Status { STATUS_UNSPECIFIED = 0; STATUS_OK = 1; STATUS_FAILED = 2;' + (v2 ? '' : ' STATUS_RETRY = 3;') + ' }',
      'message Money { string currency = 1; int64 units = 2; int32 nanos = 3; }',
      '',
    ].join('\n'),
  };
  for (let f = 0; f < FILES; f++) {
    const lines = [
      'syntax = "proto3";',
      `package bench.f${f}.v1;`,
      'import "bench/common.proto";',
      'option java_package = "com.bench";',
      '',
    ];
    // 999 here plus common.proto's Money: 1 000 top-level messages.
    const count = f === FILES - 1 ? MESSAGES_PER_FILE - 1 : MESSAGES_PER_FILE;
    for (let m = 0; m < count; m++) {
      const changed = v2 && f === 3 && m % 25 === 0; // 4 fields change type, 4 json names change
      lines.push(`message Msg${m} {`);
      lines.push('  string id = 1;');
      lines.push(`  ${changed ? 'int32' : 'int64'} amount = 2;`);
      lines.push(`  repeated string tags = 3 [json_name = "${changed ? 'labels' : 'tags'}"];`);
      lines.push('  bench.common.v1.Status status = 4;');
      if (!(v2 && f === 5 && m === 7)) lines.push('  map<string, string> attributes = 5;'); // one field deleted
      lines.push('  oneof choice { string a = 6; int32 b = 7; }');
      lines.push('  message Inner { bool flag = 1; bench.common.v1.Money price = 2; }');
      lines.push('  Inner inner = 8;');
      lines.push(`  ${m > 0 ? `Msg${m - 1}` : 'bench.common.v1.Money'} previous = 9;`);
      lines.push('  reserved 100 to 110;');
      lines.push('}');
    }
    lines.push(`enum Kind${f} { KIND${f}_UNSPECIFIED = 0; KIND${f}_A = 1; KIND${f}_B = 2; }`);
    const watch = v2 && f === 9 ? 'rpc Watch(Msg0) returns (stream Msg1);' : 'rpc Watch(Msg0) returns (Msg1);'; // streaming changed
    lines.push(`service Svc${f} { rpc Get(Msg0) returns (Msg1); ${watch} }`);
    sources[`bench/f${f}.proto`] = lines.join('\n');
  }
  return sources;
}

/** 2 000 properties of four shapes; the current version tightens a maxLength, narrows a type, drops an enum value and a property. */
export function jsonSchema(variant: 'previous' | 'current'): JsonValue {
  const v2 = variant === 'current';
  const properties: Record<string, JsonValue> = {};
  for (let i = 0; i < PROPERTIES; i++) {
    const kind = i % 4;
    properties[`p${i}`] =
      kind === 0
        ? { type: 'string', maxLength: v2 && i === 400 ? 10 : 20 }
        : kind === 1
          ? { type: v2 && i === 801 ? 'integer' : 'number', minimum: 0 }
          : kind === 2
            ? { type: 'string', enum: v2 && i === 1202 ? ['a'] : ['a', 'b'] }
            : { $ref: '#/$defs/Money' };
  }
  if (v2) delete properties[`p${PROPERTIES - 1}`];
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties,
    required: ['p0', 'p1'],
    additionalProperties: false,
    $defs: { Money: { type: 'object', properties: { amount: { type: 'integer' }, currency: { type: 'string' } } } },
  };
}

/** Median of `runs` timings after `warmup` untimed runs. */
function median(run: () => void, runs = 9, warmup = 3): number {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

export async function benchSchemaComparison(): Promise<SchemaBenchResult> {
  const previous = protoSet('previous');
  const current = protoSet('current');
  const loadedPrevious = loadProtoFiles(previous);
  const loadedCurrent = loadProtoFiles(current);
  if (loadedPrevious.status !== 'ok' || loadedCurrent.status !== 'ok') throw new Error('the benchmark .proto set does not load');
  const messages = loadedPrevious.fileSet.files.reduce(
    (n, f) => n + f.messages.filter((m) => !m.isMapEntry && !m.nestedName.includes('.')).length,
    0,
  );
  const check = compareProtobuf(previous, current);
  if (check.status !== 'incompatible') throw new Error(`the benchmark change set should break WIRE_JSON, got ${check.status}`);

  const parseMs = median(() => {
    clearParseCache();
    loadProtoFiles(previous);
    loadProtoFiles(current);
  });
  const compareMs = median(() => compareProtobuf(loadedPrevious.fileSet, loadedCurrent.fileSet));
  const totalMs = median(() => {
    clearParseCache();
    compareProtobuf(previous, current);
  });
  loadProtoFiles(previous);
  loadProtoFiles(current);
  const cachedTotalMs = median(() => compareProtobuf(previous, current));

  const before = jsonSchema('previous');
  const after = jsonSchema('current');
  const json = compareJsonSchemas(before, after);
  if (json.status !== 'incompatible') throw new Error(`the benchmark JSON Schema change should be incompatible, got ${json.status}`);
  const jsonMs = median(() => compareJsonSchemas(before, after));
  // Give the event loop a turn, so a caller running several benchmarks stays responsive.
  await new Promise((resolve) => setImmediate(resolve));
  return {
    protobuf: {
      messages,
      parseMs: round(parseMs),
      compareMs: round(compareMs),
      totalMs: round(totalMs),
      cachedTotalMs: round(cachedTotalMs),
    },
    jsonschema: { properties: PROPERTIES, compareMs: round(jsonMs) },
  };
}

async function main(): Promise<void> {
  const result = await benchSchemaComparison();
  const goal = (ms: number): string => (ms < 50 ? 'under the 50 ms goal' : 'OVER the 50 ms goal');
  console.log(`protobuf: ${result.protobuf.messages} messages in ${FILES + 1} files (WIRE_JSON)`);
  console.log(`  parse both versions (cold):  ${result.protobuf.parseMs} ms`);
  console.log(`  compare pre-loaded models:   ${result.protobuf.compareMs} ms`);
  console.log(`  parse + compare (cold):      ${result.protobuf.totalMs} ms  ${goal(result.protobuf.totalMs)}`);
  console.log(
    `  parse + compare (cached):    ${result.protobuf.cachedTotalMs} ms  ${goal(result.protobuf.cachedTotalMs)} (same texts parsed before)`,
  );
  console.log(`json schema: ${result.jsonschema.properties} properties (BACKWARD, with meta-schema validation)`);
  console.log(`  validate + compare:          ${result.jsonschema.compareMs} ms  ${goal(result.jsonschema.compareMs)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
