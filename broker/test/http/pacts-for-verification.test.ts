import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeVerificationMetadata } from '../../src/domain/verification/verification-metadata.ts';
import { seed, type PacticipantHandle } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
let kit: ReturnType<typeof seed>;
beforeAll(async () => {
  broker = await startTestBroker();
  kit = seed(broker.request);
});
afterAll(async () => {
  await broker?.close();
});

const enc = encodeURIComponent;

interface Notice {
  when: string;
  text: string;
}
interface PactEntry {
  shortDescription: string;
  verificationProperties: { pending?: boolean; wip?: boolean; notices: Notice[] };
  _links: { self: { href: string; name: string } };
}

async function forVerification(provider: PacticipantHandle | string, body: Record<string, unknown>) {
  const name = typeof provider === 'string' ? provider : provider.name;
  return broker.request
    .post(`/pacts/provider/${enc(name)}/for-verification`)
    .set('Accept', 'application/hal+json, application/json')
    .send(body);
}

async function pactsFor(provider: PacticipantHandle, body: Record<string, unknown>): Promise<PactEntry[]> {
  const res = await forVerification(provider, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body._embedded.pacts as PactEntry[];
}

/** "consumer (version)" of each entry, from its link name "Pact between C (V) and P". */
const versionsOf = (pacts: PactEntry[]) =>
  pacts.map((p) => /^Pact between (.+) \((.+)\) and /.exec(p._links.self.name)!.slice(1, 3).join('@'));
const shaOf = (p: PactEntry) => /\/pact-version\/([0-9a-f]+)\//.exec(p._links.self.href)![1];

async function setMainBranch(p: PacticipantHandle, mainBranch: string) {
  const res = await broker.request
    .patch(`/pacticipants/${enc(p.name)}`)
    .set('Content-Type', 'application/merge-patch+json')
    .send({ mainBranch });
  expect([200, 201]).toContain(res.status);
}

describe('GET /pacts/provider/{provider}/for-verification (Rust verifier navigates here first)', () => {
  test('answers 200 with _links.self to POST to', async () => {
    const consumer = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await consumer.publishPact({ version: '1', provider });
    const res = await broker.request
      .get(`/pacts/provider/${enc(provider.name)}/for-verification`)
      .set('Accept', 'application/hal+json, application/json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/hal+json;charset=utf-8');
    expect(res.body._links.self).toEqual({
      href: expect.stringMatching(new RegExp(`/pacts/provider/${provider.name}/for-verification$`)),
      title: 'Pacts to be verified',
    });
    expect(versionsOf(res.body._embedded.pacts)).toEqual([`${consumer.name}@1`]);
  });

  test('supports the deprecated query-string form (consumer_version_selectors[][tag])', async () => {
    const consumer = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await consumer.publishPact({ version: '1', provider, tags: ['prod'] });
    await consumer.publishPact({ version: '2', provider, variant: 'v2' });
    const res = await broker.request.get(
      `/pacts/provider/${enc(provider.name)}/for-verification?consumer_version_selectors[][tag]=prod&consumer_version_selectors[][latest]=true`,
    );
    expect(res.status).toBe(200);
    expect(versionsOf(res.body._embedded.pacts)).toEqual([`${consumer.name}@1`]);
  });

  test('returns 404 for an unknown provider (PB resource_exists?)', async () => {
    const res = await forVerification('no-such-provider-xyz', {});
    expect(res.status).toBe(404);
  });
});

describe('POST consumer version selectors', () => {
  test('mainBranch selects the head of each consumer main branch', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await setMainBranch(a, 'main');
    await a.publishPact({ version: '1', provider, branch: 'main' });
    await a.publishPact({ version: '2', provider, branch: 'main', variant: 'v2' });
    await a.publishPact({ version: '3', provider, branch: 'feat-x', variant: 'v3' });
    const pacts = await pactsFor(provider, { consumerVersionSelectors: [{ mainBranch: true }] });
    expect(versionsOf(pacts)).toEqual([`${a.name}@2`]);
    expect(pacts[0]!.shortDescription).toBe('latest from main branch');
    expect(pacts[0]!.verificationProperties.notices[0]!.text).toContain(`latest version from the main branch 'main' (2)`);
  });

  test('branch selects the branch head; fallbackBranch when the branch has no pact', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await a.publishPact({ version: '1', provider, branch: 'main' });
    await a.publishPact({ version: '2', provider, branch: 'feat-x', variant: 'x' });
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ branch: 'feat-x' }] }))).toEqual([`${a.name}@2`]);
    const fallback = await pactsFor(provider, { consumerVersionSelectors: [{ branch: 'feat-y', fallbackBranch: 'main' }] });
    expect(versionsOf(fallback)).toEqual([`${a.name}@1`]);
    expect(fallback[0]!.shortDescription).toBe('latest from branch main');
    expect(fallback[0]!.verificationProperties.notices[0]!.text).toContain(
      `latest version from branch 'main' (fallback branch used as no pact was found from branch 'feat-y') (1)`,
    );
  });

  test('matchingBranch selects the consumer branch named like providerVersionBranch', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await a.publishPact({ version: '1', provider, branch: 'main' });
    await a.publishPact({ version: '2', provider, branch: 'feat-pay', variant: 'pay' });
    const pacts = await pactsFor(provider, { consumerVersionSelectors: [{ matchingBranch: true }], providerVersionBranch: 'feat-pay' });
    expect(versionsOf(pacts)).toEqual([`${a.name}@2`]);
    expect(pacts[0]!.shortDescription).toBe('latest from branch feat-pay');
  });

  test('tag with latest picks the latest tagged version; fallbackTag when none; without latest, all tagged versions', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await a.publishPact({ version: '1', provider, tags: ['prod'] });
    await a.publishPact({ version: '2', provider, tags: ['prod'], variant: 'v2' });
    await a.publishPact({ version: '3', provider, tags: ['main'], variant: 'v3' });
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ tag: 'prod', latest: true }] }))).toEqual([`${a.name}@2`]);
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ tag: 'prod' }] }))).toEqual([`${a.name}@1`, `${a.name}@2`]);
    const fallback = await pactsFor(provider, { consumerVersionSelectors: [{ tag: 'feat-z', fallbackTag: 'main', latest: true }] });
    expect(versionsOf(fallback)).toEqual([`${a.name}@3`]);
    expect(fallback[0]!.shortDescription).toBe('latest with tag main');
  });

  test('tag with latest takes the pact of the latest tagged version, so nothing when that version has no pact for this provider (PB for_latest_consumer_versions_with_tag)', async () => {
    const a = kit.pacticipant('web');
    const b = kit.pacticipant('mobile');
    const provider = kit.pacticipant('api');
    const other = kit.pacticipant('other-api');
    await a.publishPact({ version: '1', provider, tags: ['prod'] });
    // a's newest prod version has a pact for another provider only: a has no latest prod pact for `provider`.
    await a.publishPact({ version: '2', provider: other, tags: ['prod'], variant: 'other' });
    await b.publishPact({ version: '1', provider, tags: ['prod'] });
    await b.createVersion('2', { tags: ['dev'] });
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ tag: 'prod', latest: true }] }))).toEqual([`${b.name}@1`]);
    // All prod versions (no latest) still include a's older one.
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ tag: 'prod' }] })).sort()).toEqual(
      [`${a.name}@1`, `${b.name}@1`].sort(),
    );
    // The fallback tag follows the same rule.
    await a.createVersion('3', { tags: ['main'] });
    const fallback = await pactsFor(provider, {
      consumerVersionSelectors: [{ tag: 'feat-z', fallbackTag: 'main', latest: true, consumer: a.name }],
    });
    expect(fallback).toEqual([]);
  });

  test('latest selects the latest pact of every consumer; consumer filters to one', async () => {
    const a = kit.pacticipant('web');
    const b = kit.pacticipant('mobile');
    const provider = kit.pacticipant('api');
    await a.publishPact({ version: '1', provider });
    await a.publishPact({ version: '2', provider, variant: 'a2' });
    await b.publishPact({ version: '7', provider, variant: 'b7' });
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ latest: true }] })).sort()).toEqual(
      [`${a.name}@2`, `${b.name}@7`].sort(),
    );
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ latest: true, consumer: b.name.toUpperCase() }] }))).toEqual([
      `${b.name}@7`,
    ]);
  });

  test('deployed / released / deployedOrReleased, with and without environment', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    const test_ = await kit.environment('test');
    const prod = await kit.environment('prod', true);
    await a.publishPact({ version: '1', provider });
    await a.publishPact({ version: '2', provider, variant: 'v2' });
    await a.publishPact({ version: '3', provider, variant: 'v3' });
    await a.deploy('2', test_);
    await a.release('1', prod);
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ deployed: true }] }))).toEqual([`${a.name}@2`]);
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ released: true }] }))).toEqual([`${a.name}@1`]);
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ deployedOrReleased: true }] }))).toEqual([
      `${a.name}@1`,
      `${a.name}@2`,
    ]);
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ deployed: true, environment: prod.name }] }))).toEqual([]);
    const inTest = await pactsFor(provider, { consumerVersionSelectors: [{ deployed: true, environment: test_.name }] });
    expect(versionsOf(inTest)).toEqual([`${a.name}@2`]);
    expect(inTest[0]!.shortDescription).toBe(`deployed to ${test_.name}`);
    expect(inTest[0]!.verificationProperties.notices[0]!.text).toContain(`consumer version(s) currently deployed to ${test_.name} (2)`);
    expect(versionsOf(await pactsFor(provider, { consumerVersionSelectors: [{ environment: prod.name }] }))).toEqual([`${a.name}@1`]);
  });

  test('defaults (no selectors): main branch head, else latest tagged with main branch name, else latest; plus deployed and released', async () => {
    const withBranch = kit.pacticipant('web');
    const withTag = kit.pacticipant('tagger');
    const plain = kit.pacticipant('plain');
    const provider = kit.pacticipant('api');
    const env = await kit.environment('prod');
    await setMainBranch(withBranch, 'main');
    await setMainBranch(withTag, 'main');
    await withBranch.publishPact({ version: '1', provider, branch: 'main' });
    await withBranch.publishPact({ version: '2', provider, branch: 'feat', variant: 'f' });
    await withTag.publishPact({ version: '10', provider, tags: ['main'] });
    await withTag.publishPact({ version: '11', provider, variant: 'untagged' });
    await plain.publishPact({ version: '20', provider });
    await plain.publishPact({ version: '21', provider, variant: 'p21' });
    await plain.deploy('20', env);
    const got = versionsOf(await pactsFor(provider, {})).sort();
    expect(got).toEqual([`${withBranch.name}@1`, `${withTag.name}@10`, `${plain.name}@20`, `${plain.name}@21`].sort());
  });
});

