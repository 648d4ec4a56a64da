// A deterministic layered layout for the network graph, no graph library: services sorted into
// layers by their longest consumer chain (pure consumers on the left, pure providers on the right),
// ordered within a layer by a barycentre pass, then by name, so the same data always draws the same.

export interface GraphEdge {
  consumer: string;
  provider: string;
}

export interface NodePosition {
  name: string;
  x: number;
  y: number;
  layer: number;
}

export interface GraphLayout {
  nodes: NodePosition[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  layerGap?: number;
  rowGap?: number;
  margin?: number;
}

/** Layer of each node: pure consumers in layer 0; every provider sits right of all its consumers. */
function assignLayers(names: string[], edges: GraphEdge[]): Map<string, number> {
  const layer = new Map(names.map((n) => [n, 0]));
  // Longest-path layering; cycles are bounded by iterating at most |V| times.
  for (let i = 0; i < names.length; i++) {
    let changed = false;
    for (const e of edges) {
      if (e.consumer === e.provider) continue;
      const next = (layer.get(e.consumer) ?? 0) + 1;
      if (next > (layer.get(e.provider) ?? 0) && next < names.length) {
        layer.set(e.provider, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return layer;
}

export function layoutGraph(names: string[], edges: GraphEdge[], options: LayoutOptions = {}): GraphLayout {
  const { layerGap = 240, rowGap = 90, margin = 90 } = options;
  const unique = [...new Set(names)].sort((a, b) => a.localeCompare(b));
  if (unique.length === 0) return { nodes: [], width: 0, height: 0 };
  const layerOf = assignLayers(unique, edges);
  const layerCount = Math.max(...layerOf.values()) + 1;
  const layers: string[][] = Array.from({ length: layerCount }, () => []);
  for (const name of unique) layers[layerOf.get(name) ?? 0]!.push(name);

  // One barycentre pass: order each layer by the mean row of its neighbours in the layer before.
  const row = new Map<string, number>();
  layers[0]!.forEach((n, i) => row.set(n, i));
  for (let l = 1; l < layerCount; l++) {
    const score = (n: string) => {
      const neighbours = edges.filter((e) => e.provider === n && row.has(e.consumer)).map((e) => row.get(e.consumer)!);
      return neighbours.length ? neighbours.reduce((a, b) => a + b, 0) / neighbours.length : Number.POSITIVE_INFINITY;
    };
    layers[l]!.sort((a, b) => score(a) - score(b) || a.localeCompare(b));
    layers[l]!.forEach((n, i) => row.set(n, i));
  }

  const tallest = Math.max(...layers.map((l) => l.length));
  const height = margin * 2 + (tallest - 1) * rowGap;
  const width = margin * 2 + (layerCount - 1) * layerGap;
  const nodes = layers.flatMap((members, l) => {
    const offset = ((tallest - members.length) * rowGap) / 2;
    return members.map((name, i) => ({ name, layer: l, x: margin + l * layerGap, y: margin + offset + i * rowGap }));
  });
  return { nodes, width: Math.max(width, margin * 2 + 160), height };
}
