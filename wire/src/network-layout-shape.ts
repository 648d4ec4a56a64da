// What a network layout is computed from and how it crosses the wire (issue #17). A layout depends only on the
// graph's shape: its services (in order, with the group each is boxed in), its contracts (in order) and the size of a
// service's box. The web UI and the broker build that shape with the same function from the same network, and name
// it with the same key, so the page uses a layout the broker sends only when it lays out exactly what it draws.
import type { LaidOutGroup, Layout } from './network-layout.ts';

/** A graph to lay out: its shape only (statuses and names are drawn, not laid out). */
export interface LayoutRequest {
  nodes: Array<{ id: string; group?: string | undefined }>;
  edges: Array<{ id: string; source: string; target: string }>;
  size: { width: number; height: number };
}

/** The box of one service in the network's picture (px). */
export const NETWORK_NODE_SIZE = { width: 190, height: 40 } as const;

/** The group of a service without labels when the network is grouped by label. */
export const NO_LABEL_GROUP = 'no label';

/**
 * The layout request for a network: services in their order, grouped by their first label when asked, contracts in
 * their order, boxes of NETWORK_NODE_SIZE.
 */
export function networkLayoutRequest(
  nodes: ReadonlyArray<{ id: string; labels: readonly string[] }>,
  edges: ReadonlyArray<{ id: string; source: string; target: string }>,
  groupByLabel: boolean,
): LayoutRequest {
  return {
    nodes: nodes.map((n) => ({ id: n.id, group: groupByLabel ? (n.labels[0] ?? NO_LABEL_GROUP) : undefined })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
    size: { width: NETWORK_NODE_SIZE.width, height: NETWORK_NODE_SIZE.height },
  };
}

/** Bump when the layout's options or output change, so no stale picture is served from a cache or a browser's storage. */
export const LAYOUT_VERSION = 3;

/** cyrb53: a fast 53-bit string hash (public domain); collisions are vanishingly rare for a cache key. */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The cache key of a layout request: its shape, in the order given (dagre's result depends on the order too). */
export function layoutKey(request: LayoutRequest): string {
  const parts: string[] = [`v${LAYOUT_VERSION}`, `${request.size.width}x${request.size.height}`];
  for (const n of request.nodes) parts.push(`n${n.id}\u0001${n.group ?? ''}`);
  for (const e of request.edges) parts.push(`e${e.id}\u0001${e.source}\u0001${e.target}`);
  return `${request.nodes.length}-${request.edges.length}-${hash53(parts.join('\u0000'))}`;
}

/** A layout as the broker sends it (GraphQL NetworkLayout): positions in whole pixels, each edge's points flat. */
export interface NetworkLayoutWire {
  /** layoutKey of the request laid out. */
  key: string;
  width: number;
  height: number;
  nodes: Array<{ id: string; x: number; y: number }>;
  /** points: x0, y0, x1, y1, ... */
  edges: Array<{ id: string; points: number[] }>;
  groups: LaidOutGroup[];
}

/** The wire form; positions rounded to whole pixels (invisible at any zoom the page offers, a smaller answer). */
export function layoutToWire(key: string, layout: Layout): NetworkLayoutWire {
  return {
    key,
    width: Math.round(layout.width),
    height: Math.round(layout.height),
    nodes: [...layout.nodes.values()].map((n) => ({ id: n.id, x: Math.round(n.x), y: Math.round(n.y) })),
    edges: [...layout.edges.values()].map((e) => ({ id: e.id, points: e.points.flatMap((p) => [Math.round(p.x), Math.round(p.y)]) })),
    groups: layout.groups.map((g) => ({
      label: g.label,
      x: Math.round(g.x),
      y: Math.round(g.y),
      width: Math.round(g.width),
      height: Math.round(g.height),
    })),
  };
}

export function layoutFromWire(wire: NetworkLayoutWire): Layout {
  const points = (flat: readonly number[]) => {
    const out: Array<{ x: number; y: number }> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ x: flat[i]!, y: flat[i + 1]! });
    return out;
  };
  return {
    nodes: new Map(wire.nodes.map((n) => [n.id, { id: n.id, x: n.x, y: n.y }])),
    edges: new Map(wire.edges.map((e) => [e.id, { id: e.id, points: points(e.points) }])),
    groups: wire.groups.map((g) => ({ label: g.label, x: g.x, y: g.y, width: g.width, height: g.height })),
    width: wire.width,
    height: wire.height,
  };
}