describe('deduplication by pact content (PB squash)', () => {
  test('one entry per content, carrying every selector that matched it', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    const env = await kit.environment('prod');
    await a.publishPact({ version: '1', provider, branch: 'main' });
    await a.publishPact({ version: '2', provider, branch: 'main' }); // same content as 1
    await a.deploy('1', env);
    const pacts = await pactsFor(provider, { consumerVersionSelectors: [{ branch: 'main' }, { deployed: true }] });
    expect(pacts).toHaveLength(1);
    expect(pacts[0]!._links.self.name).toBe(`Pact between ${a.name} (2) and ${provider.name}`);
    expect(pacts[0]!.shortDescription).toBe(`latest from branch main, deployed to ${env.name}`);
    const reason = pacts[0]!.verificationProperties.notices[0]!;
    expect(reason.when).toBe('before_verification');
    expect(reason.text).toContain('belongs to the consumer versions matching the following criteria:');
    expect(reason.text).toContain(`    * latest version from branch 'main' (2)`);
    expect(reason.text).toContain(`    * consumer version(s) currently deployed to ${env.name} (1)`);
    const metadata = decodeVerificationMetadata(pacts[0]!._links.self.href.split('/metadata/')[1]);
    expect(metadata.wip).toBe(false);
    expect(metadata.selectors.map((s) => s.branch ?? null)).toEqual(['main', null]);
  });
});

