// One interaction, readable: provider states, then the request and the expected response side by side.
import type { InteractionFields, Json } from '../graphql/documents/contract.ts';
import { JsonBlock } from './json-view.tsx';

type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function field(value: Json | undefined, key: string): Json | undefined {
  return isObject(value) ? value[key] : undefined;
}

function queryString(query: Json | undefined): string {
  if (typeof query === 'string') return query ? `?${query}` : '';
  if (!isObject(query)) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function Headers({ headers }: { headers: Json | undefined }) {
  if (!isObject(headers) || Object.keys(headers).length === 0) return null;
  return (
    <dl className="headers">
      {Object.entries(headers).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{Array.isArray(v) ? v.join(', ') : String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function ProviderStates({ states }: { states: Json }) {
  const list = Array.isArray(states) ? states : [];
  if (list.length === 0) return <p className="muted small">No provider state.</p>;
  return (
    <ul className="states" aria-label="Provider states">
      {list.map((s, i) => {
        const name = field(s, 'name');
        const params = field(s, 'params');
        return (
          <li key={i}>
            <span className="state-label">Given</span> {typeof name === 'string' ? name : JSON.stringify(s)}
            {isObject(params) && Object.keys(params).length > 0 ? <code className="small"> {JSON.stringify(params)}</code> : null}
          </li>
        );
      })}
    </ul>
  );
}

export function InteractionView({ interaction, index }: { interaction: InteractionFields; index: number }) {
  const { request, response } = interaction;
  const isMessage = interaction.type.toLowerCase().includes('message') || (interaction.request === null && interaction.contents !== null);
  const method = field(request, 'method');
  const path = field(request, 'path');
  const status = field(response, 'status');
  return (
    <article className="interaction" aria-labelledby={`interaction-${index}`}>
      <h3 id={`interaction-${index}`}>{interaction.description}</h3>
      <ProviderStates states={interaction.providerStates} />
      {isMessage ? (
        <div className="side-by-side">
          <div className="pane">
            <h4>Message</h4>
            <JsonBlock value={interaction.contents ?? undefined} label="Message contents" />
          </div>
        </div>
      ) : (
        <div className="side-by-side">
          <div className="pane">
            <h4>Request</h4>
            <p className="http-line mono">
              <strong>{typeof method === 'string' ? method.toUpperCase() : '?'}</strong>{' '}
              {typeof path === 'string' ? path : JSON.stringify(path)}
              {queryString(field(request, 'query'))}
            </p>
            <Headers headers={field(request, 'headers')} />
            <JsonBlock value={field(request, 'body')} label="Request body" />
          </div>
          <div className="pane">
            <h4>Response</h4>
            <p className="http-line mono">
              <strong>{status === undefined ? '(any status)' : String(status)}</strong>
            </p>
            <Headers headers={field(response, 'headers')} />
            <JsonBlock value={field(response, 'body')} label="Response body" />
          </div>
        </div>
      )}
    </article>
  );
}
