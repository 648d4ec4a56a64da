// Network.layout: the whole network laid out on the broker (issue #17), from the same shape the web UI builds
// (networkLayoutRequest, shared through @treaty/wire), so its key matches the page's when the page draws that graph.
import { networkLayoutRequest, type NetworkLayoutWire } from '@treaty/wire/src/network-layout-shape.ts';
import type { GraphqlContext } from '../context.ts';
import { networkEdgeResolvers, type NetworkParent } from './network.ts';

export async function networkLayout(
  parent: NetworkParent,
  args: { groupByLabel?: boolean | null },
  ctx: GraphqlContext,
): Promise<NetworkLayoutWire> {
  const groupByLabel = args.groupByLabel === true;
  // labels only matter when grouping (one batched query through the loader)
  const labels = groupByLabel ? await Promise.all(parent.nodes.map((p) => ctx.loaders.labelsByPacticipant.load(p.id))) : [];
  const request = networkLayoutRequest(
    parent.nodes.map((p, i) => ({ id: p.name, labels: labels[i] ?? [] })),
    parent.edges.map((e) => ({
      id: networkEdgeResolvers.id(e),
      source: networkEdgeResolvers.source(e),
      target: networkEdgeResolvers.target(e),
    })),
    groupByLabel,
  );
  return ctx.networkLayouts.layout(request);
}

export const networkResolvers = { layout: networkLayout };
