// A schema subject (issue #8): its kind and compatibility mode, who provides and who reads it, and for the selected
// publication its files, the changes since the previous version, and the breaking changes Treaty's last check found.
// An AsyncAPI publication (issue #13) also shows its channels, messages and operations, and an OpenAPI or AsyncAPI
// one the consumers' pacts Treaty checked against it, with their findings.
import { useState } from 'react';
import { PageHeader, Section } from '../components/layout.tsx';
import { Empty, QueryView } from '../components/query-state.tsx';
import { StatusBadge, Tag } from '../components/status-badge.tsx';
import { Time } from '../components/time.tsx';
import {
  SCHEMA_SUBJECT_QUERY,
  type AsyncApiOutlineFields,
  type SchemaCheckFields,
  type SchemaFields,
  type SchemaFindingFields,
  type SchemaSubjectData,
} from '../graphql/documents/schema.ts';
import { useQuery } from '../graphql/use-query.ts';
import { Link, routeHref } from '../router.tsx';

/** compatible / breaking / unknown as the verification statuses the rest of the UI shows (colour, symbol and text). */
const statusOf = { compatible: 'VERIFIED', breaking: 'FAILED', unknown: 'UNVERIFIED' } as const;
const verdictStatus = (verdict: string) => statusOf[verdict as keyof typeof statusOf] ?? 'UNVERIFIED';

