// The service network, readable at 200+ services (issue #17): focus on one service and its neighbourhood (1 or 2
// hops), search, filter by status, label or environment, group by label, pan and zoom; the full graph only on
// request. Laid out by dagre (lib/dagre-layout.ts). The view lives in the query string, so a link shows the same.
// Edges are coloured by status AND carry the status symbol; a legend and a text list say the same in words.
import {
  memo,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type WheelEvent,
} from 'react';
import { PageHeader, Section } from '../components/layout.tsx';
import { Pager, usePage } from '../components/pager.tsx';
import { Empty, Loading, QueryView } from '../components/query-state.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { NETWORK_LAYOUT_QUERY, NETWORK_QUERY, type NetworkData, type NetworkLayoutData } from '../graphql/documents/network.ts';
import { useQuery, type QueryResult } from '../graphql/use-query.ts';
import type { Layout } from '../lib/dagre-layout.ts';
import { layoutKey } from '../lib/layout-cache.ts';
import { WORKER_THRESHOLD, hasLayout, precomputeLayout, prewarmLayoutWorker, seedLayout, useLayout } from '../lib/use-layout.ts';
import { NETWORK_NODE_SIZE, layoutFromWire, networkLayoutRequest } from '@treaty/wire/src/network-layout-shape.ts';
import type { LayoutRequest } from '../lib/layout.worker.ts';
import { searchServices, visibleGraph, type ViewFilter } from '../lib/network-view.ts';
import { Status, statusPresentation } from '../lib/status.ts';
import { Link, navigate, routeHref, useLocation } from '../router.tsx';

const NODE_W = NETWORK_NODE_SIZE.width;
const NODE_H = NETWORK_NODE_SIZE.height;
const VIEWPORT_HEIGHT = 720;
/** Up to this many services the whole graph is drawn straight away; above it, only on request. */
export const FULL_GRAPH_THRESHOLD = 40;

const toneColour = { green: 'var(--green)', red: 'var(--red)', amber: 'var(--amber)', grey: 'var(--grey)' } as const;

type Network = NetworkData['network'];
type Edge = Network['edges'][number];

function truncate(text: string, max = 22): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function pathOf(points: ReadonlyArray<{ x: number; y: number }>, bow: number): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points.map((p) => ({ x: p.x, y: p.y + bow }));
  return `M ${first!.x} ${first!.y} ${rest.map((p) => `L ${p.x} ${p.y}`).join(' ')}`;
}

interface NetworkParams {
  focus?: string;
  hops: number;
  status?: Status;
  label?: string;
  environment?: string;
  group: boolean;
  all: boolean;
}

function readParams(search: URLSearchParams): NetworkParams {
  const status = search.get('status');
  return {
    ...(search.get('focus') ? { focus: search.get('focus')! } : {}),
    hops: search.get('hops') === '2' ? 2 : 1,
    ...(status && status in Status ? { status: status as Status } : {}),
    ...(search.get('label') ? { label: search.get('label')! } : {}),
    ...(search.get('env') ? { environment: search.get('env')! } : {}),
    group: search.get('group') === 'label',
    all: search.get('all') === '1',
  };
}

function hrefFor(params: NetworkParams): string {
  return routeHref(
    { page: 'network' },
    {
      focus: params.focus,
      hops: params.focus && params.hops === 2 ? '2' : undefined,
      status: params.status,
      label: params.label,
      env: params.environment,
      group: params.group ? 'label' : undefined,
      all: params.all && !params.focus ? '1' : undefined,
    },
  );
}

