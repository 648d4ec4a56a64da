/**
 * Confluent Schema Registry compatibility modes (CompatibilityChecker.java). "update" is always the reader:
 * BACKWARD diffs previous → current (new readers read old data), FORWARD current → previous, FULL both.
 * *_TRANSITIVE check every earlier version, newest first, and stop at the first that fails; the others the latest only.
 */
export const COMPATIBILITY_MODES = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

export type Direction = 'backward' | 'forward';

export interface ModePlan {
  readonly directions: readonly Direction[];
  readonly transitive: boolean;
}

export function planFor(mode: CompatibilityMode): ModePlan {
  switch (mode) {
    case 'BACKWARD':
      return { directions: ['backward'], transitive: false };
    case 'BACKWARD_TRANSITIVE':
      return { directions: ['backward'], transitive: true };
    case 'FORWARD':
      return { directions: ['forward'], transitive: false };
    case 'FORWARD_TRANSITIVE':
      return { directions: ['forward'], transitive: true };
    case 'FULL':
      return { directions: ['backward', 'forward'], transitive: false };
    case 'FULL_TRANSITIVE':
      return { directions: ['backward', 'forward'], transitive: true };
    case 'NONE':
      return { directions: [], transitive: false };
    default: {
      const never: never = mode;
      return never;
    }
  }
}
