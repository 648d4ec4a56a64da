// Why a can-i-deploy answer is what it is. Texts are the Pact Broker's (PB api/decorators/reason_decorator.rb);
// the CLI prints them, so they are part of the compatibility surface.
import type { Notice, NoticeType } from '@treaty/wire';
import { describeSelector, versionDoesNotExistDescription, type ResolvedSelector } from './resolved-selector.ts';

export type Reason =
  /** Every required verification is present and successful, and there is at least one. */
  | { kind: 'successful' }
  /** Nothing to verify: no rows and no required integration. */
  | { kind: 'noDependenciesMissing' }
  /** A row has no verification by the selected provider version(s). */
  | { kind: 'pactNotEverVerifiedByProvider'; consumer: ResolvedSelector; provider: ResolvedSelector }
  /** A required integration has no row at all. */
  | { kind: 'pactNotVerifiedByRequiredProviderVersion'; consumer: ResolvedSelector; provider: ResolvedSelector }
  | { kind: 'verificationFailed'; consumer: ResolvedSelector; provider: ResolvedSelector }
  /** Treaty (issue #8): the check of a consumer's schema against the provider's failed; `breakingChange` names the rule. */
  | { kind: 'schemaCheckFailed'; subject: string; consumer: ResolvedSelector; provider: ResolvedSelector; breakingChange: string | null }
  /** Treaty: no check of the consumer's schema against the selected provider version, or it could not decide. */
  | { kind: 'schemaCheckMissing'; subject: string; consumer: ResolvedSelector; provider: ResolvedSelector; undecided: boolean }
  /** A considered, specified selector matched no version. */
  | { kind: 'specifiedVersionDoesNotExist'; selector: ResolvedSelector }
  /** An ignore selector names a pacticipant or version that does not exist. */
  | { kind: 'ignoreSelectorDoesNotExist'; selector: ResolvedSelector }
  /** One specified selector and no tag, environment or main branch destination. */
  | { kind: 'noEnvironmentSpecified' }
  /** A specified selector picks its version by tag or branch rather than by number. */
  | { kind: 'selectorWithoutPacticipantVersionNumberSpecified' };

export type ReasonKind = Reason['kind'];

export const noticeTypeFor: Record<ReasonKind, NoticeType> = {
  successful: 'success',
  noDependenciesMissing: 'success',
  pactNotEverVerifiedByProvider: 'error',
  pactNotVerifiedByRequiredProviderVersion: 'error',
  verificationFailed: 'error',
  schemaCheckFailed: 'error',
  schemaCheckMissing: 'error',
  specifiedVersionDoesNotExist: 'error',
  ignoreSelectorDoesNotExist: 'warning',
  noEnvironmentSpecified: 'warning',
  selectorWithoutPacticipantVersionNumberSpecified: 'warning',
};

export const isWarning = (r: Reason): boolean => noticeTypeFor[r.kind] === 'warning';

export function reasonText(reason: Reason): string {
  switch (reason.kind) {
    case 'successful':
      return 'All required verification results are published and successful';
    case 'noDependenciesMissing':
      return 'There are no missing dependencies';
    case 'pactNotEverVerifiedByProvider':
    case 'pactNotVerifiedByRequiredProviderVersion':
      return `There is no verified pact between ${describeSelector(reason.consumer)} and ${describeSelector(reason.provider)}`;
    case 'verificationFailed':
      return `The verification for the pact between ${describeSelector(reason.consumer)} and ${describeSelector(reason.provider)} failed`;
    case 'schemaCheckFailed':
      return `The schema check of subject ${reason.subject} between ${describeSelector(reason.consumer)} and ${describeSelector(reason.provider)} failed${reason.breakingChange ? `: ${reason.breakingChange}` : ''}`;
    case 'schemaCheckMissing':
      return reason.undecided
        ? `The schema check of subject ${reason.subject} between ${describeSelector(reason.consumer)} and ${describeSelector(reason.provider)} could not decide (unknown)`
        : `There is no schema check of subject ${reason.subject} between ${describeSelector(reason.consumer)} and ${describeSelector(reason.provider)}`;
    case 'specifiedVersionDoesNotExist':
      return versionDoesNotExistDescription(reason.selector);
    case 'ignoreSelectorDoesNotExist':
      return `WARN: Cannot ignore ${describeSelector(reason.selector)}`;
    case 'noEnvironmentSpecified':
      return 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.';
    case 'selectorWithoutPacticipantVersionNumberSpecified':
      return 'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.';
    default: {
      const unreachable: never = reason;
      throw new Error(`unknown reason ${JSON.stringify(unreachable)}`);
    }
  }
}

export const toNotice = (reason: Reason): Notice => ({ type: noticeTypeFor[reason.kind], text: reasonText(reason) });
