import { gql } from '../client.ts';

export interface SchemaFindingFields {
  rule: string;
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  severity: string | null;
}

export interface SchemaFields {
  version: string;
  role: string;
  kind: string;
  sha: string;
  publishedAt: string;
  pacticipant: { name: string };
  files: Array<{ path: string; content: string }>;
  diff: { previousVersion: string; verdict: string; findings: SchemaFindingFields[]; reasons: string[] } | null;
  lastCheck: {
    kind: string;
    verdict: string;
    consumerName: string | null;
    consumerVersion: string | null;
    providerName: string | null;
    providerVersion: string | null;
    checkedAt: string;
    findings: SchemaFindingFields[];
  } | null;
}

export interface SchemaSubjectData {
  schemaSubject: {
    name: string;
    kind: string;
    compatibility: string;
    providers: string[];
    consumers: string[];
    schemas: SchemaFields[];
  } | null;
}

export const SCHEMA_SUBJECT_QUERY = gql<SchemaSubjectData, { name: string }>(/* GraphQL */ `
  query SchemaSubject($name: String!) {
    schemaSubject(name: $name) {
      name
      kind
      compatibility
      providers
      consumers
      schemas(first: 50) {
        version
        role
        kind
        sha
        publishedAt
        pacticipant {
          name
        }
        files {
          path
          content
        }
        diff {
          previousVersion
          verdict
          reasons
          findings {
            rule
            file
            line
            column
            message
            severity
          }
        }
        lastCheck {
          kind
          verdict
          consumerName
          consumerVersion
          providerName
          providerVersion
          checkedAt
          findings {
            rule
            file
            line
            column
            message
            severity
          }
        }
      }
    }
  }
`);
