// The response of POST /contracts/publish, as the Pact Broker's PublishContractsResultsDecorator
// shapes it: `notices` (what `pact-broker publish` prints) AND the deprecated `logs` (the V2 client
// pact requires at least one entry), the pacticipant and version embedded, and link arrays.
import type { PublishResult, PublishedContract } from '../../store/pacts.ts';
import { href, paths } from '../../paths.ts';
import { pactTitle, pactUrl } from './pact.ts';

export interface Notice {
  type: 'debug' | 'info' | 'warning' | 'prompt' | 'success' | 'error' | 'danger';
  text: string;
}

const LOG_LEVEL: Record<Notice['type'], string> = {
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  prompt: 'info',
  success: 'info',
  error: 'error',
  danger: 'error',
};

export function publishNotices(base: string, result: PublishResult, branch: string | undefined): Notice[] {
  const { pacticipant, version } = result;
  const labels = [
    ...(branch ? [`branch ${branch}`] : []),
    ...(result.tags.length ? [`tags ${result.tags.map((t) => t.name).join(', ')}`] : []),
  ];
  const notices: Notice[] = [
    {
      type: 'success',
      text: `${version.created ? 'Created' : 'Updated'} ${pacticipant.name} version ${version.number}${labels.length ? ` with ${labels.join(' and ')}` : ''}`,
    },
  ];
  if (!branch)
    notices.push({
      type: 'warning',
      text: 'No branch was specified. Pass --branch (e.g. $GIT_BRANCH) so that consumer version selectors such as mainBranch and matchingBranch can find this pact.',
    });
  for (const contract of result.contracts) {
    notices.push({ type: contract.outcome === 'unchanged' ? 'info' : 'success', text: contractNotice(contract) });
    notices.push({
      type: 'info',
      text: `  View the published pact at ${pactUrl(base, contract.providerName, contract.consumerName, contract.consumerVersionNumber)}`,
    });
  }
  return notices;
}

function contractNotice(c: PublishedContract): string {
  const subject = `pact for ${c.consumerName} version ${c.consumerVersionNumber} and provider ${c.providerName}`;
  switch (c.outcome) {
    case 'created':
      return `Published the ${subject} (${c.interactionCount} interaction${c.interactionCount === 1 ? '' : 's'}).`;
    case 'unchanged':
      return `The ${subject} was already published with the same content; nothing changed.`;
    case 'merged':
      return `Merged the interactions into the ${subject} (revision ${c.revisionNumber}).`;
    case 'overwritten':
      return `Replaced the content of the ${subject} (revision ${c.revisionNumber}); earlier verification results no longer apply to it.`;
    default: {
      const unreachable: never = c.outcome;
      return unreachable;
    }
  }
}

export function publishResultsBody(base: string, result: PublishResult, branch: string | undefined) {
  const notices = publishNotices(base, result, branch);
  const pacticipantHref = href(base, paths.pacticipant, { pacticipant: result.pacticipant.name });
  const versionHref = href(base, paths.pacticipantVersion, { pacticipant: result.pacticipant.name, version: result.version.number });
  return {
    notices,
    logs: notices.map((n) => ({ level: LOG_LEVEL[n.type], message: n.text, deprecationWarning: 'Replaced by notices' })),
    _embedded: {
      pacticipant: { name: result.pacticipant.name, _links: { self: { href: pacticipantHref } } },
      version: {
        number: result.version.number,
        ...(branch ? { branch } : {}),
        ...(result.version.buildUrl ? { buildUrl: result.version.buildUrl } : {}),
        _links: { self: { href: versionHref } },
      },
    },
    _links: {
      'pb:pacticipant': { title: 'Pacticipant', name: result.pacticipant.name, href: pacticipantHref },
      'pb:pacticipant-version': { title: 'Pacticipant version', name: result.version.number, href: versionHref },
      'pb:pacticipant-version-tags': result.tags.map((tag) => ({
        title: 'Tag',
        name: tag.name,
        href: href(base, paths.versionTag, { pacticipant: result.pacticipant.name, version: result.version.number, tag: tag.name }),
      })),
      'pb:contracts': result.contracts.map((c) => ({
        title: 'Pact',
        name: pactTitle(c.consumerName, c.consumerVersionNumber, c.providerName),
        href: pactUrl(base, c.providerName, c.consumerName, c.consumerVersionNumber),
      })),
    },
  };
}
