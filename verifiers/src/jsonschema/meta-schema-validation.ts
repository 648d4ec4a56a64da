/**
 * Validates a schema against its meta-schema (draft 2020-12, 2019-09 or draft-07) with ajv 8.
 * One ajv instance per draft, created on first use.
 */
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft07 from 'ajv';

export interface MetaSchemaError {
  /** JSON Pointer into the schema */
  readonly path: string;
  readonly message: string;
}

export type MetaSchemaResult =
  { readonly status: 'valid'; readonly draft: Draft } | { readonly status: 'invalid'; readonly errors: readonly MetaSchemaError[] };

export type Draft = '2020-12' | '2019-09' | 'draft-07';

type AnyAjv = InstanceType<typeof AjvDraft07>;
const options = { strict: false, allErrors: true, validateFormats: false } as const;
const factories: Record<Draft, () => AnyAjv> = {
  '2020-12': () => new Ajv2020(options),
  '2019-09': () => new Ajv2019(options),
  'draft-07': () => new AjvDraft07(options),
};
const instances = new Map<Draft, AnyAjv>();

function ajvFor(draft: Draft): AnyAjv {
  let instance = instances.get(draft);
  if (!instance) {
    instance = factories[draft]();
    instances.set(draft, instance);
  }
  return instance;
}

export function draftOf(schema: unknown): Draft | { unsupported: string } {
  const declared =
    typeof schema === 'object' && schema !== null && !Array.isArray(schema) ? (schema as Record<string, unknown>)['$schema'] : undefined;
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') return { unsupported: String(declared) };
  if (declared.includes('2020-12')) return '2020-12';
  if (declared.includes('2019-09')) return '2019-09';
  if (declared.includes('draft-07')) return 'draft-07';
  return { unsupported: declared };
}

export function validateMetaSchema(schema: unknown): MetaSchemaResult {
  if (typeof schema === 'boolean') return { status: 'valid', draft: '2020-12' };
  const draft = draftOf(schema);
  if (typeof draft !== 'string') {
    return {
      status: 'invalid',
      errors: [
        {
          path: '/$schema',
          message: `unsupported meta-schema ${JSON.stringify(draft.unsupported)}; use draft 2020-12, 2019-09 or draft-07`,
        },
      ],
    };
  }
  const ajv = ajvFor(draft);
  const ok = ajv.validateSchema(schema as object);
  if (ok === true) return { status: 'valid', draft };
  return { status: 'invalid', errors: (ajv.errors ?? []).map((e) => ({ path: e.instancePath ?? '', message: e.message ?? 'invalid' })) };
}