/** Pan (drag) and zoom (wheel, buttons) over an SVG through its viewBox. */
function usePanZoom(width: number, height: number) {
  const [view, setView] = useState({ x: 0, y: 0, scale: 1 });
  const drag = useRef<{ x: number; y: number; startX: number; startY: number } | undefined>(undefined);
  const zoom = (factor: number) => setView((v) => ({ ...v, scale: Math.min(8, Math.max(0.1, v.scale * factor)) }));
  return {
    viewBox: `${view.x} ${view.y} ${width / view.scale} ${height / view.scale}`,
    scale: view.scale,
    zoomIn: () => zoom(1.25),
    zoomOut: () => zoom(0.8),
    reset: () => setView({ x: 0, y: 0, scale: 1 }),
    handlers: {
      onWheel: (e: WheelEvent) => zoom(e.deltaY < 0 ? 1.1 : 0.9),
      onPointerDown: (e: PointerEvent) => {
        if ((e.target as Element).closest('.node')) return;
        drag.current = { x: e.clientX, y: e.clientY, startX: view.x, startY: view.y };
      },
      onPointerMove: (e: PointerEvent) => {
        const d = drag.current;
        if (!d) return;
        setView((v) => ({ ...v, x: d.startX - (e.clientX - d.x) / v.scale, y: d.startY - (e.clientY - d.y) / v.scale }));
      },
      onPointerUp: () => (drag.current = undefined),
      onPointerLeave: () => (drag.current = undefined),
    },
  };
}

/**
 * What dagre lays out: the graph's shape only (statuses and names are drawn, not laid out). Built by the function
 * the broker uses too, so the broker's layout of the whole network has the key of the page's (useBrokerLayout).
 */
function layoutRequest(network: Network, group: boolean): LayoutRequest {
  return networkLayoutRequest(
    network.nodes.map((n) => ({ id: n.id, labels: n.pacticipant.labels })),
    network.edges,
    group,
  );
}

/**
 * The broker lays out the whole network once per shape and remembers it (issue #17: the full graph within a second
 * of the data, on a first visit too, where dagre in the browser takes 1-1.5 s). Whether the page may draw `network`
 * now: the broker's layout has answered and, when it is of this very graph, sits in the layout cache for useLayout
 * and precomputeLayout to find; or the layout is cached already; or the graph is small (laid out here in a moment);
 * or the broker was not asked or failed (then the page lays the graph out itself, as before).
 */
function useBrokerLayout(answer: QueryResult<NetworkLayoutData> | undefined, network: Network, group: boolean): boolean {
  const key = useMemo(() => layoutKey(layoutRequest(network, group)), [network, group]);
  if (answer === undefined || answer.status === 'error') return true;
  if (answer.status === 'loading') return network.nodes.length <= WORKER_THRESHOLD || hasLayout(key);
  // whatever answered (a proxy, a test's fake) may lack the field: then the page lays the graph out itself
  const wire = (answer.data as Partial<NetworkLayoutData>).network?.layout;
  // idempotent: seedLayout keeps the first copy, so a re-render converts nothing again
  if (wire?.key === key && !hasLayout(key)) seedLayout(key, layoutFromWire(wire));
  return true;
}

function Graph({ network, focus, group }: { network: Network; focus: string | undefined; group: boolean }) {
  const request = useMemo(() => layoutRequest(network, group), [network, group]);
  const layout = useLayout(request);
  if (layout instanceof Error)
    return (
      <div className="error-box" role="alert">
        <h2>The network could not be laid out</h2>
        <p className="error-detail">{layout.message}</p>
      </div>
    );
  if (!layout) return <Loading label={`Laying out ${network.nodes.length} services…`} />;
  return <LaidOutGraph network={network} focus={focus} layout={layout} />;
}

