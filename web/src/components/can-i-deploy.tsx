// "Can I deploy version X of service Y to environment Z?" The question lives in the query string
// (?pacticipant=&version=&environment=), so the answer can be shared as a link.
import { useState, type FormEvent } from 'react';
import { CAN_I_DEPLOY_QUERY, type CanIDeployData } from '../graphql/documents/environments.ts';
import { useQuery } from '../graphql/use-query.ts';
import { deployPresentation, outcomeStatus } from '../lib/status.ts';
import { navigate } from '../router.tsx';
import { QueryView } from './query-state.tsx';
import { StatusBadge } from './status-badge.tsx';
import { Time } from './time.tsx';

export interface CanIDeployQuestion {
  pacticipant: string;
  version: string;
  environment: string;
}

export function readQuestion(search: URLSearchParams, fixedEnvironment?: string): CanIDeployQuestion {
  return {
    pacticipant: search.get('pacticipant') ?? '',
    version: search.get('version') ?? '',
    environment: fixedEnvironment ?? search.get('environment') ?? '',
  };
}

export function CanIDeployForm({
  initial,
  pacticipants,
  environments,
  fixedEnvironment,
  basePath,
}: {
  initial: CanIDeployQuestion;
  pacticipants: string[];
  environments: Array<{ name: string; displayName: string | null }>;
  fixedEnvironment?: string;
  basePath: string;
}) {
  const [form, setForm] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams({ pacticipant: form.pacticipant.trim(), version: form.version.trim() });
    if (!fixedEnvironment) params.set('environment', form.environment);
    navigate(`${basePath}?${params.toString()}`);
  };
  return (
    <form className="filters can-i-deploy-form" onSubmit={submit} aria-label="Can I deploy?">
      <div className="field">
        <label htmlFor="cid-pacticipant">Service</label>
        <input
          id="cid-pacticipant"
          list="cid-pacticipants"
          required
          value={form.pacticipant}
          onChange={(e) => setForm({ ...form, pacticipant: e.target.value })}
          placeholder="e.g. order-service"
        />
        <datalist id="cid-pacticipants">
          {pacticipants.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="cid-version">Version</label>
        <input
          id="cid-version"
          required
          className="mono"
          value={form.version}
          onChange={(e) => setForm({ ...form, version: e.target.value })}
          placeholder="git SHA"
        />
      </div>
      {fixedEnvironment ? null : (
        <div className="field">
          <label htmlFor="cid-environment">Environment</label>
          <select
            id="cid-environment"
            required
            value={form.environment}
            onChange={(e) => setForm({ ...form, environment: e.target.value })}
          >
            <option value="" disabled>
              choose…
            </option>
            {environments.map((env) => (
              <option key={env.name} value={env.name}>
                {env.displayName ?? env.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field field-actions">
        <button type="submit" className="button primary">
          Can I deploy?
        </button>
      </div>
    </form>
  );
}

function Answer({ question, answer }: { question: CanIDeployQuestion; answer: CanIDeployData['canIDeploy'] }) {
  const p = deployPresentation[answer.status];
  // Notices often repeat the reasons word for word; show each text once.
  const notices = answer.notices.filter((n) => !answer.reasons.includes(n.text));
  return (
    <div className={`answer answer-${p.tone}`} data-testid="can-i-deploy-answer" data-status={answer.status} aria-live="polite">
      <p className="answer-headline">
        <span className="answer-status">
          <span aria-hidden="true">{p.symbol} </span>
          {p.label}
        </span>{' '}
        <span>
          {answer.status === 'YES' ? 'You can deploy' : answer.status === 'NO' ? 'Do not deploy' : 'Not known whether you can deploy'}{' '}
          {question.pacticipant} <span className="mono">{question.version}</span> to {question.environment}.
        </span>
      </p>
      <p className="small">
        {answer.counts.success} verified · {answer.counts.failed} failed · {answer.counts.unknown} unknown
      </p>
      {answer.reasons.length > 0 ? (
        <>
          <h3>Reasons</h3>
          <ul className="reasons">
            {answer.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </>
      ) : null}
      {notices.length > 0 ? (
        <ul className="notices" aria-label="Notices">
          {notices.map((n, i) => (
            <li key={i} className={`notice notice-${n.type}`}>
              <strong>{n.type}:</strong> {n.text}
            </li>
          ))}
        </ul>
      ) : null}
      {answer.rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">The matrix rows that decided the answer</caption>
            <thead>
              <tr>
                <th scope="col">Consumer</th>
                <th scope="col">Provider</th>
                <th scope="col">Result</th>
                <th scope="col">Verified</th>
              </tr>
            </thead>
            <tbody>
              {answer.rows.map((r, i) => (
                <tr key={i}>
                  <td>
                    {r.consumer.name} <span className="mono">{r.consumerVersion.number}</span>
                  </td>
                  <td>
                    {r.provider.name}{' '}
                    {r.providerVersion ? <span className="mono">{r.providerVersion.number}</span> : <span className="muted">—</span>}
                  </td>
                  <td>
                    <StatusBadge status={outcomeStatus[r.outcome]} />
                  </td>
                  <td>
                    <Time iso={r.verifiedAt} fallback="never" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

export function CanIDeployResult({ question }: { question: CanIDeployQuestion }) {
  const query = useQuery(CAN_I_DEPLOY_QUERY, question);
  return (
    <QueryView query={query} loadingLabel="Asking the matrix…">
      {(data) => <Answer question={question} answer={data.canIDeploy} />}
    </QueryView>
  );
}

export function isComplete(q: CanIDeployQuestion): boolean {
  return q.pacticipant !== '' && q.version !== '' && q.environment !== '';
}
