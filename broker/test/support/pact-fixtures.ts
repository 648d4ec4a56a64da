// Real-looking pact files (V1–V4, HTTP and message) under test/fixtures/pacts, with the
// placeholder names CONSUMER and PROVIDER replaced so each test publishes under its own names.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const pactFixtureFiles = ['v1-http.json', 'v2-http.json', 'v3-http.json', 'v3-message.json', 'v4-mixed.json'] as const;
export type PactFixtureFile = (typeof pactFixtureFiles)[number];

export function pactFixtureText(file: PactFixtureFile, consumer: string, provider: string): string {
  const text = readFileSync(fileURLToPath(new URL(`../fixtures/pacts/${file}`, import.meta.url)), 'utf8');
  return text.replaceAll('"CONSUMER"', JSON.stringify(consumer)).replaceAll('"PROVIDER"', JSON.stringify(provider));
}

/** A POST /contracts/publish body for one pact text (what `pact-broker publish` sends). */
export function publishBody(options: {
  consumer: string;
  provider: string;
  version: string;
  text: string;
  branch?: string;
  tags?: string[];
  onConflict?: 'merge' | 'overwrite';
}) {
  return {
    pacticipantName: options.consumer,
    pacticipantVersionNumber: options.version,
    ...(options.branch ? { branch: options.branch } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    contracts: [contract(options.consumer, options.provider, options.text, options.onConflict)],
  };
}

export function contract(consumer: string, provider: string, text: string, onConflict?: 'merge' | 'overwrite') {
  return {
    consumerName: consumer,
    providerName: provider,
    specification: 'pact',
    contentType: 'application/json',
    content: Buffer.from(text).toString('base64'),
    ...(onConflict ? { onConflict } : {}),
  };
}

/** The pact document served for `text`: the same bytes with createdAt and _links spliced in at the end. */
export function expectedPrefix(text: string): string {
  return text.trimEnd().slice(0, -1).trimEnd();
}
