// treaty schema diff: compares two local versions of a schema (files or folders), no broker involved,
// like `buf breaking --against`. Exit 0 compatible, 1 breaking, 2 unknown or bad input.
import { Command, Option } from 'commander';
import { COMPATIBILITY_MODES, type CompatibilityMode } from '@treaty/verifiers/jsonschema';
import type { SchemaKind } from '@treaty/wire';
import { InvalidOptionError } from '../errors.ts';
import { action, type CommandContext } from './command-kit.ts';
import { SCHEMA_KINDS } from './schema-kinds.ts';
import { exitCodeFor, formatSchemaReport } from './schema-report.ts';

interface DiffOptions {
  kind: SchemaKind;
  use: string[];
  except: string[];
  mode: CompatibilityMode;
  output: 'text' | 'json';
}

const help = `
Compares PREVIOUS (the published or main-branch version) with CURRENT (your change), each a file or a
folder, and lists every breaking change as file:line:column: [RULE] message. Nothing is sent anywhere.

--kind protobuf   Buf's breaking-change rules (FILE, PACKAGE, WIRE_JSON, WIRE categories or single rule IDs).
                  A buf.yaml in the CURRENT (else PREVIOUS) folder is honoured: breaking.use, except, ignore,
                  ignore_only, ignore_unstable_packages and build.roots. --use replaces its "use", --except adds
                  to its "except". Without buf.yaml or --use: WIRE_JSON. Imports resolve within each folder.
--kind jsonschema Confluent Schema Registry's JSON Schema rules (draft-07, 2019-09, 2020-12): types narrowed,
                  properties removed from closed objects, required added, enum values removed, bounds tightened,
                  $refs followed (also to other files of the same folder, paired by relative path).
--kind openapi    OpenAPI 3.0/3.1, JSON or YAML. Per operation: operation removed, new required parameter,
                  request body made required, JSON media type removed, and request/response body and parameter
                  schemas classified by the JSON Schema rules (requests as read by the new server, responses as
                  read by old clients). Not covered: security, headers, links, callbacks, new status codes.
--kind asyncapi   AsyncAPI 2.x/3.x, JSON or YAML (a file, or a folder: the document and the files it $refs),
                  validated with @asyncapi/parser. Channel (by address), message or operation removed, operation
                  action or channel changed, content type changed, and payload and header schemas classified by the
                  JSON Schema rules (messages the application sends as read by its consumers, those it receives
                  as read by the application).

--mode (Confluent's compatibility modes): BACKWARD (default) new readers read old data; FORWARD old readers
read new data; FULL both; *_TRANSITIVE equal the plain mode for two versions; NONE checks nothing.

Examples:
  $ treaty schema diff --kind protobuf main/proto proto
  $ treaty schema diff --kind protobuf old/payment.proto payment.proto --use WIRE --except FIELD_SAME_JSON_NAME
  $ treaty schema diff --kind jsonschema order-placed.v1.json order-placed.json --mode FULL --output json
  $ treaty schema diff --kind openapi previous/openapi.yaml contracts/openapi.yaml
  $ treaty schema diff --kind asyncapi main/contracts/asyncapi.yaml contracts/asyncapi.yaml

JSON output: {"verdict": "compatible"|"breaking"|"unknown", "findings": [{"rule", "file", "line", "column", "message"}]}

Exit codes:
  0  compatible
  1  breaking: at least one finding
  2  unknown (a construct Treaty does not analyse), invalid flags, or a file that does not parse
     (the message names file:line:column)`;

const collect = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

export function schemaDiffCommand(ctx: CommandContext): Command {
  return new Command('diff')
    .summary('compare two local versions of a schema (no broker)')
    .description('Compare two local versions of a .proto set, JSON Schema, OpenAPI or AsyncAPI document and list the breaking changes.')
    .argument('<previous>', 'the earlier version: a file or folder')
    .argument('<current>', 'the new version: a file or folder')
    .addOption(new Option('--kind <kind>', 'protobuf, jsonschema, openapi or asyncapi').choices(SCHEMA_KINDS).makeOptionMandatory())
    .option('--use <rule>', 'protobuf: a Buf rule ID or category to check (repeatable or comma-separated)', collect, [])
    .option('--except <rule>', 'protobuf: a Buf rule ID or category to leave out (repeatable or comma-separated)', collect, [])
    .addOption(new Option('--mode <mode>', 'compatibility mode').choices(COMPATIBILITY_MODES).default('BACKWARD'))
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText('after', help)
    .action(
      action(ctx, async (previousArg: string, currentArg: string, options: DiffOptions) => {
        if (options.kind !== 'protobuf' && (options.use.length > 0 || options.except.length > 0)) {
          throw new InvalidOptionError(
            `--use and --except select Buf rules and apply to --kind protobuf only. For --kind ${options.kind}, choose what counts as breaking with --mode.`,
          );
        }
        const { deps } = ctx;
        // The verifiers load with the command that uses them, so `treaty --help` and other commands start fast.
        const { parseSchemaInput, readSchemaInput } = await import('./schema-inputs.ts');
        const { diffSchemas } = await import('./schema-local-diff.ts');
        const previous = await parseSchemaInput(readSchemaInput(options.kind, [previousArg], deps.cwd));
        const current = await parseSchemaInput(readSchemaInput(options.kind, [currentArg], deps.cwd));
        const report = diffSchemas(previous, current, { mode: options.mode, use: options.use, except: options.except });
        if (options.output === 'json') {
          deps.io.out(
            JSON.stringify(
              { verdict: report.verdict, findings: report.findings, ...(report.reasons.length > 0 ? { reasons: report.reasons } : {}) },
              null,
              2,
            ),
          );
        } else {
          deps.io.out(formatSchemaReport({ ...report, checked: `${options.kind}, ${report.checked}` }));
        }
        return exitCodeFor(report.verdict);
      }),
    );
}
