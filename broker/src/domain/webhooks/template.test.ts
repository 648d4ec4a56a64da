import { describe, expect, test } from 'vitest';
import {
  TemplateVariable,
  formUrlEncode,
  includesParameter,
  renderTemplate,
  renderWebhookRequest,
  renderWithPlaceholder,
  templateParameters,
  type TemplateVariableName,
  type WebhookTemplateData,
} from './template.ts';

const full: WebhookTemplateData = {
  eventName: 'provider_verification_published',
  pact: {
    consumerName: 'Foo Thing',
    providerName: 'Bar',
    consumerVersionNumber: '1.2.3',
    consumerVersionBranch: 'feat/x',
    consumerVersionTags: ['dev', 'prod'],
    url: 'http://broker/pacts/provider/Bar/consumer/Foo%20Thing/pact-version/abc',
  },
  verification: {
    success: false,
    url: 'http://broker/pacts/provider/Bar/consumer/Foo%20Thing/pact-version/abc/verification-results/7',
    providerVersionNumber: '4.5.6',
    providerVersionBranch: 'main',
    providerVersionTags: ['main'],
  },
  consumerLabels: ['team-a', 'web'],
  providerLabels: ['team-b'],
  buildUrl: 'https://ci/builds/9',
  currentlyDeployedProviderVersionNumber: '4.5.5',
  providerVersionDescriptions: ['main branch'],
};

// pact_broker webhooks/pact_and_verification_parameters.rb: one value per parameter.
describe('templateParameters (every ${pactbroker.*} variable)', () => {
  const expected: Record<TemplateVariableName, [withData: string, withoutPactOrVerification: string]> = {
    consumerName: ['Foo Thing', ''],
    providerName: ['Bar', ''],
    consumerVersionNumber: ['1.2.3', ''],
    providerVersionNumber: ['4.5.6', ''],
    consumerVersionBranch: ['feat/x', ''],
    providerVersionBranch: ['main', ''],
    consumerVersionTags: ['dev, prod', ''],
    providerVersionTags: ['main', ''],
    providerVersionDescriptions: ['main branch', ''],
    pactUrl: [full.pact!.url, ''],
    verificationResultUrl: [full.verification!.url, ''],
    githubVerificationStatus: ['failure', 'pending'],
    bitbucketVerificationStatus: ['FAILED', 'INPROGRESS'],
    azureDevOpsVerificationStatus: ['failed', 'pending'],
    gitlabVerificationStatus: ['failed', 'pending'],
    buildUrl: ['https://ci/builds/9', ''],
    eventName: ['provider_verification_published', 'contract_published'],
    consumerLabels: ['team-a, web', ''],
    providerLabels: ['team-b', ''],
    currentlyDeployedProviderVersionNumber: ['4.5.5', ''],
  };
  const withData = templateParameters(full);
  const empty = templateParameters({ eventName: 'contract_published' });

  test.each(Object.entries(expected))('%s', (name, [value, emptyValue]) => {
    const variable = name as TemplateVariableName;
    expect(withData[variable]).toBe(value);
    expect(empty[variable]).toBe(emptyValue);
    expect(renderTemplate(`<\${${TemplateVariable[variable]}}>`, withData)).toBe(`<${value}>`);
  });

  test('covers every declared variable', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(TemplateVariable).sort());
  });

  test.each([
    [true, 'success', 'SUCCESSFUL', 'succeeded', 'success'],
    [false, 'failure', 'FAILED', 'failed', 'failed'],
  ])('verification success=%s → github %s, bitbucket %s, azure %s, gitlab %s', (success, gh, bb, az, gl) => {
    const p = templateParameters({ ...full, verification: { ...full.verification!, success } });
    expect([
      p.githubVerificationStatus,
      p.bitbucketVerificationStatus,
      p.azureDevOpsVerificationStatus,
      p.gitlabVerificationStatus,
    ]).toEqual([gh, bb, az, gl]);
  });
});

describe('renderTemplate', () => {
  const params = templateParameters(full);
  test.each([
    [
      'several parameters, repeated',
      '${pactbroker.consumerName}/${pactbroker.consumerName}@${pactbroker.consumerVersionNumber}',
      'Foo Thing/Foo Thing@1.2.3',
    ],
    ['an unknown parameter is left as it is', 'x=${pactbroker.nope}', 'x=${pactbroker.nope}'],
    ['other ${...} syntax is untouched', '${env.HOME} ${pactbroker}', '${env.HOME} ${pactbroker}'],
    ['no parameters', 'plain', 'plain'],
  ])('%s', (_name, template, rendered) => {
    expect(renderTemplate(template, params)).toBe(rendered);
  });
});

describe('formUrlEncode (Ruby CGI.escape, which the Pact Broker applies to URL values only)', () => {
  test.each([
    ['Foo Thing', 'Foo+Thing'],
    ['a/b?c=d&e', 'a%2Fb%3Fc%3Dd%26e'],
    ["it's (*)!", 'it%27s+%28%2A%29%21'],
    ['keep-_.~', 'keep-_.~'],
    ['ünï', '%C3%BCn%C3%AF'],
  ])('%s → %s', (value, encoded) => expect(formUrlEncode(value)).toBe(encoded));
});

describe('renderWebhookRequest', () => {
  const params = templateParameters(full);
  const rendered = renderWebhookRequest(
    {
      method: 'post',
      url: 'https://ci.example.org/job?consumer=${pactbroker.consumerName}&tags=${pactbroker.consumerVersionTags}',
      headers: { 'X-Consumer': '${pactbroker.consumerName}', Authorization: 'Bearer abc' },
      body: { text: 'Pact ${pactbroker.consumerName} ${pactbroker.githubVerificationStatus}', url: '${pactbroker.pactUrl}' },
      username: '${pactbroker.providerName}-bot',
      password: 'pw',
    },
    params,
  );

  test('URL values are form-encoded; headers, body and credentials get raw values (Pact Broker rule)', () => {
    expect(rendered).toEqual({
      method: 'POST',
      url: 'https://ci.example.org/job?consumer=Foo+Thing&tags=dev%2C+prod',
      headers: { 'X-Consumer': 'Foo Thing', Authorization: 'Bearer abc' },
      body: JSON.stringify({ text: 'Pact Foo Thing failure', url: full.pact!.url }),
      username: 'Bar-bot',
      password: 'pw',
    });
  });

  test.each([
    ['a string body is sent as it is', '<xml>${pactbroker.providerName}</xml>', '<xml>Bar</xml>'],
    ['no body', undefined, undefined],
    ['a null body means no body', null, undefined],
    ['a JSON array body is serialised', ['${pactbroker.eventName}'], '["provider_verification_published"]'],
  ])('%s', (_name, body, expected) => {
    expect(renderWebhookRequest({ method: 'POST', url: 'https://x', headers: {}, body }, params).body).toBe(expected);
  });
});

describe('placeholders', () => {
  test('renderWithPlaceholder replaces every parameter, known or not', () => {
    expect(renderWithPlaceholder('https://${pactbroker.x}.org/${pactbroker.consumerName}')).toBe('https://placeholder.org/placeholder');
  });
  test.each([
    ['Bearer ${pactbroker.consumerName}', true],
    ['Bearer abc', false],
    ['${other.thing}', false],
  ])('includesParameter(%s) → %s', (text, expected) => expect(includesParameter(text)).toBe(expected));
});
