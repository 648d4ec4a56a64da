// The network's layout by dagre (@dagrejs/dagre, a maintained layered-graph layout): consumers left of their
// providers, edges routed by dagre, optionally with services grouped in a box per label (a compound graph).
import dagre from '@dagrejs/dagre';

export interface LaidOutNode {
  id: string;
  x: number;
  y: number;
}

export interface LaidOutEdge {
  id: string;
  points: Array<{ x: number; y: number }>;
}

export interface LaidOutGroup {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  nodes: Map<string, LaidOutNode>;
  edges: Map<string, LaidOutEdge>;
  groups: LaidOutGroup[];
  width: number;
  height: number;
}

/**
 * From this many services dagre ranks by a tight tree instead of network simplex: on the benchmark's 200 services
 * and 539 contracts ranking drops from ~250 ms to ~20 ms of CPU (the whole layout from ~1.55 s to ~1.3 s cold) for
 * about 7% more edge crossings, in a picture that is read by zooming in anyway. Smaller graphs keep the tidier ranks.
 */
export const CHEAP_RANKING_FROM = 120;

export function layoutNetwork(
  nodes: ReadonlyArray<{ id: string; group?: string | undefined }>,
  edges: ReadonlyArray<{ id: string; source: string; target: string }>,
  size: { width: number; height: number },
): Layout {
  const grouped = nodes.some((n) => n.group !== undefined);
  const g = new dagre.graphlib.Graph({ multigraph: true, compound: grouped });
  g.setGraph({
    rankdir: 'LR',
    nodesep: 24,
    ranksep: 120,
    edgesep: 12,
    marginx: 24,
    marginy: 24,
    ranker: nodes.length >= CHEAP_RANKING_FROM ? 'tight-tree' : 'network-simplex',
  });
  g.setDefaultEdgeLabel(() => ({}));
  const groupKey = (label: string) => `group:${label}`;
  for (const n of nodes) {
    g.setNode(n.id, { width: size.width, height: size.height });
    if (n.group !== undefined) {
      if (!g.hasNode(groupKey(n.group))) g.setNode(groupKey(n.group), { label: n.group, paddingTop: 28 });
      g.setParent(n.id, groupKey(n.group));
    }
  }
  for (const e of edges) if (e.source !== e.target) g.setEdge(e.source, e.target, {}, e.id);
  dagre.layout(g);
  const laidNodes = new Map<string, LaidOutNode>();
  for (const n of nodes) {
    const p = g.node(n.id);
    laidNodes.set(n.id, { id: n.id, x: p.x, y: p.y });
  }
  const laidEdges = new Map<string, LaidOutEdge>();
  for (const e of g.edges()) {
    const label = g.edge(e);
    if (e.name !== undefined) laidEdges.set(e.name, { id: e.name, points: label.points ?? [] });
  }
  const groups: LaidOutGroup[] = [];
  if (grouped)
    for (const id of g.nodes())
      if (id.startsWith('group:')) {
        const p = g.node(id);
        groups.push({ label: id.slice('group:'.length), x: p.x - p.width / 2, y: p.y - p.height / 2, width: p.width, height: p.height });
      }
  const graph = g.graph();
  return { nodes: laidNodes, edges: laidEdges, groups, width: graph.width ?? 0, height: graph.height ?? 0 };
}
