// A relation the schema declares non-null whose row is gone (deleted between two queries of one
// request) is an internal error, reported as such rather than as a confusing null.

export function required<T>(value: T | undefined, what: string, id: number | string): T {
  if (value === undefined) throw new Error(`${what} ${id} not found while resolving a non-null relation`);
  return value;
}
