/** Plain JSON objects as read from a pact or an OpenAPI document. */
export type Json = Record<string, unknown>;

export { isObject } from '../json.ts';
