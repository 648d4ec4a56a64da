// A fluent testkit that seeds data through the broker's own HTTP API, the way real clients do.
// Every name gets a random suffix, so each test is its own tenant: tests run concurrently on one
// database and never need truncation.
//
//   const kit = seed(broker.request);
//   const order = kit.pacticipant('order-service');
//   const payment = kit.pacticipant('payment-service');
//   const pact = await order.publishPact({ version: '1', provider: payment, branch: 'main' });
//   await payment.verify(pact, { version: '10', success: true });
//   const prod = await kit.environment('production');
//   await payment.deploy('10', prod);
import { randomBytes } from 'node:crypto';
import type supertest from 'supertest';
import { expect } from 'vitest';

export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/** The invalid field names of a 400, whether `errors` is the Pact Broker's map or a list of {field, message}. */
export function invalidFields(body: { errors?: unknown }): string[] {
  const errors = body.errors;
  if (Array.isArray(errors)) return errors.map((e: { field?: string }) => String(e.field));
  return Object.keys(errors ?? {});
}

export interface PublishedPact {
  consumer: string;
  provider: string;
  consumerVersion: string;
  /** The pact version's content SHA, from the publish response. */
  sha: string;
  /** Absolute URL of the pact for this consumer version. */
  url: string;
  content: PactDocument;
}

export interface PactDocument {
  consumer: { name: string };
  provider: { name: string };
  interactions?: unknown[];
  messages?: unknown[];
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A minimal valid V3 HTTP pact; `variant` changes the content (and so the content SHA). */
export function pactDocument(consumer: string, provider: string, variant = 'default'): PactDocument {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        description: `a request for the thing (${variant})`,
        providerStates: [{ name: 'the thing exists' }],
        request: { method: 'GET', path: '/things/1' },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1, variant } },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

export interface Environment {
  uuid: string;
  name: string;
}

export function seed(request: supertest.Agent) {
  return {
    pacticipant: (prefix = 'svc') => pacticipantHandle(request, uniqueName(prefix)),
    existingPacticipant: (name: string) => pacticipantHandle(request, name),
    async environment(prefix = 'env', production = false): Promise<Environment> {
      const name = uniqueName(prefix);
      const res = await request.post('/environments').send({ name, displayName: name, production });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { uuid: res.body.uuid as string, name };
    },
  };
}

export type PacticipantHandle = ReturnType<typeof pacticipantHandle>;

function pacticipantHandle(request: supertest.Agent, name: string) {
  const handle = {
    name,
    /** Publishes a pact for a consumer version via POST /contracts/publish (what `pact-broker publish` does). */
    async publishPact(options: {
      version: string;
      provider: { name: string } | string;
      branch?: string;
      tags?: string[];
      variant?: string;
      content?: PactDocument;
      /** The exact pact JSON text to publish (for byte-for-byte checks); overrides `content`. */
      text?: string;
    }): Promise<PublishedPact> {
      const provider = typeof options.provider === 'string' ? options.provider : options.provider.name;
      const content =
        options.text !== undefined
          ? (JSON.parse(options.text) as PactDocument)
          : (options.content ?? pactDocument(name, provider, options.variant));
      const res = await request.post('/contracts/publish').send({
        pacticipantName: name,
        pacticipantVersionNumber: options.version,
        ...(options.branch ? { branch: options.branch } : {}),
        ...(options.tags ? { tags: options.tags } : {}),
        contracts: [
          {
            consumerName: name,
            providerName: provider,
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(options.text ?? JSON.stringify(content)).toString('base64'),
          },
        ],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const pactRes = await request.get(
        `/pacts/provider/${encodeURIComponent(provider)}/consumer/${encodeURIComponent(name)}/version/${encodeURIComponent(options.version)}`,
      );
      expect(pactRes.status, JSON.stringify(pactRes.body)).toBe(200);
      const sha = String(pactRes.body._links['pb:pact-version'].href).split('/pact-version/')[1]!;
      return { consumer: name, provider, consumerVersion: options.version, sha, url: pactRes.body._links.self.href as string, content };
    },
    /** Publishes a verification result of a pact by this provider (what a Pact verifier does). */
    async verify(
      pact: PublishedPact,
      options: { version: string; success: boolean; branch?: string },
    ): Promise<{ url: string; number: number }> {
      if (options.branch) {
        const b = await request
          .put(
            `/pacticipants/${encodeURIComponent(name)}/branches/${encodeURIComponent(options.branch)}/versions/${encodeURIComponent(options.version)}`,
          )
          .send({});
        expect([200, 201]).toContain(b.status);
      }
      const res = await request
        .post(
          `/pacts/provider/${encodeURIComponent(pact.provider)}/consumer/${encodeURIComponent(pact.consumer)}/pact-version/${pact.sha}/verification-results`,
        )
        .send({ success: options.success, providerApplicationVersion: options.version });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const url = res.body._links.self.href as string;
      return { url, number: Number(url.split('/').pop()) };
    },
    async createVersion(version: string, options: { branch?: string; tags?: string[] } = {}): Promise<void> {
      const res = await request.put(`/pacticipants/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`).send({});
      expect([200, 201]).toContain(res.status);
      if (options.branch) {
        const b = await request
          .put(
            `/pacticipants/${encodeURIComponent(name)}/branches/${encodeURIComponent(options.branch)}/versions/${encodeURIComponent(version)}`,
          )
          .send({});
        expect([200, 201]).toContain(b.status);
      }
      for (const tag of options.tags ?? []) {
        const t = await request
          .put(`/pacticipants/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/tags/${encodeURIComponent(tag)}`)
          .send({});
        expect([200, 201]).toContain(t.status);
      }
    },
    /** Records a deployment (what `pact-broker record-deployment` does). */
    async deploy(version: string, environment: Environment, applicationInstance?: string): Promise<{ uuid: string }> {
      const res = await request
        .post(
          `/pacticipants/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/deployed-versions/environment/${environment.uuid}`,
        )
        .send(applicationInstance ? { applicationInstance } : {});
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { uuid: res.body.uuid as string };
    },
    /** Records a release (what `pact-broker record-release` does). */
    async release(version: string, environment: Environment): Promise<{ uuid: string }> {
      const res = await request
        .post(
          `/pacticipants/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/released-versions/environment/${environment.uuid}`,
        )
        .send({});
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { uuid: res.body.uuid as string };
    },
  };
  return handle;
}
