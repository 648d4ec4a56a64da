// The network's layout by dagre lives in @treaty/wire (wire/src/network-layout.ts): the broker lays out the full
// network with the same code (issue #17), so a layout it sends is the one the page would have computed.
export {
  CHEAP_RANKING_FROM,
  REDUCE_FROM,
  layoutNetwork,
  redundantEdges,
  routeBetweenRanks,
  type LaidOutEdge,
  type LaidOutGroup,
  type LaidOutNode,
  type Layout,
} from '@treaty/wire/src/network-layout.ts';
