// The worker thread of the network layouts (network-layouts.ts): lays out one graph per message with dagre and
// posts back its wire form, or the error's text when dagre throws.
import { parentPort } from 'node:worker_threads';
import { layoutNetwork } from '@treaty/wire/src/network-layout.ts';
import { layoutToWire, type LayoutRequest, type NetworkLayoutWire } from '@treaty/wire/src/network-layout-shape.ts';

export interface NetworkLayoutTask {
  id: number;
  key: string;
  request: LayoutRequest;
}

export type NetworkLayoutReply = { id: number; layout: NetworkLayoutWire } | { id: number; error: string };

parentPort?.on('message', (task: NetworkLayoutTask) => {
  let reply: NetworkLayoutReply;
  try {
    const { nodes, edges, size } = task.request;
    reply = { id: task.id, layout: layoutToWire(task.key, layoutNetwork(nodes, edges, size)) };
  } catch (err) {
    reply = { id: task.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
