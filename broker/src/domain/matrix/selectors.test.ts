import { describe, expect, test } from 'vitest';
import { parseMatrixQuery, validateMatrixQuery, effectiveLatestBy, type MatrixQuery } from './selectors.ts';
import { parseCanIDeployQuery } from './can-i-deploy-query.ts';

describe('parseMatrixQuery pairs selector keys', () => {
  test.each([
    [
      'Rack order (pact_broker-client v1)',
      'q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][version]=4.5.6&latestby=cvpv',
      [
        { pacticipant: 'Foo', version: '1.2.3' },
        { pacticipant: 'Bar', version: '4.5.6' },
      ],
    ],
    [
      'URL-encoded brackets',
      'q%5B%5D%5Bpacticipant%5D=Foo%20Thing&q%5B%5D%5Bversion%5D=1.2.3&q%5B%5D%5Bpacticipant%5D=Bar&q%5B%5D%5Blatest%5D=true&q%5B%5D%5Btag%5D=prod',
      [
        { pacticipant: 'Foo Thing', version: '1.2.3' },
        { pacticipant: 'Bar', latest: true, tag: 'prod' },
      ],
    ],
    [
      'flat form q[]pacticipant (PB get_matrix_approval_spec)',
      'q[]pacticipant=Foo&q[]version=1&q[]pacticipant=Bar&q[]version=2',
      [
        { pacticipant: 'Foo', version: '1' },
        { pacticipant: 'Bar', version: '2' },
      ],
    ],
    [
      'sorted keys, versions for both (V2 pact interaction 3)',
      'latestby=cvpv&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1%2e2%2e3&q[][version]=4%2e5%2e6',
      [
        { pacticipant: 'Foo', version: '1.2.3' },
        { pacticipant: 'Bar', version: '4.5.6' },
      ],
    ],
    [
      'sorted keys, Foo version + Bar latest prod (V2 pact interaction 4)',
      'latestby=cvpv&q[][latest]=true&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][tag]=prod&q[][version]=1%2e2%2e3',
      [
        { pacticipant: 'Foo', version: '1.2.3' },
        { pacticipant: 'Bar', latest: true, tag: 'prod' },
      ],
    ],
    [
      'sorted keys, Foo version + Bar latest (V2 pact interaction 6)',
      'latestby=cvpv&q[][latest]=true&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1%2e2%2e4',
      [
        { pacticipant: 'Foo', version: '1.2.4' },
        { pacticipant: 'Bar', latest: true },
      ],
    ],
    [
      'sorted keys, Bar version + Foo all prod (V2 pact interaction 41)',
      'ignore[][pacticipant]=Foo&ignore[][version]=3%2e4%2e5&latestby=cvpv&q[][pacticipant]=Bar&q[][pacticipant]=Foo&q[][tag]=prod&q[][version]=4%2e5%2e6',
      [
        { pacticipant: 'Bar', version: '4.5.6' },
        { pacticipant: 'Foo', tag: 'prod' },
      ],
    ],
    [
      'explicit indexes',
      'q[1][pacticipant]=Bar&q[0][version]=1&q[0][pacticipant]=Foo',
      [{ pacticipant: 'Foo', version: '1' }, { pacticipant: 'Bar' }],
    ],
    ['name-only selectors', 'q[][pacticipant]=Foo&q[][pacticipant]=Bar', [{ pacticipant: 'Foo' }, { pacticipant: 'Bar' }]],
    [
      'branch and main branch',
      'q[][pacticipant]=Foo&q[][branch]=main&q[][latest]=true&q[][pacticipant]=Bar&q[][mainBranch]=true',
      [
        { pacticipant: 'Foo', branch: 'main', latest: true },
        { pacticipant: 'Bar', mainBranch: true },
      ],
    ],
  ])('%s', (_name, raw, selectors) => {
    expect(parseMatrixQuery(raw).selectors).toEqual(selectors);
  });

  test('reads the query from a whole original URL', () => {
    expect(parseMatrixQuery('/matrix?q[][pacticipant]=Foo&q[][version]=1').selectors).toEqual([{ pacticipant: 'Foo', version: '1' }]);
  });
});

describe('parseMatrixQuery options', () => {
  test.each([
    [
      'ignore[][pacticipant] with version (pact_broker-client ignore)',
      'q[][pacticipant]=Foo&ignore[][pacticipant]=Bar&ignore[][version]=2',
      { ignore: [{ pacticipant: 'Bar', version: '2' }] },
    ],
    [
      'ignore[]=Name (/can-i-deploy, PACT_BROKER_CAN_I_DEPLOY_IGNORE)',
      'q[][pacticipant]=Foo&ignore[]=Bar&ignore[]=Baz',
      { ignore: [{ pacticipant: 'Bar' }, { pacticipant: 'Baz' }] },
    ],
    [
      '--to TAG sends latest=true&tag=TAG',
      'q[][pacticipant]=Foo&latest=true&tag=prod&latestby=cvp',
      { ignore: [], latest: true, tag: 'prod', latestby: 'cvp' },
    ],
    ['--to-environment', 'q[][pacticipant]=Foo&environment=production', { ignore: [], environment: 'production' }],
    ['can-i-merge', 'q[][pacticipant]=Foo&latest=true&mainBranch=true', { ignore: [], latest: true, mainBranch: true }],
    [
      'success[] with an empty value meaning "no result"',
      'q[][pacticipant]=Foo&success[]=true&success[]=',
      { ignore: [], success: [true, null] },
    ],
    ['limit', 'q[][pacticipant]=Foo&limit=10', { ignore: [], limit: 10 }],
    ['unknown latestby is ignored', 'q[][pacticipant]=Foo&latestby=xyz', { ignore: [] }],
  ])('%s', (_name, raw, options) => {
    expect(parseMatrixQuery(raw).options).toEqual(options);
  });

  test('an environment destination uses cvpv even when the CLI sends cvp (PB #903)', () => {
    expect(effectiveLatestBy({ ignore: [], environment: 'prod', latestby: 'cvp' })).toBe('cvpv');
    expect(effectiveLatestBy({ ignore: [], tag: 'prod', latest: true, latestby: 'cvp' })).toBe('cvp');
  });
});

