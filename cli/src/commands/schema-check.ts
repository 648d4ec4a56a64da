// treaty schema check: POST /schemas/check, "would this schema break anyone?" before publishing (CI on a pull
// request). Stores nothing. Exit 0 compatible, 1 breaking, 2 unknown or rejected input.
import { Command, Option } from 'commander';
import { COMPATIBILITY_MODES } from '@treaty/verifiers/jsonschema';
import type { SchemaCheckRequest, SchemaCheckResponse, SchemaCompatibilityMode, SchemaKind, SchemaRole } from '@treaty/wire';
import { BrokerRejectedError, CliError, ErrorCode, ExitCode, InvalidOptionError, MissingOptionError } from '../errors.ts';
import { objectBody } from '../http/broker-client.ts';
import type { CliDeps } from '../io.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';
import { SCHEMA_KINDS } from './schema-kinds.ts';
import { exitCodeFor, formatSchemaReport } from './schema-report.ts';

interface SchemaCheckOptions {
  subject?: string;
  kind: SchemaKind;
  pacticipant?: string;
  role: SchemaRole;
  againstVersion?: string;
  againstEnvironment?: string;
  mode?: SchemaCompatibilityMode;
  output: 'text' | 'json';
}

/** The broker refused the check's input (unknown subject, version or environment; invalid file): exit 2, as a bad file. */
export class SchemaCheckRejectedError extends CliError {
  readonly code = ErrorCode.brokerRejected;
  readonly exitCode = ExitCode.BadInput;
}

const help = `
Asks the broker whether FILES are compatible with what is published under the subject, without
publishing anything: run it on a pull request, before treaty schema publish. As a provider (default) the
files are compared with the provider's earlier schema (BACKWARD by default: the subject's compatibility
mode, or --mode) and with every consumer schema of the subject; as a consumer (--role consumer) with the
providers' schemas.

Against what: --against-version V (that version of the pacticipant for a provider, of the providers for a
consumer) or --against-environment E (the versions deployed or released there). Without either, the broker
uses the latest publications of the subject.

Examples:
  $ treaty schema check contracts/payment.proto --subject payment.v1.PaymentService --kind protobuf \\
      --pacticipant payment-service --against-environment production
  $ treaty schema check contracts/ --subject payment.v1.PaymentService --kind protobuf \\
      --pacticipant payment-service --against-version 1a2b3c --output json

Verdict exit codes (these replace 0 and 1 of the list below):
  0  compatible
  1  breaking: at least one finding, each printed as file:line:column: [RULE] message
  2  unknown (Treaty could not decide: never read as compatible), a file that does not parse, or input the
     broker refused (unknown subject, version or environment)`;

export function schemaCheckCommand(ctx: CommandContext): Command {
  const command = new Command('check')
    .summary('check a schema against what is published, before publishing it')
    .description('Check .proto files, a JSON Schema, an OpenAPI or an AsyncAPI document against the published schemas of a subject.')
    .argument('<files...>', 'a folder, or the schema files of one publication')
    .option('--subject <subject>', 'the subject, e.g. payment.v1.PaymentService')
    .addOption(new Option('--kind <kind>', 'protobuf, jsonschema, openapi or asyncapi').choices(SCHEMA_KINDS).makeOptionMandatory())
    .option('-a, --pacticipant <name>', 'the application the files belong to')
    .addOption(new Option('--role <role>', 'provider or consumer').choices(['provider', 'consumer']).default('provider'))
    .option('--against-version <version>', 'check against this published version')
    .option('--against-environment <environment>', 'check against the versions deployed or released in this environment')
    .addOption(new Option('--mode <mode>', "override the subject's compatibility mode for this check").choices(COMPATIBILITY_MODES))
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText('after', help);
  withBrokerOptions(command);
  return command.action(
    action(ctx, async (files: string[], _opts: unknown, cmd: Command) => checkSchema(files, optionsOf<SchemaCheckOptions>(cmd), ctx.deps)),
  );
}

async function checkSchema(paths: string[], options: ReturnType<typeof optionsOf<SchemaCheckOptions>>, deps: CliDeps): Promise<ExitCode> {
  if (!options.subject)
    throw new MissingOptionError('--subject', 'Name the subject to check against, e.g. --subject payment.v1.PaymentService.');
  if (!options.pacticipant)
    throw new MissingOptionError('--pacticipant', 'Name the application the files belong to, e.g. --pacticipant payment-service.');
  if (options.againstVersion && options.againstEnvironment)
    throw new InvalidOptionError('Pass --against-version or --against-environment, not both.');
  // The verifiers load with the command that uses them, so `treaty --help` and other commands start fast.
  const { parseSchemaInput, readSchemaInput } = await import('./schema-inputs.ts');
  const input = await parseSchemaInput(readSchemaInput(options.kind, paths, deps.cwd));
  const request: SchemaCheckRequest = {
    subject: options.subject,
    kind: options.kind,
    role: options.role,
    pacticipantName: options.pacticipant,
    files: input.files.map((f) => ({ path: f.path, content: f.content })),
    ...(options.againstVersion ? { againstVersion: options.againstVersion } : {}),
    ...(options.againstEnvironment ? { againstEnvironment: options.againstEnvironment } : {}),
    ...(options.mode ? { compatibility: options.mode } : {}),
  };
  const client = brokerClientFor(options, deps);
  const url = client.url('/schemas/check');
  let body: SchemaCheckResponse;
  try {
    body = objectBody<SchemaCheckResponse>(await client.post(url, request), `POST ${url}`);
  } catch (error) {
    // 4xx other than auth: the broker named a problem with what we sent; that is "cannot decide", not a broker fault.
    if (error instanceof BrokerRejectedError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403) {
      throw new SchemaCheckRejectedError(error.message);
    }
    throw error;
  }
  if (!['compatible', 'breaking', 'unknown'].includes(body.verdict))
    throw new SchemaCheckRejectedError(`POST ${url} answered without a verdict. Run with --verbose to see it.`);
  if (options.output === 'json') {
    deps.io.out(JSON.stringify(body, null, 2));
  } else {
    const against =
      body.checkedAgainst.length === 0
        ? 'nothing published to check against'
        : `against ${body.checkedAgainst.map((c) => `${c.pacticipant} ${c.version} (${c.role})`).join(', ')}`;
    // The same change found against several counterparts (the provider's last version and each consumer schema) is
    // one line to fix: print it once; `checkedAgainst` says whom it was checked against (--output json keeps them all).
    const seen = new Set<string>();
    const findings = body.findings.filter((f) => {
      const key = JSON.stringify([f.rule, f.file, f.line, f.column, f.message, f.severity]);
      return seen.has(key) ? false : (seen.add(key), true);
    });
    deps.io.out(
      formatSchemaReport({
        verdict: body.verdict,
        findings,
        reasons: body.reasons ?? [],
        checked: `${options.subject}, mode ${body.compatibility}, ${against}`,
      }),
    );
  }
  return exitCodeFor(body.verdict);
}
