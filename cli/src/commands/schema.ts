// treaty schema: the schema-contract commands (issue #8) grouped under one parent:
//   diff    two local versions, no broker        (schema-diff.ts)
//   publish a schema for a pacticipant version   (schema-publish.ts)
//   check   a schema against what is published   (schema-check.ts)
import { Command } from 'commander';
import type { CommandContext } from './command-kit.ts';
import { schemaCheckCommand } from './schema-check.ts';
import { schemaDiffCommand } from './schema-diff.ts';
import { schemaPublishCommand } from './schema-publish.ts';

const help = `
Schema contracts: Protobuf (.proto), JSON Schema, OpenAPI and AsyncAPI documents, published per application version
under a subject (e.g. payment.v1.PaymentService) and checked for breaking changes, so that can-i-deploy covers
events and RPCs as well as pacts.

Examples:
  $ treaty schema diff --kind protobuf main/contracts contracts
  $ treaty schema check contracts/payment.proto --subject payment.v1.PaymentService --kind protobuf \\
      --pacticipant payment-service --against-environment production
  $ treaty schema publish contracts/payment.proto --subject payment.v1.PaymentService --kind protobuf \\
      --pacticipant payment-service --version $(git rev-parse HEAD) --branch main`;

export function registerSchemaCommand(program: Command, ctx: CommandContext): void {
  const schema = new Command('schema')
    .summary('publish, check and diff schema contracts (Protobuf, JSON Schema, OpenAPI, AsyncAPI)')
    .description('Publish, check and diff schema contracts: .proto files, JSON Schemas, OpenAPI and AsyncAPI documents.')
    .addHelpText('after', help);
  for (const sub of [schemaDiffCommand(ctx), schemaPublishCommand(ctx), schemaCheckCommand(ctx)]) {
    // Same error handling as the top-level commands (program.ts sets it on direct children only).
    sub
      .exitOverride()
      .showHelpAfterError('(add --help for usage)')
      .configureOutput({
        writeOut: (s) => ctx.deps.io.out(s.replace(/\n$/, '')),
        writeErr: (s) => ctx.deps.io.err(s.replace(/\n$/, '')),
      });
    schema.addCommand(sub);
  }
  program.addCommand(schema);
}
