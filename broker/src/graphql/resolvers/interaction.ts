// Interaction: one HTTP interaction or message of a pact document, as JSON pieces.
import { providerStatesOf } from '../../domain/pacts/interaction-key.ts';
import type { InteractionParent } from './pact.ts';

export const interactionResolvers = {
  type: (i: InteractionParent) => (typeof i.raw.type === 'string' ? i.raw.type : i.listKey === 'messages' ? 'message' : 'interaction'),
  description: (i: InteractionParent) => (typeof i.raw.description === 'string' ? i.raw.description : ''),
  providerStates: (i: InteractionParent) => {
    const states = providerStatesOf(i.raw);
    return states.length > 0 ? states : null;
  },
  request: (i: InteractionParent) => i.raw.request ?? null,
  response: (i: InteractionParent) => i.raw.response ?? null,
  contents: (i: InteractionParent) => i.raw.contents ?? null,
  raw: (i: InteractionParent) => i.raw,
};
