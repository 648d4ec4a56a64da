// Environment health (issue #17): a one-line verdict per environment, and the table of every pair deployed there,
// failures first, each with its reason and links to the pact, the verification or the schema subject.
import { useMemo, useState } from 'react';
import type { HealthStatus, HealthSummary, PairStatus, PairVerdict } from '../graphql/documents/health.ts';
import { Link, routeHref } from '../router.tsx';
import { Pager, usePage } from './pager.tsx';
import { ShortVersion } from './short-version.tsx';
import { StatusBadge } from './status-badge.tsx';

export const healthPresentation = {
  HEALTHY: { label: 'Healthy', symbol: '✓', tone: 'green' },
  FAILING: { label: 'Failing', symbol: '✕', tone: 'red' },
  UNVERIFIED: { label: 'Unverified pairs', symbol: '?', tone: 'amber' },
} as const satisfies Record<HealthStatus, { label: string; symbol: string; tone: string }>;

/** "✕ Failing — 2 failed · 1 unverified · 530 verified pairs across 200 services (580 versions)". */
export function HealthLine({ environment, health }: { environment: string; health: HealthSummary }) {
  const p = healthPresentation[health.status];
  const { counts } = health;
  return (
    <p className={`health-line tone-${p.tone}`} data-testid="health-line" data-environment={environment} data-status={health.status}>
      <span className={`badge badge-${p.tone}`}>
        <span aria-hidden="true" className="badge-symbol">
          {p.symbol}
        </span>
        {p.label}
      </span>{' '}
      <span>
        <strong>{counts.failed}</strong> failed · <strong>{counts.unverified}</strong> unverified · <strong>{counts.verified}</strong>{' '}
        verified {counts.total === 1 ? 'pair' : 'pairs'}
      </span>{' '}
      <span className="muted small">
        across {health.pacticipantCount} services ({health.versionCount} versions)
      </span>
    </p>
  );
}

const PAGE_SIZE = 50;

export function PairsTable({ pairs, caption }: { pairs: PairVerdict[]; caption: string }) {
  const [status, setStatus] = useState<PairStatus | ''>('');
  const shown = useMemo(() => (status === '' ? pairs : pairs.filter((p) => p.status === status)), [pairs, status]);
  const { page, pager } = usePage(shown, PAGE_SIZE);
  if (pairs.length === 0) return <p className="muted">No integrations between these versions.</p>;
  return (
    <>
      <div className="toolbar">
        <label htmlFor="pair-status">Show</label>
        <select id="pair-status" value={status} onChange={(e) => setStatus(e.target.value as PairStatus | '')}>
          <option value="">every pair ({pairs.length})</option>
          <option value="FAILED">failed ({pairs.filter((p) => p.status === 'FAILED').length})</option>
          <option value="UNVERIFIED">unverified ({pairs.filter((p) => p.status === 'UNVERIFIED').length})</option>
          <option value="VERIFIED">verified ({pairs.filter((p) => p.status === 'VERIFIED').length})</option>
        </select>
      </div>
      <div className="table-wrap">
        <table className="table pairs-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Consumer</th>
              <th scope="col">Provider</th>
              <th scope="col">Contract</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {page.map((p, i) => (
              <tr
                key={`${p.consumer}|${p.consumerVersion}|${p.provider}|${p.providerVersion}|${p.subject}|${i}`}
                data-pair-status={p.status}
              >
                <td>
                  <StatusBadge status={p.status} />
                </td>
                <td className="nowrap">
                  <Link to={routeHref({ page: 'pacticipant', name: p.consumer })}>{p.consumer}</Link>{' '}
                  {p.consumerVersion ? <ShortVersion value={p.consumerVersion} /> : null}
                </td>
                <td className="nowrap">
                  <Link to={routeHref({ page: 'pacticipant', name: p.provider })}>{p.provider}</Link>{' '}
                  {p.providerVersion ? <ShortVersion value={p.providerVersion} /> : <span className="muted">—</span>}
                </td>
                <td className="nowrap">
                  <ContractLinks pair={p} />
                </td>
                <td className="reason">{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} label={caption} />
    </>
  );
}

function ContractLinks({ pair }: { pair: PairVerdict }) {
  if (pair.kind === 'SCHEMA' && pair.subject) {
    return (
      <Link to={routeHref({ page: 'schema', subject: pair.subject })} title="The subject's checks and findings">
        schema {pair.subject}
      </Link>
    );
  }
  return (
    <span className="links">
      {pair.consumerVersion ? (
        <Link to={routeHref({ page: 'contract', provider: pair.provider, consumer: pair.consumer, version: pair.consumerVersion })}>
          pact
        </Link>
      ) : null}
      {pair.pactPath ? (
        <>
          {' · '}
          <a href={pair.pactPath} title="The pact in the Pact Broker API">
            json
          </a>
        </>
      ) : null}
      {pair.verificationPath ? (
        <>
          {' · '}
          <a href={pair.verificationPath} title="The verification result that decided">
            verification
          </a>
        </>
      ) : null}
    </span>
  );
}
