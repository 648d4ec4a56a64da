// HAL bodies of the schema resources (@treaty/wire schemas.ts).
import type { HalLinks, SchemaCheckResult, SchemaPublicationSummary, SchemaRole, SchemaSubjectSummary } from '@treaty/wire';
import { isPactCheckKind, verdictOf } from '../../domain/schemas/schema-kinds.ts';
import type { ContractCheckRow } from '../../store/schemas/contract-checks.ts';
import type { PublicationRow } from '../../store/schemas/schema-publications.ts';
import type { SubjectSummaryRow } from '../../store/schemas/subjects.ts';
import { href, paths } from '../../paths.ts';

export function schemaLinks(baseUrl: string, subject: string, pacticipant: string, version: string, role: SchemaRole): HalLinks {
  return {
    self: {
      href: `${href(baseUrl, paths.schemaVersion, { subject, pacticipant, version })}?role=${role}`,
      title: `${role} schema of ${pacticipant} ${version}`,
    },
    'treaty:schema-subject': { href: href(baseUrl, paths.schemaSubject, { subject }), title: subject },
    'treaty:schema-diff': {
      href: `${href(baseUrl, paths.schemaDiff, { subject })}?pacticipant=${encodeURIComponent(pacticipant)}&to=${encodeURIComponent(version)}&role=${role}`,
      title: 'Diff with the previous version',
    },
    'pb:pacticipant-version': { href: href(baseUrl, paths.pacticipantVersion, { pacticipant, version }) },
  };
}

export function subjectSummaryBody(baseUrl: string, s: SubjectSummaryRow): SchemaSubjectSummary {
  return {
    name: s.name,
    kind: s.kind,
    compatibility: s.compatibility,
    providers: s.providers,
    consumers: s.consumers,
    publicationCount: s.publicationCount,
    latestPublishedAt: s.latestPublishedAt ? new Date(s.latestPublishedAt).toISOString() : null,
    _links: {
      self: { href: href(baseUrl, paths.schemaSubject, { subject: s.name }) },
      'treaty:schema-compatibility': { href: href(baseUrl, paths.schemaSubjectCompatibility, { subject: s.name }) },
    },
  };
}

export function publicationBody(baseUrl: string, p: PublicationRow): SchemaPublicationSummary & { pacticipant: string } {
  return {
    pacticipant: p.pacticipant,
    version: p.version,
    role: p.role,
    kind: p.kind,
    sha: p.sha,
    branch: p.branch,
    publishedAt: new Date(p.publishedAt).toISOString(),
    _links: schemaLinks(baseUrl, p.subject, p.pacticipant, p.version, p.role),
  };
}

export function checkBody(c: ContractCheckRow): SchemaCheckResult {
  return {
    id: String(c.id),
    contractKind: isPactCheckKind(c.kind) ? 'pact' : 'schema',
    subject: c.subject,
    consumer: { name: c.consumerName ?? '', version: c.consumerVersion ?? '' },
    provider: { name: c.providerName ?? '', version: c.providerVersion ?? '' },
    verdict: verdictOf[c.status],
    findings: c.findings,
    checkedAt: new Date(c.createdAt).toISOString(),
  };
}