describe('validateMatrixQuery (PB matrix/service_spec.rb messages)', () => {
  const known = { pacticipants: new Set(['foo', 'bar']), environments: new Set(['production']) };
  const q = (raw: string): MatrixQuery => parseMatrixQuery(raw);
  test.each([
    ['no selectors', '', ['Please provide 1 or more version selectors.']],
    [
      'unknown pacticipants (client pact: Wiffle and Meep)',
      'q[][pacticipant]=Wiffle&q[][version]=1&q[][pacticipant]=Meep&q[][version]=2',
      ['Pacticipant Wiffle not found', 'Pacticipant Meep not found'],
    ],
    ['selector without a pacticipant', 'q[][version]=1', ['Please specify the pacticipant name']],
    [
      'version and latest together',
      'q[][pacticipant]=Foo&q[][version]=1&q[][latest]=true',
      ['A version number and latest flag cannot both be specified for Foo'],
    ],
    [
      'tag and environment together',
      'q[][pacticipant]=Foo&tag=prod&environment=production',
      ['Cannot specify more than one of tag, environment and mainBranch.'],
    ],
    [
      'latest and environment together',
      'q[][pacticipant]=Foo&latest=true&environment=production',
      ['Cannot specify both latest=true and an environment.'],
    ],
    ['unknown environment', 'q[][pacticipant]=Foo&environment=prod', ["Environment with name 'prod' does not exist"]],
    ['ignore without a name', 'q[][pacticipant]=Foo&ignore[][version]=1', ['Please specify the pacticipant name to ignore']],
    [
      'ignore with version and latest',
      'q[][pacticipant]=Foo&ignore[][pacticipant]=Bar&ignore[][version]=1&ignore[][latest]=true',
      ['A version number and latest flag cannot both be specified for Bar to ignore'],
    ],
    ['limit below 1', 'q[][pacticipant]=Foo&limit=0', ['The limit must be 1 or greater.']],
    ['limit not a number', 'q[][pacticipant]=Foo&limit=abc', ['The limit must be 1 or greater.']],
    ['limit in exponent form (#11)', 'q[][pacticipant]=Foo&limit=1e308', ['The limit must be 1 or greater.']],
    ['limit beyond a bigint (#11)', 'q[][pacticipant]=Foo&limit=99999999999999999999', ['The limit must be 1 or greater.']],
    [
      'limit above the maximum (#11)',
      'q[][pacticipant]=Foo&limit=1000001',
      ['The limit must be at most 1000000 (a whole number from 1 to 1000000).'],
    ],
    ['a valid query', 'q[][pacticipant]=foo&q[][version]=1&environment=production', []],
  ])('%s', (_name, raw, messages) => {
    expect(validateMatrixQuery(q(raw), known).map((i) => i.message)).toEqual(messages);
  });
});

describe('parseCanIDeployQuery (PB can_i_deploy_query_schema.rb)', () => {
  test('an environment makes latestby cvpv (PB #903)', () => {
    const parsed = parseCanIDeployQuery('pacticipant=Foo&version=1&environment=production&ignore[]=Baz');
    expect(parsed).toEqual({
      ok: true,
      query: {
        selectors: [{ pacticipant: 'Foo', version: '1' }],
        options: { latestby: 'cvpv', environment: 'production', ignore: [{ pacticipant: 'Baz' }] },
      },
    });
  });
  test('a to tag is the latest version with that tag, latestby cvp', () => {
    const parsed = parseCanIDeployQuery('pacticipant=Foo&version=1&to=prod');
    expect(parsed.ok && parsed.query.options).toEqual({ latestby: 'cvp', latest: true, tag: 'prod', ignore: [] });
  });
  test.each([
    ['no params', '', ['pacticipant: is missing', 'version: is missing', "environment: Must specify either an environment or a 'to' tag."]],
    [
      'both to and environment',
      'pacticipant=Foo&version=1&to=prod&environment=production',
      ["environment: Cannot specify both a 'to' tag and an environment."],
    ],
  ])('rejects %s', (_name, raw, errors) => {
    const parsed = parseCanIDeployQuery(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.errors.map((e) => `${e.field}: ${e.message}`)).toEqual(errors);
  });
});