describe('pending pacts (includePendingStatus)', () => {
  test('is pending for a provider branch until a version from that branch verifies it successfully', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    const pact = await a.publishPact({ version: '1', provider, branch: 'main' });
    const body = { consumerVersionSelectors: [{ branch: 'main' }], providerVersionBranch: 'main', includePendingStatus: true };
    // feat-b exists before main verifies, so main's later success does not carry over to it.
    await provider.createVersion('0-feat', { branch: 'feat-b' });

    const before = (await pactsFor(provider, body))[0]!;
    expect(before.verificationProperties.pending).toBe(true);
    expect(before.verificationProperties.notices.map((n) => n.when)).toEqual([
      'before_verification',
      'before_verification',
      'after_verification:success_true_published_false',
      'after_verification:success_false_published_false',
      'after_verification:success_true_published_true',
      'after_verification:success_false_published_true',
    ]);
    expect(before.verificationProperties.notices[1]!.text).toBe(
      `This pact is in pending state for this version of ${provider.name} because a successful verification result for a version of ${provider.name} from branch 'main' has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending`,
    );
    expect(decodeVerificationMetadata(before._links.self.href.split('/metadata/')[1]).pending).toBe(true);

    await provider.verify(pact, { version: '100', success: false, branch: 'main' });
    expect((await pactsFor(provider, body))[0]!.verificationProperties.pending).toBe(true);
    await provider.verify(pact, { version: '101', success: true, branch: 'main' });

    const after = (await pactsFor(provider, body))[0]!;
    expect(after.verificationProperties.pending).toBe(false);
    expect(after.verificationProperties.notices.map((n) => n.when)).toEqual(['before_verification', 'before_verification']);
    expect(after.verificationProperties.notices[1]!.text).toBe(
      `This pact has previously been successfully verified by a version of ${provider.name} from branch 'main'. If this verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending`,
    );
    expect((await pactsFor(provider, { ...body, providerVersionBranch: 'feat-b' }))[0]!.verificationProperties.pending).toBe(true);
    // A branch created after main verified inherits main's verification (PB pending_for_provider_branch?).
    expect((await pactsFor(provider, { ...body, providerVersionBranch: 'brand-new' }))[0]!.verificationProperties.pending).toBe(false);
  });

  test('falls back to providerVersionTags when no branch is given', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    const pact = await a.publishPact({ version: '1', provider });
    const body = { consumerVersionSelectors: [{ latest: true }], providerVersionTags: ['dev'], includePendingStatus: true };
    expect((await pactsFor(provider, body))[0]!.verificationProperties.pending).toBe(true);
    await provider.createVersion('5', { tags: ['dev'] });
    await provider.verify(pact, { version: '5', success: true });
    expect((await pactsFor(provider, body))[0]!.verificationProperties.pending).toBe(false);
  });

  test('omits pending when includePendingStatus is not set (PB default false)', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await a.publishPact({ version: '1', provider });
    const entry = (await pactsFor(provider, { consumerVersionSelectors: [{ latest: true }] }))[0]!;
    expect(entry.verificationProperties).not.toHaveProperty('pending');
    expect(entry.verificationProperties.notices).toHaveLength(1);
  });
});

