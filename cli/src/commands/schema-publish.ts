// treaty schema publish: POST /schemas/publish with the files of one schema publication (PublishSchemaRequest).
// The files are parsed locally first, so a .proto that does not compile is reported before anything is sent.
import { Command, Option } from 'commander';
import type { PublishSchemaRequest, PublishSchemaResponse, SchemaKind, SchemaRole } from '@treaty/wire';
import { ExitCode, MissingOptionError } from '../errors.ts';
import { objectBody } from '../http/broker-client.ts';
import type { CliDeps } from '../io.ts';
import { detectBranch, detectVersion, type Detected } from '../version-detection.ts';
import { action, brokerClientFor, optionsOf, withBrokerOptions, type CommandContext } from './command-kit.ts';
import { SCHEMA_KINDS } from './schema-kinds.ts';

interface SchemaPublishOptions {
  subject?: string;
  kind: SchemaKind;
  version?: string;
  branch?: string;
  tag: string[];
  role: SchemaRole;
  pacticipant?: string;
  buildUrl?: string;
  autoDetect: boolean;
  output: 'text' | 'json';
}

const help = `
Publishes a schema for one version of an application under a subject. The provider publishes what it
offers (its .proto, event JSON Schema, OpenAPI or AsyncAPI); a consumer publishes what it reads (--role
consumer: a schema with only the messages/fields it uses). Treaty stores the files once per content hash and
checks them in the background against the other side of the subject; the outcome counts in can-i-deploy.
An OpenAPI or AsyncAPI document is also checked against the provider's consumers' pacts (HTTP interactions and
messages respectively): the result is a verification of each pact by this version (docs/asyncapi.md).

FILES are one folder (every file of the kind in it, paths relative to it; a buf.yaml's build.roots are
honoured) or one or more files (paths relative to their common folder). The paths are what .proto imports
and $refs name. Files are parsed first: one that does not parse stops the publish (exit 2, file:line:column).

--version and --branch default to the CI environment, then git (as treaty publish); --no-auto-detect turns that off.

Examples:
  $ treaty schema publish contracts/payment.proto --subject payment.v1.PaymentService --kind protobuf \\
      --pacticipant payment-service --version $(git rev-parse HEAD) --branch main
  $ treaty schema publish contracts/order-placed.schema.json --subject order-events/OrderPlaced \\
      --kind jsonschema --pacticipant order-service --version 1a2b3c
  $ treaty schema publish contracts/payment-fields.proto --subject payment.v1.PaymentService --kind protobuf \\
      --role consumer --pacticipant order-service --version 1a2b3c
  $ treaty schema publish contracts/asyncapi.yaml --subject order-service/events --kind asyncapi \\
      --pacticipant order-service --version 1a2b3c`;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function schemaPublishCommand(ctx: CommandContext): Command {
  const command = new Command('publish')
    .summary('publish a schema for an application version')
    .description('Publish .proto files, a JSON Schema, an OpenAPI or an AsyncAPI document for an application version under a subject.')
    .argument('<files...>', 'a folder, or the schema files of one publication')
    .option('--subject <subject>', 'what the schema describes, e.g. payment.v1.PaymentService or order-events/OrderPlaced')
    .addOption(new Option('--kind <kind>', 'protobuf, jsonschema, openapi or asyncapi').choices(SCHEMA_KINDS).makeOptionMandatory())
    .option('-a, --pacticipant <name>', 'the application publishing the schema')
    .option('-e, --version <version>', 'the application version, usually the git SHA (default: detected from CI or git)')
    .option('--branch <branch>', "the version's branch (default: detected from CI or git)")
    .option('-t, --tag <tag>', 'a tag for the version; repeat for several', collect, [])
    .addOption(
      new Option('--role <role>', 'provider (offers the schema) or consumer (reads it)')
        .choices(['provider', 'consumer'])
        .default('provider'),
    )
    .option('--build-url <url>', 'the CI build that produced the schema')
    .option('--no-auto-detect', 'do not read the version and branch from CI variables or git')
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText('after', help);
  withBrokerOptions(command);
  return command.action(
    action(ctx, async (files: string[], _opts: unknown, cmd: Command) =>
      publishSchema(files, optionsOf<SchemaPublishOptions>(cmd), ctx.deps),
    ),
  );
}

async function publishSchema(
  paths: string[],
  options: ReturnType<typeof optionsOf<SchemaPublishOptions>>,
  deps: CliDeps,
): Promise<ExitCode> {
  if (!options.subject)
    throw new MissingOptionError('--subject', 'Name what the schema describes, e.g. --subject payment.v1.PaymentService.');
  if (!options.pacticipant)
    throw new MissingOptionError('--pacticipant', 'Name the application publishing the schema, e.g. --pacticipant payment-service.');
  // The verifiers load with the command that uses them, so `treaty --help` and other commands start fast.
  const { parseSchemaInput, readSchemaInput } = await import('./schema-inputs.ts');
  const input = await parseSchemaInput(readSchemaInput(options.kind, paths, deps.cwd));
  const version = detected('version', options.version, () => detectVersion(deps.env, deps.git), options.autoDetect, deps);
  if (!version)
    throw new MissingOptionError('--version', 'Pass the application version, usually the git SHA: --version $(git rev-parse HEAD).');
  const branch = detected('branch', options.branch, () => detectBranch(deps.env, deps.git), options.autoDetect, deps);
  const request: PublishSchemaRequest = {
    pacticipantName: options.pacticipant,
    pacticipantVersionNumber: version,
    ...(branch ? { branch } : {}),
    ...(options.tag.length > 0 ? { tags: options.tag } : {}),
    ...(options.buildUrl ? { buildUrl: options.buildUrl } : {}),
    subject: options.subject,
    kind: options.kind,
    role: options.role,
    files: input.files.map((f) => ({ path: f.path, content: f.content })),
  };
  const client = brokerClientFor(options, deps);
  const url = client.url('/schemas/publish');
  const response = objectBody<PublishSchemaResponse>(await client.post(url, request), `POST ${url}`);
  if (options.output === 'json') {
    deps.io.out(JSON.stringify(response, null, 2));
  } else {
    const what =
      { created: 'Published', unchanged: 'Already published (same content)', overwritten: 'Replaced' }[response.outcome] ?? 'Published';
    const checks =
      response.checksQueued > 0
        ? `; ${response.checksQueued} compatibility ${response.checksQueued === 1 ? 'check' : 'checks'} queued`
        : '';
    deps.io.out(
      `${what}: ${options.kind} schema "${response.subject}" (${options.role}) for ${options.pacticipant} version ${version}, ${input.files.length} ${input.files.length === 1 ? 'file' : 'files'}, sha ${response.sha.slice(0, 12)}${checks}.`,
    );
  }
  return ExitCode.Success;
}

/** A flag wins; otherwise the detected value, announced on stderr with where it came from (as treaty publish). */
function detected(
  what: string,
  flag: string | undefined,
  detect: () => Detected | undefined,
  autoDetect: boolean,
  deps: CliDeps,
): string | undefined {
  if (flag !== undefined && flag.trim() !== '') return flag;
  if (!autoDetect) return undefined;
  const found = detect();
  if (found) deps.io.err(`Using ${what} ${found.value} (from ${found.source})`);
  return found?.value;
}
