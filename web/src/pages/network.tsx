// The service network: an SVG drawn with a deterministic layered layout (lib/network-layout.ts).
// Edges are coloured by status AND carry the status symbol; a legend and a text list say the same in words.
import type { KeyboardEvent, MouseEvent } from 'react';
import { PageHeader, Section } from '../components/layout.tsx';
import { Empty, QueryView } from '../components/query-state.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { NETWORK_QUERY, type NetworkData } from '../graphql/documents/network.ts';
import { useQuery } from '../graphql/use-query.ts';
import { layoutGraph } from '../lib/network-layout.ts';
import { Status, statusPresentation } from '../lib/status.ts';
import { Link, navigate, routeHref } from '../router.tsx';

const NODE_W = 210;
const NODE_H = 44;

const toneColour = { green: 'var(--green)', red: 'var(--red)', amber: 'var(--amber)', grey: 'var(--grey)' } as const;

/** A horizontal S-curve from (x1, y1) to (x2, y2), and the point at `t` along it (for the status symbol). */
function edgeCurve(x1: number, y1: number, x2: number, y2: number, t: number): { d: string; at: { x: number; y: number } } {
  const dx = Math.max(60, Math.abs(x2 - x1) / 2);
  const [c1x, c1y, c2x, c2y] = [x1 + dx, y1, x2 - dx, y2];
  const u = 1 - t;
  const at = {
    x: u * u * u * x1 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x2,
    y: u * u * u * y1 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y2,
  };
  return { d: `M ${x1} ${y1} C ${c1x} ${c1y}, ${c2x} ${c2y}, ${x2} ${y2}`, at };
}

