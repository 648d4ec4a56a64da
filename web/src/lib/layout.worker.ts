// Lays out a large network off the main thread (dagre takes a second or more for 200 services and 600 contracts),
// so the page stays interactive meanwhile. One message in (the graph), one out (the layout).
import { layoutNetwork } from './dagre-layout.ts';

export interface LayoutRequest {
  nodes: Array<{ id: string; group?: string | undefined }>;
  edges: Array<{ id: string; source: string; target: string }>;
  size: { width: number; height: number };
}

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { nodes, edges, size } = event.data;
  self.postMessage(layoutNetwork(nodes, edges, size));
};
