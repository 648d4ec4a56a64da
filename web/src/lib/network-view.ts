// Which part of the service network to draw (issue #17: 200+ services): one service and its neighbourhood
// (1 or 2 hops, consumers and providers alike), narrowed by edge status, pacticipant label and environment.
// Pure functions over the GraphQL network, so the page only renders what they return.
import type { Status } from './status.ts';

export interface ViewNode {
  id: string;
  labels: string[];
  environments: string[];
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  status: Status;
}

export interface ViewFilter {
  /** The service in the middle; undefined: every service (the full graph). */
  focus?: string;
  /** 1 or 2. */
  hops: number;
  /** Keep only edges with this status (and the services they join). */
  status?: Status;
  /** Keep only services with this label (the focus always stays). */
  label?: string;
  /** Keep only services with a version in this environment (the focus always stays). */
  environment?: string;
}

/** Service names within `hops` edges of `focus`, in either direction. */
export function neighbourhood(focus: string, edges: readonly ViewEdge[], hops: number): Set<string> {
  const adjacent = new Map<string, string[]>();
  for (const e of edges) {
    adjacent.set(e.source, [...(adjacent.get(e.source) ?? []), e.target]);
    adjacent.set(e.target, [...(adjacent.get(e.target) ?? []), e.source]);
  }
  const seen = new Set([focus]);
  let frontier = [focus];
  for (let hop = 0; hop < hops; hop++) {
    const next: string[] = [];
    for (const name of frontier)
      for (const other of adjacent.get(name) ?? [])
        if (!seen.has(other)) {
          seen.add(other);
          next.push(other);
        }
    frontier = next;
  }
  return seen;
}

/** The nodes and edges to draw for a filter. */
export function visibleGraph<N extends ViewNode, E extends ViewEdge>(
  nodes: readonly N[],
  edges: readonly E[],
  filter: ViewFilter,
): { nodes: N[]; edges: E[] } {
  const keepNode = (n: N) =>
    n.id === filter.focus ||
    ((filter.label === undefined || n.labels.includes(filter.label)) &&
      (filter.environment === undefined || n.environments.includes(filter.environment)));
  let kept = new Set(nodes.filter(keepNode).map((n) => n.id));
  let keptEdges = edges.filter(
    (e) => kept.has(e.source) && kept.has(e.target) && (filter.status === undefined || e.status === filter.status),
  );
  if (filter.focus !== undefined) {
    const near = neighbourhood(filter.focus, keptEdges, filter.hops);
    kept = new Set([...kept].filter((n) => near.has(n)));
    keptEdges = keptEdges.filter((e) => kept.has(e.source) && kept.has(e.target));
  } else if (filter.status !== undefined) {
    // a status filter on the full graph shows the services those edges join, not every service
    kept = new Set(keptEdges.flatMap((e) => [e.source, e.target]));
  }
  return { nodes: nodes.filter((n) => kept.has(n.id)), edges: keptEdges };
}

/** Services whose name matches the search (case-insensitive substring), best first: prefix matches, then by name. */
export function searchServices(names: readonly string[], search: string, limit = 20): string[] {
  const needle = search.trim().toLowerCase();
  if (needle === '') return [];
  return names
    .filter((n) => n.toLowerCase().includes(needle))
    .sort((a, b) => Number(!a.toLowerCase().startsWith(needle)) - Number(!b.toLowerCase().startsWith(needle)) || a.localeCompare(b))
    .slice(0, limit);
}
