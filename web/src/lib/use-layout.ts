// The network's layout as a hook: small graphs are laid out in place; large ones in a Web Worker
// (layout.worker.ts) so the page stays responsive while dagre works. Without Worker (jsdom) it is always in place.
import { useEffect, useMemo, useState } from 'react';
import { layoutNetwork, type Layout } from './dagre-layout.ts';
import type { LayoutRequest } from './layout.worker.ts';

/** Above this many services the layout runs in a worker. */
export const WORKER_THRESHOLD = 60;

export function useLayout(request: LayoutRequest): Layout | undefined {
  const inWorker = typeof Worker !== 'undefined' && request.nodes.length > WORKER_THRESHOLD;
  const inPlace = useMemo(() => (inWorker ? undefined : layoutNetwork(request.nodes, request.edges, request.size)), [inWorker, request]);
  const [fromWorker, setFromWorker] = useState<{ request: LayoutRequest; layout: Layout } | undefined>(undefined);
  useEffect(() => {
    if (!inWorker) return undefined;
    const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<Layout>) => setFromWorker({ request, layout: event.data });
    worker.postMessage(request);
    return () => worker.terminate();
  }, [inWorker, request]);
  if (!inWorker) return inPlace;
  return fromWorker?.request === request ? fromWorker.layout : undefined;
}