function LaidOutGraph({ network, focus, layout }: { network: Network; focus: string | undefined; layout: Layout }) {
  const width = Math.max(layout.width, 320);
  const height = Math.max(layout.height, 200);
  const panZoom = usePanZoom(width, height);
  const fits = width <= 1200 && height <= VIEWPORT_HEIGHT;
  return (
    <figure className="graph">
      <div className="graph-controls" role="group" aria-label="Zoom">
        <button type="button" className="button" onClick={panZoom.zoomIn} aria-label="Zoom in">
          +
        </button>
        <button type="button" className="button" onClick={panZoom.zoomOut} aria-label="Zoom out">
          −
        </button>
        <button type="button" className="button" onClick={panZoom.reset}>
          Reset view
        </button>
        <span className="muted small">Drag to pan, scroll to zoom.</span>
      </div>
      <svg
        viewBox={panZoom.viewBox}
        // a small neighbourhood at its natural size; a large graph fits the frame, to be zoomed and panned
        width={fits ? width : '100%'}
        height={fits ? height : VIEWPORT_HEIGHT}
        style={fits ? undefined : { height: VIEWPORT_HEIGHT }}
        preserveAspectRatio="xMidYMin meet"
        role="group"
        aria-labelledby="network-title"
        aria-describedby="network-desc"
        className="graph-svg"
        {...panZoom.handlers}
      >
        <title id="network-title">Service network</title>
        <desc id="network-desc">
          {network.nodes.length} services and {network.edges.length} contracts (pacts and schemas). Arrows point from consumer to provider.
        </desc>
        <GraphDrawing network={network} focus={focus} layout={layout} />
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

/**
 * Everything drawn inside the SVG. Memoised: panning and zooming change only the SVG's viewBox, so they must not
 * re-render hundreds of services and contracts on every pointer move (that made each frame 30-70 ms at 200 services).
 */
const GraphDrawing = memo(function GraphDrawing({
  network,
  focus,
  layout,
}: {
  network: Network;
  focus: string | undefined;
  layout: Layout;
}) {
  const label = new Map(network.nodes.map((n) => [n.id, n.pacticipant.displayName ?? n.pacticipant.name]));
  const go = (name: string) => (event: MouseEvent | KeyboardEvent) => {
    if ('key' in event && event.key !== 'Enter' && event.key !== ' ') return;
    if ('button' in event && (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)) return;
    event.preventDefault();
    navigate(routeHref({ page: 'pacticipant', name }));
  };
  return (
    <>
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
      <g className="groups">
        {layout.groups.map((g) => (
          <g key={g.label} className="group" data-group={g.label}>
            <rect x={g.x} y={g.y} width={g.width} height={g.height} rx={10} />
            <text x={g.x + 10} y={g.y + 18}>
              {g.label}
            </text>
          </g>
        ))}
      </g>
      <g className="edges">
        {network.edges.map((e) => {
          const laid = layout.edges.get(e.id);
          if (!laid || laid.points.length === 0) return null;
          const p = statusPresentation[e.status];
          // a schema edge between the same pair as a pact is offset so both stay visible
          const bow = e.kind === 'SCHEMA' ? 6 : 0;
          const mid = laid.points[Math.floor(laid.points.length / 2)]!;
          return (
            <g key={e.id} className={`edge edge-${p.tone}`} data-edge={`${e.source}|${e.target}`} data-kind={e.kind} data-status={e.status}>
              <title>{`${e.source} → ${e.target}${e.subject ? ` (schema ${e.subject})` : ''}: ${e.statusLabel}`}</title>
              <path
                d={pathOf(laid.points, bow)}
                stroke={toneColour[p.tone]}
                strokeWidth={2}
                fill="none"
                strokeDasharray={e.status === 'VERIFIED' ? undefined : e.status === 'FAILED' ? '8 4' : '3 4'}
                markerEnd={`url(#arrow-${e.status})`}
              />
              <circle cx={mid.x} cy={mid.y + bow} r={9} fill="var(--surface)" stroke={toneColour[p.tone]} strokeWidth={2} />
              <text
                x={mid.x}
                y={mid.y + bow}
                textAnchor="middle"
                dominantBaseline="central"
                className="edge-symbol"
                fill={toneColour[p.tone]}
              >
                {p.symbol}
              </text>
            </g>
          );
        })}
      </g>
      <g className="nodes">
        {network.nodes.map((n) => {
          const at = layout.nodes.get(n.id);
          if (!at) return null;
          return (
            <a
              key={n.id}
              href={routeHref({ page: 'pacticipant', name: n.id })}
              onClick={go(n.id)}
              onKeyDown={go(n.id)}
              className={`node${n.id === focus ? ' node-focus' : ''}`}
              data-node={n.id}
              aria-label={`${label.get(n.id) ?? n.id}: open service page`}
            >
              <title>{label.get(n.id) ?? n.id}</title>
              <rect x={at.x - NODE_W / 2} y={at.y - NODE_H / 2} width={NODE_W} height={NODE_H} rx={8} />
              <text x={at.x} y={at.y} textAnchor="middle" dominantBaseline="central">
                {truncate(label.get(n.id) ?? n.id)}
              </text>
            </a>
          );
        })}
      </g>
    </>
  );
});

function Controls({ network, params }: { network: Network; params: NetworkParams }) {
  const id = useId();
  const [search, setSearch] = useState('');
  const names = useMemo(() => network.nodes.map((n) => n.id).sort((a, b) => a.localeCompare(b)), [network]);
  const labels = useMemo(() => [...new Set(network.nodes.flatMap((n) => n.pacticipant.labels))].sort(), [network]);
  const environments = useMemo(
    () => [...new Set(network.nodes.flatMap((n) => n.pacticipant.environments.map((e) => e.name)))].sort(),
    [network],
  );
  const matches = searchServices(names, search, 12);
  const set = (patch: Partial<NetworkParams>) => navigate(hrefFor({ ...params, ...patch }), { replace: true });
  return (
    <div className="filters network-filters">
      <div className="field network-search">
        <label htmlFor={`${id}-search`}>Find a service</label>
        <input
          id={`${id}-search`}
          type="search"
          value={search}
          placeholder="name…"
          autoComplete="off"
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && matches[0]) {
              set({ focus: matches[0], all: false });
              setSearch('');
            }
          }}
        />
        {matches.length > 0 ? (
          <ul className="search-results" aria-label="Matching services">
            {matches.map((name) => (
              <li key={name}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    set({ focus: name, all: false });
                    setSearch('');
                  }}
                >
                  {name}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-hops`}>Neighbourhood</label>
        <select id={`${id}-hops`} value={params.hops} disabled={!params.focus} onChange={(e) => set({ hops: Number(e.target.value) })}>
          <option value={1}>1 hop</option>
          <option value={2}>2 hops</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={params.status ?? ''}
          onChange={(e) => set({ status: (e.target.value || undefined) as Status | undefined })}
        >
          <option value="">any</option>
          {Object.values(Status).map((s) => (
            <option key={s} value={s}>
              {statusPresentation[s].label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-label`}>Label</label>
        <select id={`${id}-label`} value={params.label ?? ''} onChange={(e) => set({ label: e.target.value || undefined })}>
          <option value="">any</option>
          {labels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-env`}>Environment</label>
        <select id={`${id}-env`} value={params.environment ?? ''} onChange={(e) => set({ environment: e.target.value || undefined })}>
          <option value="">any</option>
          {environments.map((env) => (
            <option key={env} value={env}>
              {env}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <span className="field-label">Layout</span>
        <label className="checkbox">
          <input type="checkbox" checked={params.group} onChange={(e) => set({ group: e.target.checked })} /> group by label
        </label>
      </div>
    </div>
  );
}

/** How many integrations the text list shows at once: the full graph's 539 would add ~3 000 elements to draw. */
const INTEGRATIONS_PAGE = 50;

/** The graph in words, a page at a time. */
function IntegrationList({ edges }: { edges: readonly Edge[] }) {
  const { page, pager } = usePage(edges, INTEGRATIONS_PAGE);
  return (
    <Section title="Integrations">
      <ul className="integration-list">
        {page.map((e: Edge) => (
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
      <Pager pager={pager} label="Integrations" />
    </Section>
  );
}

function NetworkBody({
  network,
  params,
  brokerLayout,
}: {
  network: Network;
  params: NetworkParams;
  /** The broker's layout of the whole network (undefined: not asked). */
  brokerLayout: QueryResult<NetworkLayoutData> | undefined;
}) {
  const small = network.nodes.length <= FULL_GRAPH_THRESHOLD;
  const focus = params.focus && network.nodes.some((n) => n.id === params.focus) ? params.focus : undefined;
  const showGraph = focus !== undefined || params.all || small;
  const visible = useMemo(() => {
    const filter: ViewFilter = {
      ...(focus ? { focus } : {}),
      hops: params.hops,
      ...(params.status ? { status: params.status } : {}),
      ...(params.label ? { label: params.label } : {}),
      ...(params.environment ? { environment: params.environment } : {}),
    };
    const nodes = network.nodes.map((n) => ({
      ...n,
      labels: n.pacticipant.labels,
      environments: n.pacticipant.environments.map((e) => e.name),
    }));
    return visibleGraph(nodes, network.edges, filter);
  }, [network, focus, params.hops, params.status, params.label, params.environment]);
  // the broker's layout is of the whole network: a focus or a filter draws another graph, laid out here
  const whole = !focus && !params.status && !params.label && !params.environment;
  const layoutReady = useBrokerLayout(whole ? brokerLayout : undefined, visible, params.group);
  // While the search shows, the full graph's layout is computed in the background (or found in the cache or got
  // from the broker), so "show the full graph" draws at once instead of waiting a second or more for dagre.
  useEffect(() => {
    if (!showGraph && layoutReady) precomputeLayout(layoutRequest(visible, params.group));
  }, [showGraph, layoutReady, visible, params.group]);
  const failing = useMemo(() => {
    const count = new Map<string, number>();
    for (const e of network.edges) if (e.status === 'FAILED') for (const n of [e.source, e.target]) count.set(n, (count.get(n) ?? 0) + 1);
    return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 12);
  }, [network]);

  return (
    <>
      <Controls network={network} params={params} />
      <p className="network-scope" data-testid="network-scope">
        {focus ? (
          <>
            <strong>{focus}</strong> and its {params.hops === 2 ? 'two-hop' : 'direct'} consumers and providers: {visible.nodes.length}{' '}
            services, {visible.edges.length} contracts. <Link to={hrefFor({ ...params, focus: undefined, all: false })}>Clear focus</Link>
          </>
        ) : showGraph ? (
          <>
            All {visible.nodes.length} services, {visible.edges.length} contracts.
            {small ? null : (
              <>
                {' '}
                <Link to={hrefFor({ ...params, all: false })}>Hide the full graph</Link>
              </>
            )}
          </>
        ) : (
          <>
            {network.nodes.length} services and {network.edges.length} contracts: too many to read at once. Find a service above to see its
            neighbourhood, start from one with failures, or <Link to={hrefFor({ ...params, all: true })}>show the full graph</Link>.
          </>
        )}
      </p>
      {!showGraph ? (
        failing.length > 0 ? (
          <Section title="Services with failing contracts">
            <ul className="service-picks">
              {failing.map(([name, count]) => (
                <li key={name}>
                  <Link to={hrefFor({ ...params, focus: name })}>{name}</Link> <span className="muted small">{count} failing</span>
                </li>
              ))}
            </ul>
          </Section>
        ) : null
      ) : visible.nodes.length === 0 ? (
        <Empty title="No service matches these filters." />
      ) : layoutReady ? (
        <Graph network={visible} focus={focus} group={params.group} />
      ) : (
        <Loading label={`Laying out ${visible.nodes.length} services…`} />
      )}
      {showGraph ? <IntegrationList edges={visible.edges} /> : null}
    </>
  );
}

export function NetworkPage() {
  const { search } = useLocation();
  const params = readParams(search);
  const query = useQuery(NETWORK_QUERY, {});
  // Beside the network itself, its layout from the broker, for the whole graph (shown, or prepared while the search
  // shows). Not for a focus (a neighbourhood is laid out here in a moment); a filter keeps asking, so toggling it
  // back finds the whole network's layout without another request.
  const brokerLayout = useQuery(NETWORK_LAYOUT_QUERY, { groupByLabel: params.group }, { skip: params.focus !== undefined });
  // dagre's code loads and compiles in the worker while the network's data is on its way
  useEffect(() => prewarmLayoutWorker(), []);
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
            <NetworkBody
              network={data.network}
              params={params}
              brokerLayout={params.focus !== undefined ? undefined : brokerLayout.result}
            />
          )
        }
      </QueryView>
    </>
  );
}
