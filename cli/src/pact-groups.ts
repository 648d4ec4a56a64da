// Groups loaded pacts by consumer (one publish request each) and merges several files for the same
// consumer/provider pair into one document, as the pact-broker CLI does (PBC merge_pacts.rb): the
// interactions (or messages) are concatenated, identical ones de-duplicated, and two different ones
// with the same description and provider state are a conflict.
import { isDeepStrictEqual } from 'node:util';
import { PactMergeConflictError } from './errors.ts';
import type { PactFile } from './pact-files.ts';

export interface ContractToPublish {
  consumer: string;
  provider: string;
  /** The files this contract came from (more than one when merged). */
  paths: string[];
  /** The JSON text to publish. */
  text: string;
}

export interface ConsumerGroup {
  consumer: string;
  contracts: ContractToPublish[];
}

type Interaction = Record<string, unknown>;

function interactionKey(interaction: Interaction): string {
  const state = interaction.providerStates ?? interaction.providerState ?? interaction.provider_state ?? null;
  return JSON.stringify([interaction.description ?? null, state]);
}

function listKey(json: Record<string, unknown>): 'interactions' | 'messages' {
  return Array.isArray(json.messages) && !Array.isArray(json.interactions) ? 'messages' : 'interactions';
}

export function mergePacts(files: PactFile[]): ContractToPublish {
  const [head, ...rest] = files;
  if (!head) throw new Error('mergePacts: no files');
  if (rest.length === 0) return { consumer: head.consumer, provider: head.provider, paths: [head.path], text: head.text };
  const key = listKey(head.json);
  const merged: Interaction[] = [];
  const origin = new Map<string, { interaction: Interaction; path: string }>();
  for (const file of files) {
    const list = file.json[key];
    for (const interaction of Array.isArray(list) ? (list as Interaction[]) : []) {
      const k = interactionKey(interaction);
      const seen = origin.get(k);
      if (seen) {
        if (isDeepStrictEqual(seen.interaction, interaction)) continue;
        throw new PactMergeConflictError(
          `${seen.path} and ${file.path} both contain an interaction "${String(interaction.description)}" for ${file.consumer} → ${file.provider}, with different content. ` +
            'Publish only one of the files, or give the interactions different descriptions or provider states.',
        );
      }
      origin.set(k, { interaction, path: file.path });
      merged.push(interaction);
    }
  }
  const document = { ...head.json, [key]: merged };
  return { consumer: head.consumer, provider: head.provider, paths: files.map((f) => f.path), text: JSON.stringify(document) };
}

/** One group per consumer, in first-seen order; one contract per provider within it. */
export function groupByConsumer(files: PactFile[]): ConsumerGroup[] {
  const byConsumer = new Map<string, Map<string, PactFile[]>>();
  for (const file of files) {
    const providers = byConsumer.get(file.consumer) ?? new Map<string, PactFile[]>();
    byConsumer.set(file.consumer, providers);
    providers.set(file.provider, [...(providers.get(file.provider) ?? []), file]);
  }
  return [...byConsumer].map(([consumer, providers]) => ({ consumer, contracts: [...providers.values()].map(mergePacts) }));
}
