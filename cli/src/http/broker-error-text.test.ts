import { describe, expect, it } from 'vitest';
import { brokerErrorText } from './broker-error-text.ts';

describe('brokerErrorText', () => {
  it('prints problem+json as "title: detail" (Treaty)', () => {
    const body = {
      type: 'https://treaty.dev/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No pacticipant named Foo. Publish a pact for it first.',
      errors: ['No pacticipant named Foo. Publish a pact for it first.'],
    };
    expect(brokerErrorText(404, 'Not Found', body)).toBe('Not found: No pacticipant named Foo. Publish a pact for it first.');
  });

  it('adds field errors that the detail does not already say', () => {
    const body = {
      title: 'Validation failed',
      status: 400,
      detail: 'The request has 2 invalid fields.',
      errors: { name: ['must not contain spaces'], production: ['must be a boolean'] },
    };
    expect(brokerErrorText(400, 'Bad Request', body)).toMatchInlineSnapshot(`
      "Validation failed: The request has 2 invalid fields.
        name: must not contain spaces
        production: must be a boolean"
    `);
  });

  it('prints the Pact Broker legacy {errors} hash and array shapes', () => {
    expect(brokerErrorText(400, 'Bad Request', { errors: { pacticipantVersionNumber: ["can't be blank"] } })).toBe(
      "HTTP 400 Bad Request: pacticipantVersionNumber: can't be blank",
    );
    expect(brokerErrorText(400, 'Bad Request', { errors: ['Pacticipant Wiffle not found', 'Pacticipant Meep not found'] })).toBe(
      'HTTP 400 Bad Request: Pacticipant Wiffle not found\n  Pacticipant Meep not found',
    );
  });

  it('keeps the notices of a publish conflict (they carry the diff)', () => {
    const body = {
      title: 'Conflict',
      detail: 'Cannot change the content of the pact for Foo version 1.',
      notices: [{ type: 'error', text: '- "a": 1\n+ "a": 2' }],
    };
    expect(brokerErrorText(409, 'Conflict', body)).toContain('+ "a": 2');
  });

  it('reduces an HTML error page from a proxy to its text', () => {
    expect(brokerErrorText(502, 'Bad Gateway', '<html><body><h1>502 Bad Gateway</h1></body></html>')).toBe(
      'HTTP 502 Bad Gateway: 502 Bad Gateway',
    );
  });
});