function truncate(text: string, max = 24): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function Graph({ network }: { network: NetworkData['network'] }) {
  const edges = network.edges.map((e) => ({ ...e, consumer: e.source, provider: e.target }));
  const layout = layoutGraph(
    network.nodes.map((n) => n.id),
    edges,
    { layerGap: 400, rowGap: 80, margin: 120 },
  );
  const position = new Map(layout.nodes.map((n) => [n.name, n]));
  const label = new Map(network.nodes.map((n) => [n.id, n.pacticipant.displayName ?? n.pacticipant.name]));
  const go = (name: string) => (event: MouseEvent | KeyboardEvent) => {
    if ('key' in event && event.key !== 'Enter' && event.key !== ' ') return;
    if ('button' in event && (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)) return;
    event.preventDefault();
    navigate(routeHref({ page: 'pacticipant', name }));
  };

  return (
    <figure className="graph">
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
        role="group"
        aria-labelledby="network-title"
        aria-describedby="network-desc"
        className="graph-svg"
      >
        <title id="network-title">Service network</title>
        <desc id="network-desc">
          {network.nodes.length} services and {network.edges.length} contracts (pacts and schemas). Arrows point from consumer to provider.
        </desc>
        <defs>
          {Object.values(Status).map((s) => (
            <marker
              key={s}
              id={`arrow-${s}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="8"
              markerHeight="8"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill={toneColour[statusPresentation[s].tone]} />
            </marker>
          ))}
        </defs>
        <g className="edges">
          {edges.map((e) => {
            const from = position.get(e.source);
            const to = position.get(e.target);
            if (!from || !to) return null;
            const p = statusPresentation[e.status];
            const x1 = from.x + NODE_W / 2;
            const x2 = to.x - NODE_W / 2 - 2;
            // The symbol sits nearer the consumer, where edges into one provider are still apart; a schema edge
            // between the same pair as a pact bows out so both stay visible.
            const bow = e.kind === 'SCHEMA' ? 28 : 0;
            const curve = edgeCurve(x1, from.y + bow, x2, to.y + bow, e.kind === 'SCHEMA' ? 0.55 : 0.3);
            const [mx, my] = [curve.at.x, curve.at.y];
            return (
              <g
                key={e.id}
                className={`edge edge-${p.tone}`}
                data-edge={`${e.source}|${e.target}`}
                data-kind={e.kind}
                data-status={e.status}
              >
                <title>{`${e.source} → ${e.target}${e.subject ? ` (schema ${e.subject})` : ''}: ${e.statusLabel}`}</title>
                <path
                  d={curve.d}
                  stroke={toneColour[p.tone]}
                  strokeWidth={2.5}
                  fill="none"
                  strokeDasharray={e.status === 'VERIFIED' ? undefined : e.status === 'FAILED' ? '8 4' : '3 4'}
                  markerEnd={`url(#arrow-${e.status})`}
                />
                <circle cx={mx} cy={my} r={10} fill="var(--surface)" stroke={toneColour[p.tone]} strokeWidth={2} />
                <text x={mx} y={my} textAnchor="middle" dominantBaseline="central" className="edge-symbol" fill={toneColour[p.tone]}>
                  {p.symbol}
                </text>
              </g>
            );
          })}
        </g>
        <g className="nodes">
          {layout.nodes.map((n) => (
            <a
              key={n.name}
              href={routeHref({ page: 'pacticipant', name: n.name })}
              onClick={go(n.name)}
              onKeyDown={go(n.name)}
              className="node"
              data-node={n.name}
              aria-label={`${label.get(n.name) ?? n.name}: open service page`}
            >
              <title>{label.get(n.name) ?? n.name}</title>
              <rect x={n.x - NODE_W / 2} y={n.y - NODE_H / 2} width={NODE_W} height={NODE_H} rx={8} />
              <text x={n.x} y={n.y} textAnchor="middle" dominantBaseline="central">
                {truncate(label.get(n.name) ?? n.name)}
              </text>
            </a>
          ))}
        </g>
      </svg>
      <figcaption>
        <ul className="legend" aria-label="Legend">
          {Object.values(Status).map((s) => (
            <li key={s}>
              <svg width="36" height="12" aria-hidden="true">
                <line
                  x1="0"
                  y1="6"
                  x2="36"
                  y2="6"
                  stroke={toneColour[statusPresentation[s].tone]}
                  strokeWidth="3"
                  strokeDasharray={s === 'VERIFIED' ? undefined : s === 'FAILED' ? '8 4' : '3 4'}
                />
              </svg>
              <StatusBadge status={s} />
            </li>
          ))}
          <li className="muted small">Arrows point from consumer to provider. Click a service to open it.</li>
        </ul>
      </figcaption>
    </figure>
  );
}

export function NetworkPage() {
  const query = useQuery(NETWORK_QUERY, {});
  return (
    <>
      <PageHeader
        title="Network"
        subtitle="Services and the contracts between them (pacts and schemas), coloured by the status of the latest verification or schema check."
      />
      <QueryView query={query} loadingLabel="Loading the service network…">
        {(data) =>
          data.network.nodes.length === 0 ? (
            <Empty title="No services yet.">
              <p>The network appears once a consumer publishes its first pact.</p>
            </Empty>
          ) : (
            <>
              <Graph network={data.network} />
              <Section title="Integrations">
                <ul className="integration-list">
                  {data.network.edges.map((e) => (
                    <li key={e.id}>
                      <Link to={routeHref({ page: 'pacticipant', name: e.source })}>{e.source}</Link> →{' '}
                      <Link to={routeHref({ page: 'pacticipant', name: e.target })}>{e.target}</Link>{' '}
                      {e.kind === 'SCHEMA' && e.subject ? (
                        <>
                          reads schema <Link to={routeHref({ page: 'schema', subject: e.subject })}>{e.subject}</Link>{' '}
                        </>
                      ) : null}
                      <StatusBadge status={e.status} label={e.statusLabel} />
                    </li>
                  ))}
                </ul>
              </Section>
            </>
          )
        }
      </QueryView>
    </>
  );
}