describe('WIP pacts (includeWipPactsSince)', () => {
  test('includes the latest pact of consumer branches published since the date, not yet verified by the provider branch and not already selected', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await a.publishPact({ version: '1', provider, branch: 'main' });
    const featOld = await a.publishPact({ version: '2', provider, branch: 'feat-a', variant: 'a2' });
    await a.publishPact({ version: '3', provider, branch: 'feat-a', variant: 'a3' });
    const featB = await a.publishPact({ version: '4', provider, branch: 'feat-b', variant: 'b4' });
    await provider.verify(featB, { version: '50', success: true, branch: 'main' });
    const body = {
      consumerVersionSelectors: [{ branch: 'main' }],
      providerVersionBranch: 'main',
      includePendingStatus: true,
      includeWipPactsSince: '2000-01-01',
    };

    const pacts = await pactsFor(provider, body);
    const wip = pacts.filter((p) => p.verificationProperties.wip);
    expect(versionsOf(pacts.filter((p) => !p.verificationProperties.wip))).toEqual([`${a.name}@1`]);
    expect(versionsOf(wip)).toEqual([`${a.name}@3`]);
    expect(wip.map(shaOf)).not.toContain(featOld.sha);
    expect(wip[0]!.verificationProperties.pending).toBe(true);
    expect(wip[0]!.verificationProperties.notices[0]!.text).toContain(
      `is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version of ${a.name} from branch 'feat-a'`,
    );
    expect(wip[0]!.verificationProperties.notices[1]!.text).toContain("because it was included as a 'work in progress' pact");
    expect(decodeVerificationMetadata(wip[0]!._links.self.href.split('/metadata/')[1]).wip).toBe(true);
  });

  test('a tag whose latest version has no pact for this provider contributes no WIP pact (PB for_all_tag_heads)', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await a.publishPact({ version: '1', provider, tags: ['feat-old'] });
    await a.createVersion('2', { tags: ['feat-old'] });
    await a.publishPact({ version: '3', provider, tags: ['feat-new'], variant: 'new' });
    const pacts = await pactsFor(provider, {
      consumerVersionSelectors: [{ tag: 'main', latest: true }],
      providerVersionTags: ['main'],
      includePendingStatus: true,
      includeWipPactsSince: '2000-01-01',
    });
    // feat-new's head (3) has a pact: WIP. feat-old's head (2) has none, so its older pact (1) is not WIP.
    expect(versionsOf(pacts.filter((p) => p.verificationProperties.wip))).toEqual([`${a.name}@3`]);
  });

  test('includes WIP pacts only when published on or after includeWipPactsSince', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await a.publishPact({ version: '1', provider, branch: 'feat-a' });
    const future = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const pacts = await pactsFor(provider, {
      consumerVersionSelectors: [{ branch: 'main' }],
      providerVersionBranch: 'main',
      includeWipPactsSince: future,
    });
    expect(pacts).toEqual([]);
  });

  test('a content already selected explicitly is not repeated as WIP', async () => {
    const a = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await a.publishPact({ version: '1', provider, branch: 'feat-a' });
    const pacts = await pactsFor(provider, {
      consumerVersionSelectors: [{ branch: 'feat-a' }],
      providerVersionBranch: 'main',
      includeWipPactsSince: '2000-01-01',
    });
    expect(pacts).toHaveLength(1);
    expect(pacts[0]!.verificationProperties.wip).toBeUndefined();
  });
});

