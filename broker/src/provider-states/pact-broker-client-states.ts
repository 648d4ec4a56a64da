// The provider states of the official Pact Broker client's consumer pacts
// (shared/reference/peer-pacts/). Each one describes data the broker must hold before an
// interaction is replayed; the facts come from the Pact Broker's own provider-state setup.
// States that only assert an index relation exists, or that the database is empty, need no data.
import type { BrokerClient } from './broker-client.ts';

/** What a state may need besides the public API: fixing the uuids the pacts hard-code. */
export interface StateContext {
  api: BrokerClient;
  setEnvironmentUuid(name: string, uuid: string): Promise<void>;
  setDeployedVersionUuid(from: string, to: string): Promise<void>;
}

type StateSetup = (ctx: StateContext) => Promise<void>;

const SHA_5556 = '5556b8149bf8bac76bc30f50a8a2dd4c22c85f30';
const ENV_TEST_DEPLOY = 'cb632df3-0a0d-4227-aac3-60114dd36479';
const ENV_TEST_16926 = '16926ef3-590f-4e3f-838e-719717aa88c9';
const DEPLOYED_FF3 = 'ff3adecf-cfc5-4653-a4e3-f1861092f8e0';

const noData: StateSetup = async () => {};

async function environmentWithUuid(ctx: StateContext, name: string, uuid: string, extra: Record<string, unknown> = {}): Promise<void> {
  await ctx.api.createEnvironment(name, extra);
  await ctx.setEnvironmentUuid(name, uuid);
}

/** Foo (or another consumer) version 1.2.3 → Bar, verified by the given provider versions, then more. */
async function fooVerifiedByBar(ctx: StateContext, consumer: string): Promise<void> {
  const sha = await ctx.api.publishPact(consumer, '1.2.3', 'Bar');
  await ctx.api.verify(consumer, 'Bar', sha, '4.5.6');
  await ctx.api.verify(consumer, 'Bar', sha, '7.8.9');
  const sha2 = await ctx.api.publishPact(consumer, '2.0.0', 'Bar', { variant: '2.0.0' });
  await ctx.api.verify(consumer, 'Bar', sha2, '4.5.6');
}

async function condorPact(ctx: StateContext, tags?: string[]): Promise<void> {
  await ctx.api.publishPact('Condor', '1.3.0', 'Pricing Service', { variant: 'empty', ...(tags ? { tags } : {}) });
}