function Findings({ findings, caption }: { findings: SchemaFindingFields[]; caption: string }) {
  if (findings.length === 0) return <p className="muted">No changes that matter.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Where</th>
            <th scope="col">What changed</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f, i) => (
            <tr key={`${f.rule}|${i}`} data-severity={f.severity ?? 'error'}>
              <td className="mono">{f.rule}</td>
              <td className="mono">{f.file === null ? '—' : `${f.file}${f.line === null ? '' : `:${f.line}`}`}</td>
              <td>{f.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The channels of an AsyncAPI document, each with its messages and what the application does there. */
function AsyncApiOutline({ outline }: { outline: AsyncApiOutlineFields }) {
  return (
    <Section title="Channels and messages">
      <p className="muted">
        AsyncAPI {outline.version}
        {outline.title ? ` · ${outline.title}` : ''}
      </p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Channels and messages of the AsyncAPI document</caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Messages</th>
              <th scope="col">Operations</th>
            </tr>
          </thead>
          <tbody>
            {outline.channels.map((c) => (
              <tr key={c.id}>
                <td className="mono">{c.address ?? c.id}</td>
                <td>
                  {c.messages.map((m) => (
                    <div key={m.id}>
                      {m.name ?? m.id} <span className="muted mono">{m.contentType ?? ''}</span>
                    </div>
                  ))}
                </td>
                <td>
                  {c.operations.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    c.operations.map((o) => (
                      <div key={o.id}>
                        <span className="mono">{o.id}</span>: {o.action}
                      </div>
                    ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

/** Consumers' pacts Treaty checked against this document (bi-directional): each a verification of the pact by this version. */
function PactChecks({ checks }: { checks: SchemaCheckFields[] }) {
  return (
    <Section title="Consumer pacts checked against this document">
      {checks.length === 0 ? (
        <p className="muted">No consumer pact has been checked against this version yet.</p>
      ) : (
        checks.map((c, i) => (
          <div key={`${c.consumerName ?? ''}|${c.checkedAt}|${i}`}>
            <p>
              <StatusBadge status={verdictStatus(c.verdict)} label={c.verdict} /> {c.consumerName ?? 'a consumer'} {c.consumerVersion ?? ''}
              , <Time iso={c.checkedAt} />
            </p>
            <Findings findings={c.findings} caption={`Findings of the pact of ${c.consumerName ?? 'a consumer'}`} />
          </div>
        ))
      )}
    </Section>
  );
}

function Publication({ schema, checks }: { schema: SchemaFields; checks: SchemaCheckFields[] }) {
  const breaking = schema.lastCheck?.findings.filter((f) => (f.severity ?? 'error') === 'error') ?? [];
  const providesApi = schema.role === 'provider' && (schema.kind === 'asyncapi' || schema.kind === 'openapi');
  const pactChecks = checks.filter(
    (c) => c.kind.startsWith('pact-') && c.providerVersion === schema.version && c.providerName === schema.pacticipant.name,
  );
  return (
    <>
      {schema.asyncApi ? <AsyncApiOutline outline={schema.asyncApi} /> : null}
      {providesApi ? <PactChecks checks={pactChecks} /> : null}
      <Section title={`Breaking changes (last check)`}>
        {schema.lastCheck === null ? (
          <p className="muted">Treaty has not checked this content yet.</p>
        ) : (
          <>
            <p>
              <StatusBadge status={verdictStatus(schema.lastCheck.verdict)} label={schema.lastCheck.verdict} />{' '}
              {schema.lastCheck.consumerName
                ? `${schema.lastCheck.consumerName} ${schema.lastCheck.consumerVersion ?? ''}`
                : 'earlier version'}{' '}
              against {schema.lastCheck.providerName} {schema.lastCheck.providerVersion}, <Time iso={schema.lastCheck.checkedAt} />
            </p>
            <Findings findings={breaking} caption="Breaking changes found by the last check" />
          </>
        )}
      </Section>
      <Section title="Changes since the previous version">
        {schema.diff === null ? (
          <p className="muted">
            This is the first {schema.role} schema {schema.pacticipant.name} published for this subject.
          </p>
        ) : (
          <>
            <p>
              Compared with version <span className="mono">{schema.diff.previousVersion}</span>:{' '}
              <StatusBadge status={verdictStatus(schema.diff.verdict)} label={schema.diff.verdict} />
            </p>
            <Findings findings={schema.diff.findings} caption="Changes since the previous version" />
          </>
        )}
      </Section>
      <Section title="Content">
        {schema.files.map((file) => (
          <figure key={file.path} className="schema-file">
            <figcaption className="mono">{file.path}</figcaption>
            <pre aria-label={`File ${file.path}`}>{file.content}</pre>
          </figure>
        ))}
      </Section>
    </>
  );
}

function SubjectBody({ subject }: { subject: NonNullable<SchemaSubjectData['schemaSubject']> }) {
  const [selected, setSelected] = useState(0);
  const schema = subject.schemas[selected];
  const party = (name: string) => (
    <Link key={name} to={routeHref({ page: 'pacticipant', name })}>
      {name}
    </Link>
  );
  return (
    <>
      <PageHeader title={subject.name} subtitle={`${subject.kind} schema · compatibility ${subject.compatibility}`}>
        <p>
          Provided by {subject.providers.length ? subject.providers.map(party) : <span className="muted">nobody yet</span>}; read by{' '}
          {subject.consumers.length ? subject.consumers.map(party) : <span className="muted">no consumer schema yet</span>}.
        </p>
      </PageHeader>
      <Section title="Publications">
        <label>
          Version{' '}
          <select value={selected} onChange={(e) => setSelected(Number(e.target.value))} aria-label="Publication">
            {subject.schemas.map((s, i) => (
              <option key={`${s.pacticipant.name}|${s.version}|${s.role}`} value={i}>
                {s.pacticipant.name} {s.version} ({s.role})
              </option>
            ))}
          </select>
        </label>{' '}
        {schema ? <Tag kind="latest">{schema.sha.slice(0, 8)}</Tag> : null}
      </Section>
      {schema ? <Publication schema={schema} checks={subject.checks} /> : <Empty title="Nothing published under this subject." />}
    </>
  );
}

export function SchemaPage({ subject }: { subject: string }) {
  const query = useQuery(SCHEMA_SUBJECT_QUERY, { name: subject });
  return (
    <QueryView query={query} loadingLabel="Loading the schema…">
      {({ schemaSubject }) =>
        schemaSubject === null ? (
          <>
            <PageHeader title={subject} />
            <Empty title={`There is no schema subject named ${subject}.`}>
              <p>A subject is created when a pacticipant first publishes a schema for it (treaty schema publish).</p>
            </Empty>
          </>
        ) : (
          <SubjectBody subject={schemaSubject} />
        )
      }
    </QueryView>
  );
}
