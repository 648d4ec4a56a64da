// Verifies a provider against the pacts Treaty selects for it, with the official Pact verifier
// (@pact-foundation/pact's Verifier → pact_ffi → the Rust pact_verifier), and returns what happened
// per consumer pact and per interaction.
//
// 1. Probe the provider (and its state-change URL): an unreachable provider is an error, not a
//    verification failure of every interaction.
// 2. Ask Treaty for the pacts for verification (the same POST the verifier makes) and fetch each pact:
//    that gives the consumer, version, pending/WIP status and interactions of every pact.
// 3. Run the Verifier against Treaty (it fetches the same pacts, verifies, and publishes the results
//    when asked, to the metadata URLs, so Treaty records pending/WIP).
// 4. Match the verifier's JSON report (per-interaction results, errors, pending errors) to the pacts.
import { Verifier, type MessageProviders, type VerifierOptions } from '@pact-foundation/pact';
import { PactVerificationError, PactVerificationErrorKind } from './errors.ts';
import { probeTcp } from './network.ts';
import { fetchPactsToVerify, type BrokerConnection, type PactToVerify } from './treaty-pacts.ts';
import { parseVerifierReport, pactResults, type VerifierReport } from './verifier-report.ts';
import { verificationStatus, VerificationStatus, type VerificationSummary } from './verification-summary.ts';

/** Provider state handlers, as pact-js takes them. */
export type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

/** A consumer version selector (PB API §3.8), e.g. `{ mainBranch: true }` or `{ deployed: true, environment: 'production' }`. */
export type ConsumerVersionSelector = NonNullable<VerifierOptions['consumerVersionSelectors']>[number];

/** The selectors Pact recommends for a provider's main-branch build. */
export const DEFAULT_CONSUMER_VERSION_SELECTORS: readonly ConsumerVersionSelector[] = [{ mainBranch: true }, { deployedOrReleased: true }];

export interface VerifyProviderAgainstTreatyOptions {
  brokerUrl: string;
  /** Bearer token; or username and password for basic auth. */
  token?: string;
  username?: string;
  password?: string;
  provider: string;
  /** The provider version being verified, usually the git SHA. */
  providerVersion: string;
  /** The provider's branch: needed for pending and WIP pacts, and recorded on the version when publishing. */
  providerBranch?: string;
  /** Where the provider listens. Optional only when verifying message pacts through `messageProviders`. */
  providerBaseUrl?: string;
  /** Default: `[{ mainBranch: true }, { deployedOrReleased: true }]`. */
  consumerVersionSelectors?: readonly ConsumerVersionSelector[];
  /** Failures of pacts this provider branch has never verified do not fail the run (PB "pending pacts"). */
  enablePending?: boolean;
  /** Also verify work-in-progress pacts published since this date (YYYY-MM-DD); needs `providerBranch`. */
  includeWipPactsSince?: string;
  /** A URL the verifier POSTs `{ state, params, action: 'setup' | 'teardown' }` to before (and after) each interaction. */
  stateChangeUrl?: string;
  /** In-process provider state handlers (as pact-js); not together with `stateChangeUrl`. */
  stateHandlers?: StateHandlers;
  /** Runs before every interaction, e.g. to empty an in-process store so each state starts clean. */
  beforeEach?: () => Promise<unknown>;
  messageProviders?: MessageProviders;
  /** Publish the verification results to Treaty (also when they fail). */
  publish: boolean;
  buildUrl?: string;
  /** The Pact core's log level (default `error`; its detailed report goes to stdout regardless). */
  logLevel?: VerifierOptions['logLevel'];
  fetch?: typeof fetch;
}

function validate(o: VerifyProviderAgainstTreatyOptions): void {
  const invalid = (message: string) => new PactVerificationError(PactVerificationErrorKind.InvalidOptions, message);
  if (o.stateChangeUrl && o.stateHandlers) throw invalid('Give either a state-change URL or state handlers, not both.');
  if (!o.providerBaseUrl && !o.messageProviders)
    throw invalid('The provider base URL is required (where the provider listens, e.g. http://localhost:8081).');
  if ((o.enablePending || o.includeWipPactsSince) && !o.providerBranch?.trim()) {
    throw invalid('Pending and WIP pacts are decided per provider branch: give the provider branch (e.g. --provider-branch main).');
  }
  if (o.includeWipPactsSince && !o.enablePending)
    throw invalid('WIP pacts are always pending: enable pending pacts too (--enable-pending).');
  if (o.publish && !o.providerVersion.trim()) throw invalid('Publishing results needs the provider version (e.g. the git SHA).');
}

