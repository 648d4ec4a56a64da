// The rows of the Pact Broker's /matrix body (also /can-i-deploy's): consumer and provider versions with
// their branches, tags and environments, the pact and the verification result, each with its HAL links.
import type { MatrixRowBody, MatrixVersion } from '@treaty/wire';
import { displayNameOf } from '../../domain/pacticipants/display-name.ts';
import type { MatrixRow } from '../../domain/matrix/matrix-row.ts';
import type { VersionDetails } from '../../store/matrix/version-details.ts';
import { href, paths } from '../../paths.ts';

/** A version's body in one response, given its pacticipant, number and id. */
type VersionBodyOf = (pacticipant: string, number: string, versionId: number) => MatrixVersion;

/**
 * The rows of one matrix body. Rows of the same version share its body, built once: a whole-integration matrix
 * lists 100 rows of a few dozen versions, and each body is a dozen links (issue #14). The bodies are only
 * serialised, so sharing is safe.
 */
export function matrixRowsBody(
  baseUrl: string,
  rows: ReadonlyArray<MatrixRow & { ignored: boolean }>,
  details: Map<number, VersionDetails>,
): MatrixRowBody[] {
  const built = new Map<number, MatrixVersion>();
  const versionBodyOf: VersionBodyOf = (pacticipant, number, versionId) => {
    let body = built.get(versionId);
    if (!body) built.set(versionId, (body = versionBody(baseUrl, pacticipant, number, details.get(versionId))));
    return body;
  };
  return rows.map((r) => (r.contract ? schemaRowBody(baseUrl, r, r.contract, versionBodyOf) : pactRowBody(baseUrl, r, versionBodyOf)));
}

function versionBody(baseUrl: string, pacticipant: string, number: string, d: VersionDetails | undefined): MatrixVersion {
  const details = d ?? { tags: [], branches: [], environments: [] };
  return {
    number,
    branch: details.branches[details.branches.length - 1]?.name ?? null,
    branches: details.branches.map((b) => ({
      name: b.name,
      latest: b.latest,
      _links: { self: { href: href(baseUrl, paths.branch, { pacticipant, branch: b.name }) } },
    })),
    branchVersions: details.branches.map((b) => ({
      name: b.name,
      latest: b.latest,
      _links: {
        self: {
          title: 'Branch version',
          name: b.name,
          href: href(baseUrl, paths.branchVersion, { pacticipant, branch: b.name, version: number }),
        },
      },
    })),
    environments: details.environments.map((e) => ({
      ...e,
      displayName: displayNameOf(e),
      _links: { self: { href: href(baseUrl, paths.environment, { environment: e.uuid }) } },
    })),
    tags: details.tags.map((t) => ({
      name: t.name,
      latest: t.latest,
      _links: { self: { href: href(baseUrl, paths.versionTag, { pacticipant, version: number, tag: t.name }) } },
    })),
    _links: { self: { href: href(baseUrl, paths.pacticipantVersion, { pacticipant, version: number }) } },
  };
}

/** A schema row (issue #8): the PB shape, its links pointing at the schema resources, plus the `treaty` member. */
function schemaRowBody(
  baseUrl: string,
  r: MatrixRow & { ignored: boolean },
  contract: NonNullable<MatrixRow['contract']>,
  versionBodyOf: VersionBodyOf,
): MatrixRowBody {
  const body = pactRowBody(baseUrl, r, versionBodyOf);
  const subjectHref = href(baseUrl, paths.schemaSubject, { subject: contract.subject });
  return {
    ...body,
    pact: {
      createdAt: body.pact.createdAt,
      _links: {
        self: {
          href: `${href(baseUrl, paths.schemaVersion, { subject: contract.subject, pacticipant: r.consumerName, version: r.consumerVersionNumber })}?role=consumer`,
        },
      },
    },
    verificationResult:
      r.success === null || r.verifiedAt === null
        ? null
        : { success: r.success, verifiedAt: r.verifiedAt.toISOString(), _links: { self: { href: subjectHref } } },
    treaty: {
      contractKind: 'schema',
      subject: contract.subject,
      checkStatus: contract.checkStatus,
      breakingChange: contract.breakingChange,
    },
  };
}

function pactRowBody(baseUrl: string, r: MatrixRow & { ignored: boolean }, versionBodyOf: VersionBodyOf): MatrixRowBody {
  const pacticipantLink = (name: string) => ({ self: { href: href(baseUrl, paths.pacticipant, { pacticipant: name }) } });
  return {
    consumer: {
      name: r.consumerName,
      _links: pacticipantLink(r.consumerName),
      version: versionBodyOf(r.consumerName, r.consumerVersionNumber, r.consumerVersionId),
    },
    provider: {
      name: r.providerName,
      _links: pacticipantLink(r.providerName),
      version:
        r.providerVersionId === null || r.providerVersionNumber === null
          ? null
          : versionBodyOf(r.providerName, r.providerVersionNumber, r.providerVersionId),
    },
    pact: {
      createdAt: r.pactCreatedAt.toISOString(),
      _links: {
        self: {
          href: href(baseUrl, paths.pactForConsumerVersion, {
            provider: r.providerName,
            consumer: r.consumerName,
            consumerVersion: r.consumerVersionNumber,
          }),
        },
      },
    },
    verificationResult:
      r.verificationId === null || r.verificationNumber === null
        ? null
        : {
            success: r.success === true,
            verifiedAt: r.verifiedAt!.toISOString(),
            _links: {
              self: {
                href: href(baseUrl, paths.verificationResult, {
                  provider: r.providerName,
                  consumer: r.consumerName,
                  sha: r.pactVersionSha,
                  number: r.verificationNumber,
                }),
              },
            },
          },
    ...(r.ignored ? { ignored: true as const } : {}),
  };
}
