// A pact, readable: what changed since the previous consumer version's pact, each interaction
// (provider states, request and response side by side), and the verifications of this content.
import { useEffect } from 'react';
import { GitHubCalls } from '../components/github-calls.tsx';
import { InteractionView } from '../components/interaction-view.tsx';
import { JsonBlock, JsonValue } from '../components/json-view.tsx';
import { PageHeader, Section } from '../components/layout.tsx';
import { Empty, QueryView } from '../components/query-state.tsx';
import { StatusBadge, Tag } from '../components/status-badge.tsx';
import { Time } from '../components/time.tsx';
import { CONTRACT_QUERY, type ContractData, type ValueChangeFields } from '../graphql/documents/contract.ts';
import { useQuery } from '../graphql/use-query.ts';
import { verificationStatus } from '../lib/status.ts';
import { Link, routeHref } from '../router.tsx';

type Pact = NonNullable<ContractData['pact']>;

const kindLabel = { ADDED: 'added', REMOVED: 'removed', CHANGED: 'changed' } as const satisfies Record<ValueChangeFields['kind'], string>;

function ChangesTable({ changes, caption }: { changes: ValueChangeFields[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table diff-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Change</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={`${c.path}|${c.kind}`} className={`change-${c.kind.toLowerCase()}`}>
              <td className="mono">{c.path}</td>
              <td>{kindLabel[c.kind]}</td>
              <td className="before">{c.kind === 'ADDED' ? <span className="muted">—</span> : <JsonValue value={c.before} />}</td>
              <td className="after">{c.kind === 'REMOVED' ? <span className="muted">—</span> : <JsonValue value={c.after} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Diff({ pact }: { pact: Pact }) {
  const diff = pact.diffWithPrevious;
  if (diff === null)
    return (
      <p className="muted">
        This is the first pact {pact.consumer.name} published for {pact.provider.name}: there is nothing to compare with.
      </p>
    );
  const previousLink = (
    <Link
      className="mono"
      to={routeHref({
        page: 'contract',
        provider: pact.provider.name,
        consumer: pact.consumer.name,
        version: diff.previous.consumerVersion.number,
      })}
    >
      {diff.previous.consumerVersion.number}
    </Link>
  );
  if (diff.identical) return <p>Same content as the pact of the previous version {previousLink}.</p>;
  return (
    <div className="diff" data-testid="pact-diff">
      <p>
        Compared with the pact of version {previousLink} (published <Time iso={diff.previous.createdAt} />
        ):
      </p>
      {diff.added.length > 0 ? (
        <>
          <h3 className="diff-heading">Added interactions</h3>
          <ul className="diff-list">
            {diff.added.map((label) => (
              <li key={label} className="change-added">
                <span className="diff-sign" aria-hidden="true">
                  +
                </span>
                <span className="visually-hidden">Added: </span>
                {label}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.removed.length > 0 ? (
        <>
          <h3 className="diff-heading">Removed interactions</h3>
          <ul className="diff-list">
            {diff.removed.map((label) => (
              <li key={label} className="change-removed">
                <span className="diff-sign" aria-hidden="true">
                  −
                </span>
                <span className="visually-hidden">Removed: </span>
                {label}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.changed.map((c) => (
        <div key={c.label}>
          <h3 className="diff-heading">Changed: {c.label}</h3>
          <ChangesTable changes={c.changes} caption={`Changes to ${c.label}`} />
        </div>
      ))}
      {diff.documentChanges.length > 0 ? (
        <>
          <h3 className="diff-heading">Other changes</h3>
          <ChangesTable changes={diff.documentChanges} caption="Changes outside interactions" />
        </>
      ) : null}
      <details>
        <summary>Diff as text</summary>
        <pre className="json">{diff.text}</pre>
      </details>
    </div>
  );
}

function Verifications({ pact }: { pact: Pact }) {
  if (pact.verifications.length === 0) return <p className="muted">{pact.provider.name} has not verified this pact content yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Verification results of this pact content, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Result</th>
            <th scope="col">Provider version</th>
            <th scope="col">Verified</th>
            <th scope="col">Build</th>
          </tr>
        </thead>
        <tbody>
          {pact.verifications.map((v) => (
            <tr key={v.number} id={`verification-${v.number}`}>
              <td>{v.number}</td>
              <td>
                <StatusBadge status={verificationStatus(v)} />
              </td>
              <td className="mono">{v.providerVersion.number}</td>
              <td>
                <Time iso={v.verifiedAt} />
              </td>
              <td>{v.buildUrl ? <a href={v.buildUrl}>build</a> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ContractBody({ pact }: { pact: Pact }) {
  useEffect(() => {
    const id = window.location.hash.slice(1);
    if (id) document.getElementById(id)?.scrollIntoView?.({ block: 'center' });
  }, []);
  const others = pact.consumerVersions.filter((v) => v.number !== pact.consumerVersion.number);
  return (
    <>
      <PageHeader
        title={`${pact.consumer.name} → ${pact.provider.name}`}
        subtitle={
          <>
            Pact of version <span className="mono">{pact.consumerVersion.number}</span>{' '}
            {pact.consumerVersion.branches.map((b) => (
              <Tag key={b.name} kind="branch">
                {b.name}
              </Tag>
            ))}{' '}
            · published <Time iso={pact.createdAt} /> · {pact.interactionCount} interaction{pact.interactionCount === 1 ? '' : 's'} ·
            content <span className="mono">{pact.sha.slice(0, 12)}</span>
          </>
        }
      >
        <Link className="button" to={routeHref({ page: 'matrix' }, { pacticipant: pact.consumer.name, counterpart: pact.provider.name })}>
          Matrix
        </Link>
      </PageHeader>
      {others.length > 0 ? (
        <p className="small muted">The same content was also published by {others.map((v) => v.number).join(', ')}.</p>
      ) : null}
      <Section title="Changes since the previous version">
        <Diff pact={pact} />
      </Section>
      <Section title="Interactions">
        {pact.interactions.length === 0 ? (
          <p className="muted">This pact has no interactions.</p>
        ) : (
          pact.interactions.map((i, index) => <InteractionView key={index} interaction={i} index={index} />)
        )}
      </Section>
      <Section title="Verifications">
        <Verifications pact={pact} />
      </Section>
      <Section title="Calls to GitHub">
        <GitHubCalls consumer={pact.consumer.name} provider={pact.provider.name} />
      </Section>
      <Section title="Pact document">
        <details>
          <summary>Show the pact as published (JSON)</summary>
          <JsonBlock value={pact.content} label="Pact JSON" />
        </details>
      </Section>
    </>
  );
}

export function ContractPage({ provider, consumer, version }: { provider: string; consumer: string; version: string }) {
  const query = useQuery(CONTRACT_QUERY, { consumer, provider, consumerVersion: version });
  return (
    <QueryView query={query} loadingLabel="Loading the pact…">
      {({ pact }) =>
        pact === null ? (
          <>
            <PageHeader title={`${consumer} → ${provider}`} />
            <Empty title={`Version ${version} of ${consumer} published no pact for ${provider}.`}>
              <p>
                See <Link to={routeHref({ page: 'pacticipant', name: consumer })}>{consumer}</Link> for the pacts it published.
              </p>
            </Empty>
          </>
        ) : (
          <ContractBody pact={pact} />
        )
      }
    </QueryView>
  );
}
