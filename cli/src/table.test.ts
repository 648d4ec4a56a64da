import { describe, expect, it } from 'vitest';
import { formatTable } from './table.ts';

describe('formatTable (the pact-broker CLI table_print layout)', () => {
  it('pads columns to the widest cell and draws the -|- rule', () => {
    expect(
      formatTable(
        ['CONSUMER', 'C.VERSION'],
        [
          ['order-service', '1'],
          ['a', '1.2.3.4.5.6.7'],
        ],
      ),
    ).toMatchInlineSnapshot(`
      "CONSUMER      | C.VERSION
      --------------|--------------
      order-service | 1
      a             | 1.2.3.4.5.6.7"
    `);
  });
});
