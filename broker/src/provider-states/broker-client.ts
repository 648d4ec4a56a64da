// A tiny client of the broker's own public API, used by the provider states to build their data
// the same way real clients would (so the states also exercise the endpoints they set up for).
export class StateBuilderError extends Error {}

export interface PactContent {
  consumer: { name: string };
  provider: { name: string };
  interactions: unknown[];
  metadata: { pactSpecification: { version: string } };
}

export function pactContent(consumer: string, provider: string, variant = 'default'): PactContent {
  // The client pacts expect the Condor → Pricing Service pact to have no interactions.
  if (variant === 'empty')
    return {
      consumer: { name: consumer },
      provider: { name: provider },
      interactions: [],
      metadata: { pactSpecification: { version: '2.0.0' } },
    };
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        description: `a request from ${consumer} (${variant})`,
        providerState: 'something exists',
        request: { method: 'GET', path: '/something' },
        response: { status: 200, body: { variant } },
      },
    ],
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
}

export class BrokerClient {
  constructor(private readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/hal+json, application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new StateBuilderError(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  private static seg(value: string): string {
    return encodeURIComponent(value);
  }

  async createPacticipant(name: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.call('PATCH', `/pacticipants/${BrokerClient.seg(name)}`, { name, ...extra });
  }

  async createVersion(pacticipant: string, version: string, options: { branch?: string; tags?: string[] } = {}): Promise<void> {
    const p = BrokerClient.seg(pacticipant);
    const v = BrokerClient.seg(version);
    await this.call('PUT', `/pacticipants/${p}/versions/${v}`, {});
    if (options.branch) await this.call('PUT', `/pacticipants/${p}/branches/${BrokerClient.seg(options.branch)}/versions/${v}`, {});
    for (const tag of options.tags ?? []) await this.call('PUT', `/pacticipants/${p}/versions/${v}/tags/${BrokerClient.seg(tag)}`, {});
  }

  /** Publishes a pact and returns its content SHA (the pact version). */
  async publishPact(
    consumer: string,
    version: string,
    provider: string,
    options: { tags?: string[]; variant?: string } = {},
  ): Promise<string> {
    await this.call('POST', '/contracts/publish', {
      pacticipantName: consumer,
      pacticipantVersionNumber: version,
      ...(options.tags ? { tags: options.tags } : {}),
      contracts: [
        {
          consumerName: consumer,
          providerName: provider,
          specification: 'pact',
          contentType: 'application/json',
          content: Buffer.from(JSON.stringify(pactContent(consumer, provider, options.variant))).toString('base64'),
        },
      ],
    });
    const pact = await this.call(
      'GET',
      `/pacts/provider/${BrokerClient.seg(provider)}/consumer/${BrokerClient.seg(consumer)}/version/${BrokerClient.seg(version)}`,
    );
    const links = pact._links as Record<string, { href: string }>;
    const sha = links['pb:pact-version']?.href.split('/pact-version/')[1];
    if (!sha) throw new StateBuilderError('the pact has no pb:pact-version link');
    return sha;
  }

  async verify(consumer: string, provider: string, sha: string, providerVersion: string, success = true): Promise<void> {
    await this.call(
      'POST',
      `/pacts/provider/${BrokerClient.seg(provider)}/consumer/${BrokerClient.seg(consumer)}/pact-version/${sha}/verification-results`,
      {
        success,
        providerApplicationVersion: providerVersion,
      },
    );
  }

  async createEnvironment(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const env = await this.call('POST', '/environments', { name, displayName: name, production: false, ...extra });
    return String(env.uuid);
  }

  async recordDeployment(pacticipant: string, version: string, environmentUuid: string, applicationInstance?: string): Promise<string> {
    const body = applicationInstance ? { applicationInstance } : {};
    const dv = await this.call(
      'POST',
      `/pacticipants/${BrokerClient.seg(pacticipant)}/versions/${BrokerClient.seg(version)}/deployed-versions/environment/${environmentUuid}`,
      body,
    );
    return String(dv.uuid);
  }

  async createWebhook(uuid: string, consumer: string, provider: string): Promise<void> {
    await this.call('PUT', `/webhooks/${uuid}`, {
      description: 'a webhook',
      consumer: { name: consumer },
      provider: { name: provider },
      events: [{ name: 'contract_content_changed' }],
      request: { method: 'POST', url: 'https://example.org/trigger', headers: { 'Content-Type': 'application/json' }, body: { a: 'body' } },
    });
  }
}
