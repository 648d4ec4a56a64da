import { gql } from '../client.ts';

export interface SchemaFindingFields {
  rule: string;
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  severity: string | null;
}

/** What an AsyncAPI publication describes (null for the other kinds). */
export interface AsyncApiOutlineFields {
  version: string;
  title: string | null;
  channels: Array<{
    id: string;
    address: string | null;
    messages: Array<{ id: string; name: string | null; title: string | null; contentType: string | null }>;
    operations: Array<{ id: string; action: string; messages: string[] }>;
  }>;
}

export interface SchemaCheckFields {
  kind: string;
  verdict: string;
  consumerName: string | null;
  consumerVersion: string | null;
  providerName: string | null;
  providerVersion: string | null;
  checkedAt: string;
  findings: SchemaFindingFields[];
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
  lastCheck: SchemaCheckFields | null;
  asyncApi: AsyncApiOutlineFields | null;
}

export interface SchemaSubjectData {
  schemaSubject: {
    name: string;
    kind: string;
    compatibility: string;
    providers: string[];
    consumers: string[];
    schemas: SchemaFields[];
    /** The latest checks of the subject, newest first: among them consumers' pacts against an OpenAPI or AsyncAPI document. */
    checks: SchemaCheckFields[];
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
        asyncApi {
          version
          title
          channels {
            id
            address
            messages {
              id
              name
              title
              contentType
            }
            operations {
              id
              action
              messages
            }
          }
        }
      }
      checks(first: 50) {
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
`);
