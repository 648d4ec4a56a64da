// Every webhook with its latest delivery attempts: did the provider build get triggered, and if
// not, what did the target answer. Status is shown as text and symbol as well as colour. Below them,
// Treaty's own calls to GitHub (commit statuses, check runs), logged the same way.
import { GitHubCalls } from '../components/github-calls.tsx';
import { PageHeader, Section } from '../components/layout.tsx';
import { Empty, QueryView } from '../components/query-state.tsx';
import { Time } from '../components/time.tsx';
import { WEBHOOKS_QUERY, type WebhookExecutionFields, type WebhookFields } from '../graphql/documents/webhooks.ts';
import { useQuery } from '../graphql/use-query.ts';

/** One attempt's outcome in words: "Delivered (HTTP 200)", "Failed (HTTP 500)", "Failed: connect ECONNREFUSED". */
export function executionOutcome(e: Pick<WebhookExecutionFields, 'success' | 'responseStatus' | 'error'>): {
  label: string;
  tone: 'green' | 'red';
  symbol: string;
} {
  if (e.success) return { label: `Delivered (HTTP ${e.responseStatus ?? '?'})`, tone: 'green', symbol: '✓' };
  const why = e.responseStatus !== null ? ` (HTTP ${e.responseStatus})` : e.error ? `: ${e.error}` : '';
  return { label: `Failed${why}`, tone: 'red', symbol: '✕' };
}

function scope(name: string | undefined, label: string | null): string {
  if (name) return name;
  if (label) return `label ${label}`;
  return 'any';
}

function ExecutionsTable({ webhook }: { webhook: WebhookFields }) {
  const executions = webhook.executions.nodes;
  if (executions.length === 0) return <p className="muted">Not triggered yet.</p>;
  return (
    <table className="table" aria-label={`Recent executions of ${webhook.description ?? webhook.url}`}>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          <th scope="col">Attempt</th>
          <th scope="col">Outcome</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {executions.map((e) => {
          const outcome = executionOutcome(e);
          return (
            <tr key={e.id} data-execution={e.id}>
              <td>
                <Time iso={e.createdAt} />
              </td>
              <td>
                <code>{e.eventName}</code>
              </td>
              <td>{e.attempt}</td>
              <td>
                <span className={`badge badge-${outcome.tone}`} data-outcome={e.success ? 'success' : 'failure'}>
                  <span aria-hidden="true" className="badge-symbol">
                    {outcome.symbol}
                  </span>
                  {outcome.label}
                </span>
              </td>
              <td>{e.durationMs} ms</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function WebhooksPage() {
  const query = useQuery(WEBHOOKS_QUERY, {});
  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="What Treaty calls when contracts and verifications are published, and what the targets answered."
      />
      <QueryView query={query} loadingLabel="Loading webhooks…">
        {(data) =>
          data.webhooks.length === 0 ? (
            <Empty title="No webhooks yet.">
              <p>
                Create one with{' '}
                <code>
                  pact-broker create-webhook https://ci.example.org/build --request POST --contract-requiring-verification-published
                </code>
                .
              </p>
            </Empty>
          ) : (
            data.webhooks.map((w) => (
              <Section
                key={w.uuid}
                title={w.description ?? `${w.method} ${w.url}`}
                actions={w.enabled ? undefined : <span className="chip">disabled</span>}
              >
                <p>
                  <code>
                    {w.method} {w.url}
                  </code>{' '}
                  on {w.events.join(', ')}; consumer {scope(w.consumer?.name, w.consumerLabel)}, provider{' '}
                  {scope(w.provider?.name, w.providerLabel)}.
                </p>
                <ExecutionsTable webhook={w} />
              </Section>
            ))
          )
        }
      </QueryView>
      <Section title="Calls to GitHub">
        <GitHubCalls />
      </Section>
    </>
  );
}
