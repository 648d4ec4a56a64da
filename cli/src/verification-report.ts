// The text `treaty verify` prints after the Pact verifier's own report: per consumer, each pact
// (its consumer version, why Treaty selected it, pending/WIP) and each interaction (✓/✗ with its
// mismatches), then a one-line verdict that says what to do next.
import type { InteractionResult, PactResult, VerificationSummary } from '@treaty/verifiers/pact';
import { abbreviateVersion } from './matrix-report.ts';

function interactionLine(i: InteractionResult, pending: boolean): string[] {
  const mark = i.outcome === 'passed' ? '✓' : '✗';
  const given = i.providerStates.length > 0 ? ` (given ${i.providerStates.join(' and ')})` : '';
  const note = i.outcome === 'not-run' ? ' — not run' : i.outcome === 'failed' && pending ? ' [pending]' : '';
  return [`    ${mark} ${i.description}${given}${note}`, ...i.mismatches.map((m) => `        ${m}`)];
}

function pactHeader(p: PactResult): string {
  const flags = [p.pending ? 'pending' : undefined, p.wip ? 'wip' : undefined].filter((f) => f !== undefined);
  const version = p.consumerVersion ? `version ${abbreviateVersion(p.consumerVersion)}` : 'pact';
  const why = p.selectedBecause ? ` — ${p.selectedBecause}` : '';
  return `  ${version}${why}${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function failedNames(pacts: PactResult[], outcome: PactResult['outcome']): string {
  return pacts
    .filter((p) => p.outcome === outcome)
    .flatMap((p) =>
      p.interactions
        .filter((i) => i.outcome !== 'passed')
        .map((i) => `"${i.description}" (${p.consumer}${p.consumerVersion ? ` ${abbreviateVersion(p.consumerVersion)}` : ''})`),
    )
    .join(', ');
}

export function verdictLine(s: VerificationSummary): string {
  const published = s.published ? ' Results published to Treaty.' : ' Results not published (add --publish in CI).';
  const interactions = s.pacts.reduce((n, p) => n + p.interactions.length, 0);
  switch (s.status) {
    case 'passed':
      return `✓ Verification passed: ${plural(s.pacts.length, 'pact')}, ${plural(interactions, 'interaction')}.${published}`;
    case 'passed-with-pending-failures':
      return `✓ Verification passed; only pending pacts failed, which does not fail the build: ${failedNames(s.pacts, 'failed-pending')}. The consumer team should hear about it (https://docs.pact.io/go/pending).${published}`;
    case 'failed':
      return `✗ Verification failed: ${failedNames(s.pacts, 'failed')}. The provider breaks what its consumers expect: fix the provider, or agree the change with the consumer team.${published}`;
    case 'no-pacts':
      return `No pacts to verify for ${s.provider} with these consumer version selectors: nothing was verified (check the selectors and that consumers have published pacts).`;
    default: {
      const unreachable: never = s.status;
      return String(unreachable);
    }
  }
}

export function formatVerificationSummary(s: VerificationSummary): string {
  const branch = s.providerBranch ? ` (branch ${s.providerBranch})` : '';
  const lines = [`Verification of ${s.provider} ${abbreviateVersion(s.providerVersion)}${branch}:`];
  const consumers = [...new Set(s.pacts.map((p) => p.consumer))];
  for (const consumer of consumers) {
    lines.push('', consumer);
    for (const pact of s.pacts.filter((p) => p.consumer === consumer)) {
      lines.push(pactHeader(pact), ...pact.interactions.flatMap((i) => interactionLine(i, pact.pending)));
    }
  }
  lines.push('', verdictLine(s));
  return lines.join('\n');
}
