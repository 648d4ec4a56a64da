// Lays out a large network off the main thread (dagre takes a second or more for 200 services and 600 contracts),
// so the page stays interactive meanwhile. One message in (a job: its id and the graph), one out (its layout, or
// why dagre failed, so the page can say so instead of waiting for ever). The worker lives as long as the page, so
// dagre's code is loaded and compiled once, and warm for the next layout.
import type { LayoutRequest } from '@treaty/wire/src/network-layout-shape.ts';
import { layoutNetwork, type Layout } from './dagre-layout.ts';

export type { LayoutRequest };

export type LayoutReply = { id: number; layout: Layout } | { id: number; error: string };

self.onmessage = (event: MessageEvent<{ id: number; request: LayoutRequest }>) => {
  const message = event.data;
  try {
    const { nodes, edges, size } = message.request;
    self.postMessage({ id: message.id, layout: layoutNetwork(nodes, edges, size) } satisfies LayoutReply);
  } catch (error) {
    self.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies LayoutReply);
  }
};
