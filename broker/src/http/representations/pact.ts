// The pact document and pact list resources, shaped like the Pact Broker's PactDecorator,
// PactVersionsDecorator, ProviderPactsDecorator and the /pacts/latest resource.
import type { HalLink, HalLinks } from '@treaty/wire';
import type { PactPublicationRow } from '../../store/pacts/pact-queries.ts';
import { href, paths, templatedHref } from '../../paths.ts';

export interface PactLinkContext {
  provider: string;
  consumer: string;
  /** The consumer version this pact was fetched for; null for a content-only (`pact-version/{sha}`) fetch. */
  consumerVersion: string | null;
  sha: string;
  /** Every consumer version that published this content, newest first. */
  consumerVersions: string[];
  /** The `metadata` segment when fetched through a pacts-for-verification URL. */
  metadata?: string | undefined;
}

export const pactTitle = (consumer: string, consumerVersion: string | null, provider: string): string =>
  consumerVersion === null ? `Pact between ${consumer} and ${provider}` : `Pact between ${consumer} (v${consumerVersion}) and ${provider}`;

export function pactUrl(base: string, provider: string, consumer: string, consumerVersion: string): string {
  return href(base, paths.pactForConsumerVersion, { provider, consumer, consumerVersion });
}

export function pactLinks(base: string, ctx: PactLinkContext): HalLinks {
  const pair = { provider: ctx.provider, consumer: ctx.consumer };
  const byContent = { ...pair, sha: ctx.sha };
  const verificationResults = ctx.metadata
    ? href(base, paths.verificationResultsWithMetadata, { ...byContent, metadata: ctx.metadata })
    : href(base, paths.verificationResults, byContent);
  const links: HalLinks = {
    self:
      ctx.consumerVersion === null
        ? { title: 'Pact', name: pactTitle(ctx.consumer, null, ctx.provider), href: href(base, paths.pactByContentSha, byContent) }
        : {
            title: 'Pact',
            name: pactTitle(ctx.consumer, ctx.consumerVersion, ctx.provider),
            href: pactUrl(base, ctx.provider, ctx.consumer, ctx.consumerVersion),
          },
    'pb:consumer': { title: 'Consumer', name: ctx.consumer, href: href(base, paths.pacticipant, { pacticipant: ctx.consumer }) },
    'pb:provider': { title: 'Provider', name: ctx.provider, href: href(base, paths.pacticipant, { pacticipant: ctx.provider }) },
    'pb:pact-version': { title: 'Pact content version permalink', name: ctx.sha, href: href(base, paths.pactByContentSha, byContent) },
    'pb:latest-pact-version': { title: 'Latest version of this pact', href: href(base, paths.latestPact, pair) },
    'pb:all-pact-versions': { title: 'All versions of this pact', href: href(base, paths.pactVersions, pair) },
    'pb:latest-untagged-pact-version': { title: 'Latest untagged version of this pact', href: href(base, paths.latestUntaggedPact, pair) },
    'pb:latest-tagged-pact-version': {
      title: 'Latest tagged version of this pact',
      href: templatedHref(base, paths.latestTaggedPact, pair),
      templated: true,
    },
    'pb:consumer-versions': ctx.consumerVersions.map((number) => ({
      title: 'Consumer version',
      name: number,
      href: href(base, paths.pacticipantVersion, { pacticipant: ctx.consumer, version: number }),
    })),
    'pb:publish-verification-results': { title: 'Publish verification results', href: verificationResults },
    'pb:latest-verification-results': {
      title: 'Latest verification results',
      href: href(base, paths.latestVerificationForPactVersion, byContent),
    },
    'pb:pact-webhooks': {
      title: 'Webhooks for the pact between the consumer and provider',
      href: href(base, paths.webhookForConsumerAndProvider, pair),
    },
  };
  if (ctx.consumerVersion !== null) Object.assign(links, consumerVersionLinks(base, ctx, ctx.consumerVersion));
  return links;
}

function consumerVersionLinks(base: string, ctx: PactLinkContext, consumerVersion: string): HalLinks {
  const pair = { provider: ctx.provider, consumer: ctx.consumer };
  const version = { pacticipant: ctx.consumer, version: consumerVersion };
  const matrix = `${base}${paths.matrix}?q[][pacticipant]=${encodeURIComponent(ctx.consumer)}&q[][version]=${encodeURIComponent(consumerVersion)}&latestby=cvpv`;
  return {
    'pb:consumer-version': { title: 'Consumer version', name: consumerVersion, href: href(base, paths.pacticipantVersion, version) },
    'pb:previous-distinct': {
      title: 'Previous distinct version of this pact',
      href: href(base, paths.previousDistinctPact, { ...pair, consumerVersion }),
    },
    'pb:diff-previous-distinct': {
      title: 'Diff with previous distinct version of this pact',
      href: href(base, paths.diffPreviousDistinct, { ...pair, consumerVersion }),
    },
    'pb:diff': {
      title: 'Diff with another specified version of this pact',
      href: templatedHref(base, paths.diffVersions.replace('{otherVersion}', '{version}'), { ...pair, consumerVersion }),
      templated: true,
    },
    'pb:tag-prod-version': {
      title: "PUT to this resource to tag this consumer version as 'production'",
      href: href(base, paths.versionTag, { ...version, tag: 'prod' }),
    },
    'pb:tag-version': {
      title: 'PUT to this resource to tag this consumer version',
      href: templatedHref(base, paths.versionTag, version),
      templated: true,
    },
    'pb:matrix-for-consumer-version': { title: 'View matrix rows for the consumer version to which this pact belongs', href: matrix },
  };
}

