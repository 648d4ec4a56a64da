// Each verifier kind has its own entry point (package.json "exports"), so that a schema check loads only its
// own code: the protobuf, JSON Schema, OpenAPI and AsyncAPI entry points must never reach Pact JS and its native core.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const src = path.dirname(fileURLToPath(import.meta.url));
const packageJson = JSON.parse(readFileSync(path.join(src, '..', 'package.json'), 'utf8')) as { exports: Record<string, string> };

/** Every bare (package) import reachable from `entry` through relative imports, type-only imports excluded. */
function packagesReachedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, typeOnly, spec] of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gms)) {
      if (typeOnly || spec === undefined) continue;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else packages.add(spec);
    }
    for (const [, spec] of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) if (spec && !spec.startsWith('.')) packages.add(spec);
  };
  visit(entry);
  return packages;
}

describe('@treaty/verifiers entry points', () => {
  test('one per kind, and the root one shares the result type and JSON helpers only', () => {
    expect(Object.keys(packageJson.exports).sort()).toEqual(['.', './asyncapi', './jsonschema', './openapi', './pact', './protobuf']);
    expect([...packagesReachedFrom(path.join(src, 'index.ts'))]).toEqual([]);
  });

  test.each(['./protobuf', './jsonschema', './openapi', './asyncapi'])('%s does not load Pact JS', (entry) => {
    const reached = packagesReachedFrom(path.resolve(src, '..', packageJson.exports[entry]!));
    expect([...reached].filter((p) => p.startsWith('@pact-foundation/'))).toEqual([]);
  });

  test('./pact is where Pact JS is loaded', () => {
    const reached = packagesReachedFrom(path.resolve(src, '..', packageJson.exports['./pact']!));
    expect([...reached].some((p) => p.startsWith('@pact-foundation/'))).toBe(true);
  });
});