async function probe(url: string | undefined, what: string, fix: string): Promise<void> {
  if (!url) return;
  const reason = await probeTcp(url);
  if (reason)
    throw new PactVerificationError(PactVerificationErrorKind.ProviderUnreachable, `Cannot reach the ${what} at ${url}: ${reason}. ${fix}`);
}

function verifierOptions(o: VerifyProviderAgainstTreatyOptions, selectors: readonly ConsumerVersionSelector[]): VerifierOptions {
  return {
    provider: o.provider,
    ...(o.providerBaseUrl ? { providerBaseUrl: o.providerBaseUrl } : {}),
    pactBrokerUrl: o.brokerUrl,
    ...(o.token ? { pactBrokerToken: o.token } : {}),
    ...(o.username !== undefined ? { pactBrokerUsername: o.username, pactBrokerPassword: o.password ?? '' } : {}),
    consumerVersionSelectors: [...selectors],
    enablePending: o.enablePending === true,
    ...(o.includeWipPactsSince ? { includeWipPactsSince: o.includeWipPactsSince } : {}),
    providerVersion: o.providerVersion,
    ...(o.providerBranch ? { providerVersionBranch: o.providerBranch } : {}),
    publishVerificationResult: o.publish,
    ...(o.buildUrl ? { buildUrl: o.buildUrl } : {}),
    // The Rust verifier calls this URL itself; pact-js only proxies state changes when given stateHandlers.
    ...(o.stateChangeUrl ? { providerStatesSetupUrl: o.stateChangeUrl, providerStatesSetupTeardown: true } : {}),
    ...(o.stateHandlers ? { stateHandlers: o.stateHandlers } : {}),
    ...(o.beforeEach ? { beforeEach: o.beforeEach } : {}),
    ...(o.messageProviders ? { messageProviders: o.messageProviders } : {}),
    logLevel: o.logLevel ?? 'error',
    failIfNoPactsFound: true,
  };
}

/** Runs the verifier; a failed verification is a report too (pact-js rejects with the report as the message). */
async function runVerifier(options: VerifierOptions): Promise<VerifierReport> {
  let raw: unknown;
  try {
    raw = await new Verifier(options).verifyProvider();
  } catch (error) {
    raw = error instanceof Error ? error.message : error;
    const report = parseVerifierReport(raw);
    if (report) return report;
    throw new PactVerificationError(
      PactVerificationErrorKind.VerifierCrashed,
      `The Pact verifier could not run: ${String(raw)}. Run again with a higher log level (TREATY_DEBUG=1) to see why.`,
    );
  }
  return parseVerifierReport(raw) ?? { result: true };
}

export async function verifyProviderAgainstTreaty(o: VerifyProviderAgainstTreatyOptions): Promise<VerificationSummary> {
  validate(o);
  const selectors = o.consumerVersionSelectors ?? DEFAULT_CONSUMER_VERSION_SELECTORS;
  await probe(o.providerBaseUrl, 'provider', 'Start the provider first, or fix the provider base URL.');
  await probe(
    o.stateChangeUrl,
    'provider state-change URL',
    'Start the provider with its state-change endpoint, or fix the state-change URL.',
  );

  const connection: BrokerConnection = {
    brokerUrl: o.brokerUrl,
    token: o.token,
    username: o.username,
    password: o.password,
    fetch: o.fetch,
  };
  const pacts: PactToVerify[] = await fetchPactsToVerify(connection, {
    provider: o.provider,
    consumerVersionSelectors: selectors as readonly Record<string, unknown>[],
    providerBranch: o.providerBranch,
    enablePending: o.enablePending === true,
    includeWipPactsSince: o.includeWipPactsSince,
  });
  const base = { provider: o.provider, providerVersion: o.providerVersion, providerBranch: o.providerBranch };
  if (pacts.length === 0) {
    return { ...base, status: VerificationStatus.NoPacts, success: true, published: false, pacts: [], notices: [] };
  }

  const report = await runVerifier(verifierOptions(o, selectors));
  const results = pactResults(pacts, report, o.provider);
  const status = verificationStatus(results);
  return {
    ...base,
    status,
    success: status !== VerificationStatus.Failed,
    published: o.publish,
    pacts: results,
    notices: pacts.flatMap((p) => p.notices),
  };
}