/**
 * The pact document: the stored JSON text with `createdAt` and `_links` spliced in before the final
 * brace, so every byte the consumer published reaches the verifier unchanged. Only when the stored
 * document already has one of those keys is it re-serialised (and the keys replaced).
 */
export function pactDocumentText(content: string, createdAt: Date, links: HalLinks): string {
  const text = content.replace(/^\uFEFF/, '');
  const extra = `"createdAt":${JSON.stringify(createdAt.toISOString())},"_links":${JSON.stringify(links)}`;
  // Cheap pre-check so the common case never parses the (possibly large) document.
  if (!/"(?:_links|createdAt)"\s*:/.test(text)) {
    const body = text.trimEnd().slice(0, -1).trimEnd();
    return `${body}${/^\s*\{$/.test(body) ? '' : ','}${extra}}`;
  }
  const parsed = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify({ ...parsed, createdAt: createdAt.toISOString(), _links: links });
}

const pacticipantLink = (base: string, name: string): HalLink => ({ href: href(base, paths.pacticipant, { pacticipant: name }) });

/** `GET /pacts/latest` (`pact-broker list-latest-pact-versions`). */
export function latestPactsBody(base: string, rows: PactPublicationRow[]) {
  return {
    _links: { self: { href: `${base}${paths.latestPactVersions}`, title: 'Latest pact versions' } },
    pacts: rows.map((row) => {
      const pair = { provider: row.providerName, consumer: row.consumerName };
      return {
        createdAt: row.createdAt.toISOString(),
        _embedded: {
          consumer: {
            name: row.consumerName,
            _links: { self: pacticipantLink(base, row.consumerName) },
            _embedded: { version: { number: row.consumerVersionNumber } },
          },
          provider: { name: row.providerName, _links: { self: pacticipantLink(base, row.providerName) } },
        },
        _links: {
          self: [
            { title: 'Latest pact', href: href(base, paths.latestPact, pair) },
            { title: 'Pact', href: pactUrl(base, row.providerName, row.consumerName, row.consumerVersionNumber) },
          ],
        },
      };
    }),
  };
}

/** `/pacts/provider/{p}[/latest][/{tag}]`: `pb:pacts` plus the deprecated `pacts` the Rust verifier reads. */
export function providerPactsBody(base: string, provider: string, selfHref: string, title: string, rows: PactPublicationRow[]) {
  const pacts = rows.map((row) => ({
    href: pactUrl(base, row.providerName, row.consumerName, row.consumerVersionNumber),
    title: pactTitle(row.consumerName, row.consumerVersionNumber, row.providerName),
    name: row.consumerName,
  }));
  const providerLink = { ...pacticipantLink(base, provider), title: provider };
  // get-pacts reads the provider name from pb:provider.name, as the Pact Broker's ProviderPactsDecorator gives it.
  const pbProvider = { ...providerLink, name: provider };
  return { _links: { self: { href: selfHref, title }, provider: providerLink, 'pb:provider': pbProvider, 'pb:pacts': pacts, pacts } };
}

/** `.../versions` (and the branch forms): consumer versions' pacts between the pair, newest first. */
export function pactVersionsBody(base: string, provider: string, consumer: string, rows: PactPublicationRow[], selfHref?: string) {
  const pair = { provider, consumer };
  const consumerLink = { ...pacticipantLink(base, consumer), title: 'Consumer', name: consumer };
  const providerLink = { ...pacticipantLink(base, provider), title: 'Provider', name: provider };
  return {
    _embedded: {
      pacts: rows.map((row) => ({
        createdAt: row.createdAt.toISOString(),
        _embedded: {
          consumerVersion: {
            number: row.consumerVersionNumber,
            _links: {
              self: {
                title: 'Version',
                name: row.consumerVersionNumber,
                href: href(base, paths.pacticipantVersion, { pacticipant: row.consumerName, version: row.consumerVersionNumber }),
              },
            },
          },
        },
        _links: {
          self: {
            title: 'Pact',
            name: pactTitle(row.consumerName, row.consumerVersionNumber, row.providerName),
            href: pactUrl(base, row.providerName, row.consumerName, row.consumerVersionNumber),
          },
          'pb:pact-version': { name: row.sha, href: href(base, paths.pactByContentSha, { ...pair, sha: row.sha }) },
        },
      })),
    },
    _links: {
      self: {
        title: `All versions of the pact between ${consumer} and ${provider}`,
        href: selfHref ?? href(base, paths.pactVersions, pair),
      },
      'pb:consumer': consumerLink,
      'pb:provider': providerLink,
      // The Pact Broker's PactVersionsDecorator names these without the prefix; get-pacts prints them.
      consumer: consumerLink,
      provider: providerLink,
      // Not in the Pact Broker's body: get-pacts prints a table only from a pb:pacts list (it fails without one).
      'pb:pacts': rows.map((row) => ({
        href: pactUrl(base, row.providerName, row.consumerName, row.consumerVersionNumber),
        title: pactTitle(row.consumerName, row.consumerVersionNumber, row.providerName),
        name: row.consumerName,
      })),
      'pact-versions': rows.map((row) => ({
        title: 'Pact',
        name: `Version ${row.consumerVersionNumber} - ${formatDayMonthYear(row.createdAt)}`,
        href: pactUrl(base, row.providerName, row.consumerName, row.consumerVersionNumber),
      })),
    },
  };
}

/** dd/mm/yyyy, the date in the Pact Broker's "Version 1.3.0 - 28/10/2025" link names (UTC here). */
function formatDayMonthYear(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}
