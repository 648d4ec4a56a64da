// The notices a verifier prints for each pact (PB pacts/verifiable_pact_messages.rb and
// build_verifiable_pact_notices.rb): why the pact was selected, whether it is pending (so whether
// a failure fails the build), and what happens after verification, for the four
// after_verification:success_{true,false}_published_{true,false} cases. The texts are the Pact
// Broker's, word for word, because users search for them.
import type { ResolvedSelector, VerifiablePact } from './verifiable-pacts.ts';

export const NoticeWhen = {
  beforeVerification: 'before_verification',
  successTruePublishedFalse: 'after_verification:success_true_published_false',
  successFalsePublishedFalse: 'after_verification:success_false_published_false',
  successTruePublishedTrue: 'after_verification:success_true_published_true',
  successFalsePublishedTrue: 'after_verification:success_false_published_true',
} as const;
export type NoticeWhen = (typeof NoticeWhen)[keyof typeof NoticeWhen];

export interface Notice {
  when: NoticeWhen;
  text: string;
}

const READ_MORE_PENDING = 'Read more at https://docs.pact.io/go/pending';
const READ_MORE_WIP = 'Read more at https://docs.pact.io/go/wip';

/** The notices of one verifiable pact; `pactUrl` is the URL named in the inclusion reason. */
export function buildNotices(pact: VerifiablePact, pactUrl: string, includePendingStatus: boolean): Notice[] {
  const notices: Notice[] = [{ when: NoticeWhen.beforeVerification, text: inclusionReason(pact, pactUrl) }];
  if (!includePendingStatus && !pact.wip) return notices;
  const add = (when: NoticeWhen, text: string | undefined) => {
    if (text !== undefined) notices.push({ when, text });
  };
  add(NoticeWhen.beforeVerification, pendingReason(pact));
  const pending = pact.pending?.pending === true;
  const provider = pact.providerName;
  const stillPending = pending
    ? `This pact is still in pending state for ${pendingDescription(pact)} as a successful verification result ${withTheseTags(pact)}has not yet been published`
    : undefined;
  add(
    NoticeWhen.successTruePublishedFalse,
    pending
      ? `This pact is still in pending state for ${pendingDescription(pact)} as the successful verification results ${withTheseTags(pact)}have not yet been published.`
      : undefined,
  );
  add(NoticeWhen.successFalsePublishedFalse, stillPending);
  add(
    NoticeWhen.successTruePublishedTrue,
    pending
      ? `This pact is no longer in pending state for ${pendingDescription(pact)}, as a successful verification result ${withTheseTags(pact)}has been published. If a verification for a version of ${provider} ${withTheseTags(pact)}fails in the future, it will fail the build. ${READ_MORE_PENDING}`
      : undefined,
  );
  add(NoticeWhen.successFalsePublishedTrue, stillPending);
  return notices;
}

export function inclusionReason(pact: VerifiablePact, pactUrl: string): string {
  const tags = headTags(pact.selectors);
  const branches = headBranches(pact.selectors);
  if (pact.wip) {
    const versionText = tags.length === 1 || branches.length === 1 ? 'version' : 'versions';
    return `The pact at ${pactUrl} is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest ${versionText} of ${pact.consumer.name} ${joinedHeads(pact)} and it has not yet been successfully verified by ${pendingDescription(pact, 'a')} when the pact's application version was explicitly specified in the consumer version selectors). ${READ_MORE_WIP}`;
  }
  const n = pact.selectors.length;
  return `The pact at ${pactUrl} is being verified because the pact content belongs to ${n === 1 ? 'the consumer version' : 'the consumer versions'} matching the following ${n > 1 ? 'criteria' : 'criterion'}:\n${selectorDescriptions(pact)}`;
}

