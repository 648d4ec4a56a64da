// The rows of the Pact Broker's /matrix body (also /can-i-deploy's): consumer and provider versions with
// their branches, tags and environments, the pact and the verification result, each with its HAL links.
import type { MatrixRowBody, MatrixVersion } from '@treaty/wire';
import { displayNameOf } from '../../domain/pacticipants/display-name.ts';
import type { MatrixRow } from '../../domain/matrix/matrix-row.ts';
import type { VersionDetails } from '../../store/matrix/version-details.ts';
import { href, paths } from '../../paths.ts';

/**
 * Version bodies already built for one response, by the response's details map: a whole-integration matrix lists 100
 * rows of a few dozen versions, and each body is a dozen links (issue #14). The bodies are only serialised, so rows
 * may share one.
 */
const builtVersions = new WeakMap<Map<number, VersionDetails>, Map<string, MatrixVersion>>();

function versionBodyOnce(
  baseUrl: string,
  pacticipant: string,
  number: string,
  versionId: number,
  details: Map<number, VersionDetails>,
): MatrixVersion {
  let built = builtVersions.get(details);
  if (!built) builtVersions.set(details, (built = new Map()));
  const key = `${versionId}\n${baseUrl}`;
  let body = built.get(key);
  if (!body) built.set(key, (body = versionBody(baseUrl, pacticipant, number, details.get(versionId))));
  return body;
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

/** One row of the Pact Broker's matrix: a pact row, or a schema row (issue #8) with Treaty's `treaty` member. */
export function matrixRowBody(baseUrl: string, r: MatrixRow & { ignored: boolean }, details: Map<number, VersionDetails>): MatrixRowBody {
  if (r.contract) return schemaRowBody(baseUrl, r, r.contract, details);
  return pactRowBody(baseUrl, r, details);
}

/** A schema row (issue #8): the PB shape, its links pointing at the schema resources, plus the `treaty` member. */
function schemaRowBody(
  baseUrl: string,
  r: MatrixRow & { ignored: boolean },
  contract: NonNullable<MatrixRow['contract']>,
  details: Map<number, VersionDetails>,
): MatrixRowBody {
  const body = pactRowBody(baseUrl, r, details);
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

function pactRowBody(baseUrl: string, r: MatrixRow & { ignored: boolean }, details: Map<number, VersionDetails>): MatrixRowBody {
  const pacticipantLink = (name: string) => ({ self: { href: href(baseUrl, paths.pacticipant, { pacticipant: name }) } });
  return {
    consumer: {
      name: r.consumerName,
      _links: pacticipantLink(r.consumerName),
      version: versionBodyOnce(baseUrl, r.consumerName, r.consumerVersionNumber, r.consumerVersionId, details),
    },
    provider: {
      name: r.providerName,
      _links: pacticipantLink(r.providerName),
      version:
        r.providerVersionId === null || r.providerVersionNumber === null
          ? null
          : versionBodyOnce(baseUrl, r.providerName, r.providerVersionNumber, r.providerVersionId, details),
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
