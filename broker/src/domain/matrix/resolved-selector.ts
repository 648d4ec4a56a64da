// Selectors after their versions were looked up, and the texts that describe them in reasons
// (PB lib/pact_broker/matrix/resolved_selector.rb#description, #version_does_not_exist_description).
import type { UnresolvedSelector } from './selectors.ts';

export const SelectorType = {
  /** Named in the query (`q[]`). */
  specified: 'specified',
  /** Built for the other side of an integration from the destination options (environment, tag, ...). */
  inferred: 'inferred',
  /** From `ignore[]`. */
  ignore: 'ignore',
} as const;
export type SelectorType = (typeof SelectorType)[keyof typeof SelectorType];

export interface PacticipantRef {
  id: number;
  name: string;
  mainBranch: string | null;
}

export interface VersionRef {
  id: number;
  number: string;
  /** For main-branch selectors: the branch the version was found on. */
  branch?: string | null;
}

export interface ResolvedSelector {
  /** null when the pacticipant does not exist (possible only for ignore selectors). */
  pacticipantId: number | null;
  pacticipantName: string;
  /**
   * `all`: every version (only the pacticipant was given); `none`: the selector matched no version;
   * otherwise one concrete version.
   */
  version: { kind: 'all' } | { kind: 'none'; number: string | null } | { kind: 'one'; id: number; number: string };
  latest: boolean;
  tag: string | undefined;
  /** The branch asked for, or the main branch's name when `mainBranch` resolved to a version. */
  branch: string | undefined;
  mainBranch: boolean;
  environment: string | undefined;
  type: SelectorType;
  /** True when an ignore selector covers it: its rows and integrations do not count. */
  ignored: boolean;
  /** One of several versions the same selector resolved to (e.g. two application instances). */
  oneOfMany: boolean;
  original: UnresolvedSelector;
}

export function onlyPacticipantSpecified(s: UnresolvedSelector): boolean {
  return (
    s.version === undefined && !s.latest && s.tag === undefined && s.branch === undefined && !s.mainBranch && s.environment === undefined
  );
}

/**
 * One resolved selector per version found; a single `none` selector when nothing matched; a single
 * `all` selector when only the pacticipant was given. `pacticipant` undefined: it does not exist.
 */
export function resolveSelector(
  original: UnresolvedSelector,
  pacticipant: PacticipantRef | undefined,
  versions: readonly VersionRef[],
  type: SelectorType,
): ResolvedSelector[] {
  const base = {
    pacticipantId: pacticipant?.id ?? null,
    pacticipantName: pacticipant?.name ?? original.pacticipant ?? '',
    latest: Boolean(original.latest),
    tag: original.tag,
    branch: original.branch,
    mainBranch: Boolean(original.mainBranch),
    environment: original.environment,
    type,
    ignored: false,
    oneOfMany: false,
    original,
  };
  if (!pacticipant) return [{ ...base, version: { kind: 'none', number: original.version ?? null } }];
  if (onlyPacticipantSpecified(original)) return [{ ...base, version: { kind: 'all' } }];
  if (versions.length === 0) return [{ ...base, version: { kind: 'none', number: original.version ?? null } }];
  return versions.map((v) => ({
    ...base,
    branch: original.branch ?? (original.mainBranch ? (v.branch ?? pacticipant.mainBranch ?? undefined) : undefined),
    version: { kind: 'one', id: v.id, number: v.number },
    oneOfMany: versions.length > 1,
  }));
}

export const versionIdOf = (s: ResolvedSelector): number | undefined => (s.version.kind === 'one' ? s.version.id : undefined);
export const pacticipantExists = (s: ResolvedSelector): boolean => s.pacticipantId !== null;
export const versionExists = (s: ResolvedSelector): boolean => s.version.kind !== 'none';

/** An ignore selector covers a pacticipant's version (or any version when it names none). */
export function ignoreCovers(ignore: ResolvedSelector, pacticipantId: number, versionId: number | null | undefined): boolean {
  if (ignore.pacticipantId === null || ignore.pacticipantId !== pacticipantId) return false;
  if (ignore.version.kind === 'all') return true;
  return ignore.version.kind === 'one' && ignore.version.id === versionId;
}

