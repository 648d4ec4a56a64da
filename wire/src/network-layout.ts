// The network's layout by dagre (@dagrejs/dagre, a maintained layered-graph layout): consumers left of their
// providers, edges routed by dagre, optionally with services grouped in a box per label (a compound graph).
// dagre lays out only the transitive reduction of the network (see redundantEdges); the contracts it leaves out are
// drawn afterwards through the gaps between the services dagre placed (routeBetweenRanks).
// Runtime code in the wire package because both ends run it: the web UI in its layout worker, the broker for the
// full network it sends laid out (issue #17), so either gives the same picture of the same graph.
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

/**
 * From this many services dagre lays out only the transitive reduction (redundantEdges). Smaller views (a focus, a
 * filter) are laid out in well under a second anyway and keep dagre's own routing, which also orders their long
 * edges to cross less than the gap routing of the left-out ones does (+21% crossings on the benchmark graph).
 */
export const REDUCE_FROM = 120;

type PlainEdge = { id: string; source: string; target: string };

/**
 * The contracts whose consumer reaches their provider by another path of two or more contracts as well, e.g. A→C
 * when A→B→C is in the network. Such an edge adds nothing to dagre's layering (the longer path already puts C at
 * least two ranks right of A) but costs a dummy node in every rank it crosses, and the order and position phases
 * work on those dummies too: on the benchmark's 200 services and 539 contracts, 119 are redundant, and leaving them
 * out cuts the rank-gaps the edges span from 1 425 to 751 and dagre's CPU from ~1.5 s to ~1.0 s for a first layout
 * in a fresh worker (~1.3 s → ~0.55 s once dagre's code is compiled). Edges are taken out one at a time and each is checked against
 * the edges still in, so in a network with cycles no two edges are removed on each other's account: every service
 * still reaches what it reached before. Pairs with several edges (a pact and a schema) count as one pair; self
 * edges are never redundant (nor drawn). Returns the ids of the edges to leave out.
 */
export function redundantEdges(edges: ReadonlyArray<PlainEdge>): Set<string> {
  const out = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.source === e.target) continue;
    let targets = out.get(e.source);
    if (!targets) out.set(e.source, (targets = new Set()));
    targets.add(e.target);
  }
  // whether `to` is reachable from `from` without taking the direct edge from → to
  const reachableAround = (from: string, to: string): boolean => {
    const seen = new Set<string>([from]);
    const stack: string[] = [];
    for (const next of out.get(from) ?? [])
      if (next !== to) {
        seen.add(next);
        stack.push(next);
      }
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (at === to) return true;
      for (const next of out.get(at) ?? [])
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
    }
    return false;
  };
  const removedPairs = new Set<string>();
  for (const [source, targets] of out)
    for (const target of [...targets])
      if (reachableAround(source, target)) {
        targets.delete(target);
        removedPairs.add(`${source}\u0000${target}`);
      }
  const removed = new Set<string>();
  for (const e of edges) if (removedPairs.has(`${e.source}\u0000${e.target}`)) removed.add(e.id);
  return removed;
}

/**
 * A route for an edge dagre did not lay out: from the side of its consumer, through each rank (column of services,
 * the graph runs left to right) between the two ends at the gap between services nearest to the straight line, to
 * the side of its provider — so it crosses no service, like the edges dagre routes through its dummy nodes.
 */
export function routeBetweenRanks(
  from: { x: number; y: number },
  to: { x: number; y: number },
  columns: ReadonlyArray<{ x: number; spans: ReadonlyArray<{ top: number; bottom: number }> }>,
  size: { width: number; height: number },
): Array<{ x: number; y: number }> {
  if (Math.abs(from.x - to.x) < 1) {
    // same rank (possible only where dagre reversed a cycle): from the facing edges of the two boxes
    const down = to.y > from.y ? 1 : -1;
    return [
      { x: from.x, y: from.y + (down * size.height) / 2 },
      { x: to.x, y: to.y - (down * size.height) / 2 },
    ];
  }
  const right = to.x > from.x ? 1 : -1;
  const points = [{ x: from.x + (right * size.width) / 2, y: from.y }];
  const clearance = 6;
  const between = columns.filter((c) => (c.x - from.x) * right > 1 && (to.x - c.x) * right > 1);
  if (right < 0) between.reverse();
  for (const column of between) {
    const wanted = from.y + ((to.y - from.y) * (column.x - from.x)) / (to.x - from.x);
    let best = wanted;
    let bestDistance = Infinity;
    // gaps: above the first service, between neighbours, below the last (spans are sorted top to bottom)
    let gapTop = -Infinity;
    for (let i = 0; i <= column.spans.length; i++) {
      const gapBottom = i < column.spans.length ? column.spans[i]!.top - clearance : Infinity;
      if (gapBottom >= gapTop) {
        const y = Math.min(Math.max(wanted, gapTop), gapBottom);
        const distance = Math.abs(y - wanted);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = y;
        }
      }
      if (i < column.spans.length) gapTop = column.spans[i]!.bottom + clearance;
    }
    points.push({ x: column.x - (right * size.width) / 2, y: best }, { x: column.x + (right * size.width) / 2, y: best });
  }
  points.push({ x: to.x - (right * size.width) / 2, y: to.y });
  return points;
}

export function layoutNetwork(
  nodes: ReadonlyArray<{ id: string; group?: string | undefined }>,
  edges: ReadonlyArray<{ id: string; source: string; target: string }>,
  size: { width: number; height: number },
  options: { reduce?: boolean } = {},
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
  const leftOut = (options.reduce ?? nodes.length >= REDUCE_FROM) ? redundantEdges(edges) : new Set<string>();
  for (const e of edges) if (e.source !== e.target && !leftOut.has(e.id)) g.setEdge(e.source, e.target, {}, e.id);
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
  if (leftOut.size > 0) {
    const byX = new Map<number, Array<{ top: number; bottom: number }>>();
    for (const n of laidNodes.values()) {
      // services of one rank share their x (equal sizes, left to right); rounding absorbs float noise
      const x = Math.round(n.x);
      let spans = byX.get(x);
      if (!spans) byX.set(x, (spans = []));
      spans.push({ top: n.y - size.height / 2, bottom: n.y + size.height / 2 });
    }
    const columns = [...byX].map(([x, spans]) => ({ x, spans: spans.sort((a, b) => a.top - b.top) })).sort((a, b) => a.x - b.x);
    for (const e of edges) {
      if (!leftOut.has(e.id)) continue;
      const from = laidNodes.get(e.source);
      const to = laidNodes.get(e.target);
      if (from && to) laidEdges.set(e.id, { id: e.id, points: routeBetweenRanks(from, to, columns, size) });
    }
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