export const pactBrokerClientStates: Record<string, StateSetup> = {
  // Index relations are always present; these states need no data.
  'the pacticipant relations are present': noData,
  'the pb:environments relation exists in the index resource': noData,
  'the pb:latest-tagged-version relation exists in the index resource': noData,
  'the pb:latest-version relation exists in the index resource': noData,
  'the pb:pacticipant-branch relation exists in the index resource': noData,
  'the pb:pacticipant-version and pb:environments relations exist in the index resource': noData,
  'the pb:publish-contracts relations exists in the index resource': noData,
  // An empty database.
  "'Condor' does not exist in the pact-broker": noData,
  "the 'Pricing Service' does not exist in the pact-broker": noData,
  'no pact between Condor and the Pricing Service exists': noData,

  "'Condor' exists in the pact-broker": (ctx) => ctx.api.createVersion('Condor', '1.3.0'),
  "'Condor' exists in the pact-broker with version 1.3.0, tagged with 'prod'": (ctx) =>
    ctx.api.createVersion('Condor', '1.3.0', { tags: ['prod'] }),
  "'Condor' exists in the pact-broker with the latest version 1.2.3": async (ctx) => {
    await ctx.api.createVersion('Condor', '1.0.0');
    await ctx.api.createVersion('Condor', '1.2.3');
  },
  "'Condor' exists in the pact-broker with the latest tagged 'production' version 1.2.3": async (ctx) => {
    await ctx.api.createVersion('Condor', '1.2.3', { tags: ['production'] });
    await ctx.api.createVersion('Condor', '2.0.0');
  },
  "the 'Pricing Service' already exists in the pact-broker": async (ctx) => {
    await ctx.api.createPacticipant('Pricing Service', { repositoryUrl: 'git@git.realestate.com.au:business-systems/pricing-service' });
    await ctx.api.createVersion('Pricing Service', '1.3.0');
  },
  "the 'Pricing Service' and 'Condor' already exist in the pact-broker": async (ctx) => {
    await ctx.api.createPacticipant('Condor');
    await ctx.api.createPacticipant('Pricing Service');
  },
  "the 'Pricing Service' and 'Condor' already exist in the pact-broker, and Condor already has a pact published for version 1.3.0": (ctx) =>
    condorPact(ctx),
  'a pact between Condor and the Pricing Service exists': (ctx) => condorPact(ctx),
  'a latest pact between Condor and the Pricing Service exists': (ctx) => condorPact(ctx),
  'a pact between Condor and the Pricing Service exists for the production version of Condor': (ctx) => condorPact(ctx, ['prod']),
  'tagged as prod pact between Condor and the Pricing Service exists': (ctx) => condorPact(ctx, ['prod']),
  'a pacticipant with name Foo exists': (ctx) => ctx.api.createPacticipant('Foo'),
  'a branch named main exists for pacticipant Foo': (ctx) => ctx.api.createVersion('Foo', '1', { branch: 'main' }),
  'a webhook with the uuid 696c5f93-1b7f-44bc-8d03-59440fcaa9a0 exists': async (ctx) => {
    await ctx.api.createPacticipant('Condor');
    await ctx.api.createPacticipant('Pricing Service');
    await ctx.api.createWebhook('696c5f93-1b7f-44bc-8d03-59440fcaa9a0', 'Condor', 'Pricing Service');
  },

  // Environments and deployments, with the uuids the pacts hard-code in their paths.
  'an environment exists': (ctx) =>
    ctx.api.createEnvironment('test', { contacts: [{ name: 'foo', details: { emailAddress: 'foo@bar.com' } }] }).then(() => undefined),
  'an environment with name test exists': (ctx) => ctx.api.createEnvironment('test').then(() => undefined),
  'an environment with name test and UUID 16926ef3-590f-4e3f-838e-719717aa88c9 exists': (ctx) =>
    environmentWithUuid(ctx, 'test', ENV_TEST_16926),
  [`version ${SHA_5556} of pacticipant Foo exists with a test environment available for deployment`]: async (ctx) => {
    await ctx.api.createVersion('Foo', SHA_5556);
    await environmentWithUuid(ctx, 'test', ENV_TEST_DEPLOY);
  },
  [`version ${SHA_5556} of pacticipant Foo exists with a test environment available for release`]: async (ctx) => {
    await ctx.api.createVersion('Foo', SHA_5556);
    await environmentWithUuid(ctx, 'test', ENV_TEST_16926);
  },
  [`version ${SHA_5556} of pacticipant Foo exists with 2 environments that aren't test available for deployment`]: async (ctx) => {
    await ctx.api.createVersion('Foo', SHA_5556);
    await ctx.api.createEnvironment('prod');
    await ctx.api.createEnvironment('dev');
  },
  'an version is deployed to environment with UUID 16926ef3-590f-4e3f-838e-719717aa88c9 with target customer-1': async (ctx) => {
    await environmentWithUuid(ctx, 'test', ENV_TEST_16926);
    await ctx.api.createVersion('Foo', SHA_5556);
    const uuid = await ctx.api.recordDeployment('Foo', SHA_5556, ENV_TEST_16926, 'customer-1');
    await ctx.setDeployedVersionUuid(uuid, DEPLOYED_FF3);
  },
  'a currently deployed version exists': async (ctx) => {
    await environmentWithUuid(ctx, 'test', ENV_TEST_DEPLOY);
    await ctx.api.createVersion('Foo', SHA_5556);
    const uuid = await ctx.api.recordDeployment('Foo', SHA_5556, ENV_TEST_DEPLOY);
    await ctx.setDeployedVersionUuid(uuid, DEPLOYED_FF3);
  },

  // Pacts and verifications for the matrix interactions.
  'the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6': (ctx) => fooVerifiedByBar(ctx, 'Foo'),
  'the pact for Foo Thing version 1.2.3 has been verified by Bar version 4.5.6': (ctx) => fooVerifiedByBar(ctx, 'Foo Thing'),
  'the pact for Foo version 1.2.3 and 1.2.4 has been verified by Bar version 4.5.6': async (ctx) => {
    const sha = await ctx.api.publishPact('Foo', '1.2.3', 'Bar');
    await ctx.api.verify('Foo', 'Bar', sha, '4.5.6');
    const sha2 = await ctx.api.publishPact('Foo', '1.2.4', 'Bar', { variant: '1.2.4' });
    await ctx.api.verify('Foo', 'Bar', sha2, '4.5.6');
  },
  'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6, and 1.2.4 unsuccessfully by 9.9.9': async (ctx) => {
    const sha = await ctx.api.publishPact('Foo', '1.2.3', 'Bar');
    await ctx.api.verify('Foo', 'Bar', sha, '4.5.6');
    const sha2 = await ctx.api.publishPact('Foo', '1.2.4', 'Bar', { variant: '1.2.4' });
    await ctx.api.verify('Foo', 'Bar', sha2, '9.9.9', false);
  },
  'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 with tag prod, and 1.2.4 unsuccessfully by 9.9.9':
    async (ctx) => {
      const sha = await ctx.api.publishPact('Foo', '1.2.3', 'Bar');
      await ctx.api.verify('Foo', 'Bar', sha, '4.5.6');
      await ctx.api.createVersion('Bar', '4.5.6', { tags: ['prod'] });
      const sha2 = await ctx.api.publishPact('Foo', '1.2.4', 'Bar', { variant: '1.2.4' });
      await ctx.api.verify('Foo', 'Bar', sha2, '9.9.9', false);
    },
  'the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6 and version 5.6.7': async (ctx) => {
    const sha = await ctx.api.publishPact('Foo', '1.2.3', 'Bar');
    await ctx.api.verify('Foo', 'Bar', sha, '4.5.6');
    await ctx.api.verify('Foo', 'Bar', sha, '5.6.7');
  },
  'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 (tagged prod) and version 5.6.7': async (ctx) => {
    const sha = await ctx.api.publishPact('Foo', '1.2.3', 'Bar');
    await ctx.api.verify('Foo', 'Bar', sha, '4.5.6');
    await ctx.api.createVersion('Bar', '4.5.6', { tags: ['prod'] });
    await ctx.api.verify('Foo', 'Bar', sha, '5.6.7');
  },
  'provider Bar version 4.5.6 has a successful verification for Foo version 1.2.3 tagged prod and a failed verification for version 3.4.5 tagged prod':
    async (ctx) => {
      const sha = await ctx.api.publishPact('Foo', '1.2.3', 'Bar', { tags: ['prod'] });
      await ctx.api.verify('Foo', 'Bar', sha, '4.5.6');
      const sha2 = await ctx.api.publishPact('Foo', '3.4.5', 'Bar', { tags: ['prod'], variant: 'different content' });
      await ctx.api.verify('Foo', 'Bar', sha2, '4.5.6', false);
    },
};