/** Marks the selectors an ignore selector covers (PB matrix/selector_ignorer.rb). */
export function markIgnored(selectors: readonly ResolvedSelector[], ignores: readonly ResolvedSelector[]): ResolvedSelector[] {
  return selectors.map((s) => {
    if (s.pacticipantId === null) return s;
    const id = versionIdOf(s);
    const ignored = ignores.some((i) =>
      i.version.kind === 'all' ? ignoreCovers(i, s.pacticipantId!, id) : id !== undefined && ignoreCovers(i, s.pacticipantId!, id),
    );
    return ignored ? { ...s, ignored: true } : s;
  });
}

function numberOf(s: ResolvedSelector): string | null {
  return s.version.kind === 'one' ? s.version.number : s.version.kind === 'none' ? s.version.number : null;
}

/** e.g. "version 1 of Foo", "the latest version of Bar from branch main (7)", "a version of Bar currently in production (...)". */
export function describeSelector(s: ResolvedSelector): string {
  const name = s.pacticipantName;
  const number = numberOf(s);
  const one = s.oneOfMany ? 'one of the versions' : 'the version';
  if (s.latest && s.tag !== undefined) return `the latest version of ${name} with tag ${s.tag} (${number ?? 'no such version exists'})`;
  if (s.mainBranch && number === null) return `a version of ${name} from the main branch (no such version exists)`;
  if (s.latest && s.branch !== undefined)
    return `the latest version of ${name} from branch ${s.branch} (${number ?? 'no such version exists'})`;
  if (s.branch !== undefined && number !== null) return `${one} of ${name} from branch ${s.branch} (${number})`;
  if (s.branch !== undefined) return `a version of ${name} from branch ${s.branch} (no such version exists)`;
  if (s.latest) return `the latest version of ${name} (${number ?? 'no such version exists'})`;
  if (s.tag !== undefined && number !== null) return `a version of ${name} with tag ${s.tag} (${number})`;
  if (s.tag !== undefined) return `a version of ${name} with tag ${s.tag} (no such version exists)`;
  if (s.environment !== undefined && number !== null) return `${one} of ${name} currently in ${s.environment} (${number})`;
  if (s.environment !== undefined) {
    return `a version of ${name} currently in ${s.environment} (no version is currently recorded as deployed/released in this environment)`;
  }
  if (number !== null && !versionExists(s)) return `version ${number} of ${name} (no such version exists)`;
  if (number !== null) return `version ${number} of ${name}`;
  if (!pacticipantExists(s)) return `any version of ${name} (no such pacticipant exists)`;
  return `any version of ${name}`;
}

/** The reason text when a specified selector matched no version. */
export function versionDoesNotExistDescription(s: ResolvedSelector): string {
  const name = s.pacticipantName;
  if (s.tag !== undefined) return `No version with tag ${s.tag} exists for ${name}`;
  if (s.branch !== undefined) return `No version of ${name} from branch ${s.branch} exists`;
  if (s.mainBranch) return `No version of ${name} from the main branch exists`;
  if (s.environment !== undefined)
    return `No version of ${name} is currently recorded as deployed or released in environment ${s.environment}`;
  if (s.original.version !== undefined) return `No pacts or verifications have been published for version ${s.original.version} of ${name}`;
  return `No pacts or verifications have been published for ${name}`;
}

/** A selector made up for a row whose pacticipant no selector names (e.g. one selector, no destination). */
export function dummySelector(pacticipantId: number, name: string, version: VersionRef | null): ResolvedSelector {
  return {
    pacticipantId,
    pacticipantName: name,
    version: version ? { kind: 'one', id: version.id, number: version.number } : { kind: 'all' },
    latest: false,
    tag: undefined,
    branch: undefined,
    mainBranch: false,
    environment: undefined,
    type: SelectorType.inferred,
    ignored: false,
    oneOfMany: false,
    original: {},
  };
}