export function pendingReason(pact: VerifiablePact): string {
  const provider = pact.providerName;
  if (pact.pending?.pending && pact.wip) {
    return `This pact is in pending state for this version of ${provider} because it was included as a 'work in progress' pact. If this verification fails, it will not cause the overall build to fail. ${READ_MORE_PENDING}`;
  }
  if (pact.pending?.pending) {
    return `This pact is in pending state for this version of ${provider} because a successful verification result for ${pendingDescription(pact, 'a')} has not yet been published. If this verification fails, it will not cause the overall build to fail. ${READ_MORE_PENDING}`;
  }
  return `This pact has previously been successfully verified by ${nonPendingDescription(pact)}. If this verification fails, it will fail the build. ${READ_MORE_PENDING}`;
}

/** `shortDescription` (used by Pact Go for test names, so concise): one phrase per selector. */
export function shortDescription(pact: VerifiablePact): string {
  return pact.selectors.map(shortSelectorDescription).join(', ');
}

/** The HAL link name: "Pact between Foo (1.0.0) and Bar". */
export function pactName(pact: VerifiablePact): string {
  return `Pact between ${pact.consumer.name} (${pact.consumerVersion.number}) and ${pact.providerName}`;
}

function shortSelectorDescription({ selector: s, environment, fallbackUsed }: ResolvedSelector): string {
  switch (s.kind) {
    case 'overallLatest':
      return 'latest';
    case 'latestTag':
      return `latest with tag ${fallbackUsed && s.fallbackTag ? s.fallbackTag : s.tag}`;
    case 'mainBranch':
      return 'latest from main branch';
    case 'branch':
      return `latest from branch ${fallbackUsed && s.fallbackBranch ? s.fallbackBranch : s.branch}`;
    case 'matchingBranch':
      return `latest from branch ${s.branch}`;
    case 'allForTag':
      return s.consumer ? `one of ${s.consumer} ${s.tag}` : `one of ${s.tag}`;
    case 'deployed':
      return `deployed to ${environment?.name ?? s.environment ?? ''}`;
    case 'released':
      return `released in ${environment?.name ?? s.environment ?? ''}`;
    case 'environment':
      return JSON.stringify({ environment: s.environment, ...(s.consumer ? { consumer: s.consumer } : {}) });
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}

/** "    * latest version from branch 'main' (1.2.3)" lines; deployed/released ones grouped per consumer. */
function selectorDescriptions(pact: VerifiablePact): string {
  const lines: string[] = [];
  const groups = new Map<string, ResolvedSelector[]>();
  for (const r of pact.selectors) {
    const list = groups.get(r.selector.kind) ?? [];
    list.push(r);
    groups.set(r.selector.kind, list);
  }
  for (const [kind, selectors] of groups) {
    if (kind === 'deployed' || kind === 'released')
      lines.push(...environmentGroupDescriptions(selectors, kind === 'deployed' ? 'currently deployed to' : 'released and supported in'));
    else lines.push(...selectors.map((r) => `${selectorDescription(pact, r)} (${r.consumerVersion.number})`));
  }
  return lines.map((l) => `    * ${l}`).join('\n');
}

function selectorDescription(pact: VerifiablePact, { selector: s, environment, fallbackUsed }: ResolvedSelector): string {
  const versionLabel = s.consumer ? `version of ${s.consumer}` : 'version';
  switch (s.kind) {
    case 'overallLatest':
      return `latest version of ${s.consumer ?? 'a consumer'} that has a pact with ${pact.providerName}`;
    case 'latestTag':
      return fallbackUsed && s.fallbackTag
        ? `latest ${versionLabel} tagged '${s.fallbackTag}' (fallback tag used as no pact was found with tag '${s.tag}')`
        : `latest ${versionLabel} tagged '${s.tag}'`;
    case 'mainBranch':
      return `latest ${versionLabel} from the main branch '${pact.consumer.mainBranch ?? ''}'`;
    case 'branch':
      if (fallbackUsed && s.fallbackBranch)
        return `latest ${versionLabel} from branch '${s.fallbackBranch}' (fallback branch used as no pact was found from branch '${s.branch}')`;
      if (fallbackUsed && s.fallbackToMainBranch)
        return `latest ${versionLabel} from the main branch '${pact.consumer.mainBranch ?? ''}' (fallback to the main branch used as no pact was found from branch '${s.branch}')`;
      return `latest ${versionLabel} from branch '${s.branch}'`;
    case 'matchingBranch':
      return `latest ${versionLabel} from branch '${s.branch}'`;
    case 'allForTag':
      return s.consumer ? `all ${s.consumer} versions tagged '${s.tag}'` : `all consumer versions tagged '${s.tag}'`;
    case 'deployed':
    case 'released':
    case 'environment':
      return `${s.consumer ?? 'a consumer'} version in environment ${environment?.name ?? s.environment ?? ''}`;
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}

function environmentGroupDescriptions(selectors: ResolvedSelector[], phrase: string): string[] {
  const byConsumer = new Map<string, ResolvedSelector[]>();
  for (const r of selectors) {
    const key = r.selector.consumer ?? '';
    byConsumer.set(key, [...(byConsumer.get(key) ?? []), r]);
  }
  return [...byConsumer].map(([consumer, list]) => {
    const label = consumer ? `version(s) of ${consumer}` : 'consumer version(s)';
    return `${label} ${phrase} ${joinUnquoted(list.map((r) => `${r.environment?.name ?? ''} (${r.consumerVersion.number})`))}`;
  });
}

function headTags(selectors: readonly ResolvedSelector[]): string[] {
  return unique(selectors.flatMap(({ selector: s }) => (s.kind === 'latestTag' ? [s.tag] : [])));
}

function headBranches(selectors: readonly ResolvedSelector[]): string[] {
  return unique(selectors.flatMap(({ selector: s }) => (s.kind === 'branch' || s.kind === 'matchingBranch' ? [s.branch] : [])));
}

function joinedHeads(pact: VerifiablePact): string {
  const branches = headBranches(pact.selectors);
  const tags = headTags(pact.selectors);
  const parts: string[] = [];
  if (branches.length > 0) parts.push(`from ${branches.length === 1 ? 'branch' : 'branches'} ${join(branches)}`);
  if (tags.length > 0) parts.push(`tagged with ${join(tags)}`);
  const n = pact.selectors.length;
  return parts.join(' and ') + (n === 1 ? '' : n === 2 ? ' (both have the same content)' : ' (all have the same content)');
}

function pendingDescription(pact: VerifiablePact, anyOrA: 'any' | 'a' = 'any'): string {
  const provider = pact.providerName;
  const branch = pact.pending?.providerBranch;
  if (branch) return `${anyOrA} version of ${provider} from branch '${branch}'`;
  const tags = pact.pending?.pendingProviderTags ?? [];
  if (tags.length === 0) return provider;
  if (tags.length === 1) return `${anyOrA} version of ${provider} with tag '${tags[0]}'`;
  return `${anyOrA} versions of ${provider} with tag ${join(tags)}`;
}

function nonPendingDescription(pact: VerifiablePact): string {
  const provider = pact.providerName;
  const branch = pact.pending?.providerBranch;
  if (branch) return `a version of ${provider} from branch '${branch}'`;
  const tags = pact.pending?.nonPendingProviderTags ?? [];
  if (tags.length === 0) return provider;
  if (tags.length === 1) return `a version of ${provider} with tag '${tags[0]}'`;
  return `a version of ${provider} with tag ${join(tags)}`;
}

function withTheseTags(pact: VerifiablePact): string {
  const n = pact.pending?.pendingProviderTags.length ?? 0;
  return n === 0 ? '' : n === 1 ? 'with this tag ' : 'with these tags ';
}

function join(words: readonly string[]): string {
  return joinUnquoted(words.map((w) => `'${w}'`));
}

function joinUnquoted(list: readonly string[]): string {
  if (list.length <= 2) return list.join(' and ');
  return `${list.slice(0, -2).join(', ')}, ${list.slice(-2).join(' and ')}`;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
