import { describe, expect, test } from 'vitest';
import { displayNameOf, generateDisplayName } from './display-name.ts';

describe('generateDisplayName (the Pact Broker GenerateDisplayName rules)', () => {
  // The Pact Broker's own table (spec/lib/pact_broker/pacticipants/generate_display_name_spec.rb), plus the
  // environment names Treaty's users pick.
  test.each([
    ['foo', 'Foo'],
    ['MyService', 'My Service'],
    ['my-service', 'My Service'],
    ['my_service', 'My Service'],
    ['my service', 'My Service'],
    ['ABCService', 'ABC Service'],
    ['A4Service', 'A4 Service'],
    ['SNSPactEventConsumer', 'SNS Pact Event Consumer'],
    ['AWSSummiteerWeb', 'AWS Summiteer Web'],
    ['Beer-Consumer', 'Beer Consumer'],
    ['foo.pretend-consumer', 'Foo Pretend Consumer'],
    ['Client-XX', 'Client XX'],
    ['providerJSWorkshop', 'Provider JS Workshop'],
    ['e2e Provider Example', 'E2e Provider Example'],
    ['MP - Our Provider', 'MP - Our Provider'],
    ['PoC - Pact-broker-consumer', 'PoC - Pact Broker Consumer'],
    ['QB-DATABASE Service', 'QB DATABASE Service'],
    ['Support Species App (Provider)', 'Support Species App (Provider)'],
    ['9', '9'],
    ['', ''],
    ['order-service', 'Order Service'],
    ['production', 'Production'],
    ['prod-eu_west', 'Prod Eu West'],
    // Only every other separator is consumed by one pass, as in the Pact Broker; the word step joins the rest.
    ['a_b_c', 'A BC'],
    ['  padded  ', 'Padded'],
  ])('%j -> %j', (name, expected) => {
    expect(generateDisplayName(name)).toBe(expected);
  });
});

describe('displayNameOf', () => {
  test('keeps a display name that was given', () => {
    expect(displayNameOf({ name: 'prod', displayName: 'Production EU' })).toBe('Production EU');
  });
  test.each([null, undefined, '', '   '])('generates one from the name when the given one is %j', (displayName) => {
    expect(displayNameOf({ name: 'order-service', displayName })).toBe('Order Service');
  });
});
