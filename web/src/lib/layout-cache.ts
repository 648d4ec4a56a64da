// Layouts remembered by the graph they lay out (issue #17: the full graph under a second). dagre needs one to two
// seconds of CPU for 200 services and 540 contracts, yet the layout depends only on the graph's shape (services,
// contracts, groups, node size), which changes far less often than anyone looks at it: a status filter toggled back,
// a return to the page, a reload. So a layout is kept in memory and, for the large ones worth it, in localStorage,
// keyed by a hash of that shape; statuses and names shown are not part of the key and are drawn fresh each time.
import type { Layout } from './dagre-layout.ts';

// The key (and the version in it) is shared with the broker, which sends the full network laid out (issue #17).
export { LAYOUT_VERSION, layoutKey } from '@treaty/wire/src/network-layout-shape.ts';

const STORAGE_PREFIX = 'treaty.layout.';
/** Layouts kept in memory (a session's graphs: the full one, its filters, neighbourhoods). */
const MEMORY_ENTRIES = 24;
/** Layouts kept in localStorage: only large ones (~100 KB each for the full bench graph), the most recent few. */
const STORAGE_ENTRIES = 3;

interface StoredLayout {
  nodes: Array<[string, number, number]>;
  edges: Array<[string, number[]]>;
  groups: Layout['groups'];
  width: number;
  height: number;
}

/** JSON for storage: positions rounded to whole pixels (invisible at any zoom the page offers, half the size). */
export function serializeLayout(layout: Layout): string {
  const stored: StoredLayout = {
    nodes: [...layout.nodes.values()].map((n) => [n.id, Math.round(n.x), Math.round(n.y)]),
    edges: [...layout.edges.values()].map((e) => [e.id, e.points.flatMap((p) => [Math.round(p.x), Math.round(p.y)])]),
    groups: layout.groups,
    width: layout.width,
    height: layout.height,
  };
  return JSON.stringify(stored);
}

/** The layout back from storage; undefined when the text is not one (another version, a truncated write). */
export function deserializeLayout(text: string): Layout | undefined {
  try {
    const stored = JSON.parse(text) as StoredLayout;
    if (!Array.isArray(stored.nodes) || !Array.isArray(stored.edges) || !Array.isArray(stored.groups)) return undefined;
    const points = (flat: number[]) => {
      const out: Array<{ x: number; y: number }> = [];
      for (let i = 0; i + 1 < flat.length; i += 2) out.push({ x: flat[i]!, y: flat[i + 1]! });
      return out;
    };
    return {
      nodes: new Map(stored.nodes.map(([id, x, y]) => [id, { id, x, y }])),
      edges: new Map(stored.edges.map(([id, flat]) => [id, { id, points: points(flat) }])),
      groups: stored.groups,
      width: stored.width,
      height: stored.height,
    };
  } catch {
    return undefined;
  }
}

export class LayoutCache {
  private readonly memory = new Map<string, Layout>();

  constructor(
    private readonly storage: Storage | undefined,
    /** Only layouts of graphs with at least this many services go to storage: small ones are cheaper to redo. */
    private readonly storeFrom: number,
  ) {}

  get(key: string): Layout | undefined {
    const inMemory = this.memory.get(key);
    if (inMemory) {
      // most recently used last, so the oldest is evicted first
      this.memory.delete(key);
      this.memory.set(key, inMemory);
      return inMemory;
    }
    const text = this.read(key);
    const stored = text === undefined ? undefined : deserializeLayout(text);
    if (stored) this.remember(key, stored);
    return stored;
  }

  set(key: string, layout: Layout): void {
    this.remember(key, layout);
    if (!this.storage || layout.nodes.size < this.storeFrom) return;
    try {
      const keys = this.storedKeys().filter((k) => k !== key);
      // the oldest go first; the index says which is oldest
      for (const old of keys.slice(0, Math.max(0, keys.length - (STORAGE_ENTRIES - 1)))) this.storage.removeItem(STORAGE_PREFIX + old);
      this.storage.setItem(STORAGE_PREFIX + key, serializeLayout(layout));
      this.storage.setItem(`${STORAGE_PREFIX}index`, JSON.stringify([...keys.slice(-(STORAGE_ENTRIES - 1)), key]));
    } catch {
      // storage full or denied (private mode): the in-memory copy still serves this session
    }
  }

  private remember(key: string, layout: Layout): void {
    this.memory.delete(key);
    this.memory.set(key, layout);
    while (this.memory.size > MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value!);
  }

  private read(key: string): string | undefined {
    try {
      return this.storage?.getItem(STORAGE_PREFIX + key) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private storedKeys(): string[] {
    try {
      const parsed = JSON.parse(this.storage?.getItem(`${STORAGE_PREFIX}index`) ?? '[]') as unknown;
      return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  }
}