describe('validation (PB consumer_version_selector_contract.rb)', () => {
  test.each([
    [
      'an empty selector',
      { consumerVersionSelectors: [{}] },
      'consumerVersionSelectors',
      /must specify a value for environment or tag or branch.*\(at index 0\)/,
    ],
    [
      'tag and branch',
      { consumerVersionSelectors: [{ tag: 'a', branch: 'b' }] },
      'consumerVersionSelectors',
      /cannot specify both a tag and a branch \(at index 0\)/,
    ],
    [
      'fallbackTag without latest',
      { consumerVersionSelectors: [{ tag: 'a', fallbackTag: 'b' }] },
      'consumerVersionSelectors',
      /fallbackTag can only be set if latest is true/,
    ],
    [
      'matchingBranch without providerVersionBranch',
      { consumerVersionSelectors: [{ matchingBranch: true }] },
      'consumerVersionSelectors',
      /the providerVersionBranch must be specified/,
    ],
    [
      'latest with environment',
      { consumerVersionSelectors: [{ latest: true, deployed: true }] },
      'consumerVersionSelectors',
      /cannot specify the field latest with the field deployed \(at index 0\)/,
    ],
    [
      'an unknown environment',
      { consumerVersionSelectors: [{ environment: 'nope-zz' }] },
      'consumerVersionSelectors',
      /environment with name 'nope-zz' does not exist \(at index 0\)/,
    ],
    [
      'blank providerVersionBranch with pending',
      { providerVersionBranch: '', includePendingStatus: true },
      'providerVersionBranch',
      /must not be an empty string/,
    ],
    ['a bad includeWipPactsSince', { includeWipPactsSince: 'yesterday-ish' }, 'includeWipPactsSince', /must be a date/],
  ])('rejects %s with 400 and field errors', async (_name, body, field, message) => {
    const provider = kit.pacticipant('api');
    await kit.pacticipant('web').publishPact({ version: '1', provider });
    const res = await forVerification(provider, body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors)).toEqual([field]);
    expect((res.body.errors as Record<string, string[]>)[field]!.join('\n')).toMatch(message);
  });
});
