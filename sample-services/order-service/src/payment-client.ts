// order-service's client for payment-service. It is the code under test in test/payment-client.pact.test.ts:
// the pact records exactly the requests this class sends and the parts of the responses it reads.

export interface ChargeRequest {
  order_id: string;
  amount_cents: number;
  currency: string;
  customer_id: string;
}

export interface Charge {
  payment_id: string;
  status: 'succeeded';
  amount_cents: number;
  currency: string;
  order_id: string;
}

/** A declined card is an expected outcome, not an error. */
export type ChargeResult = { ok: true; charge: Charge } | { ok: false; reason: 'declined'; message: string };

/** What orders.ts needs from payment-service; PaymentClient implements it over HTTP. */
export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  getCharge(paymentId: string): Promise<Charge | undefined>;
}

/** Why a call to payment-service failed. */
export const PaymentServiceErrorKind = {
  /** No answer within `timeoutMs`. */
  Timeout: 'timeout',
  /** Connection refused, DNS failure, reset... */
  Network: 'network',
  /** A status code this client does not expect (5xx, 400, 422...). */
  UnexpectedStatus: 'unexpected-status',
  /** An expected status with a body of the wrong shape. */
  InvalidResponse: 'invalid-response',
} as const;
export type PaymentServiceErrorKind = (typeof PaymentServiceErrorKind)[keyof typeof PaymentServiceErrorKind];

export class PaymentServiceError extends Error {
  override readonly name = 'PaymentServiceError';
  constructor(
    readonly kind: PaymentServiceErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface PaymentClientOptions {
  /** e.g. http://localhost:8081 */
  baseUrl: string;
  /** Per request; default 2000 ms. */
  timeoutMs?: number;
}

interface RawResponse {
  status: number;
  body: unknown;
}

export class PaymentClient implements PaymentGateway {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: PaymentClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const res = await this.send('POST', '/api/v1/charges', request);
    switch (res.status) {
      case 201:
        return { ok: true, charge: parseCharge(res.body) };
      case 402:
        return { ok: false, reason: 'declined', message: messageOf(res.body) ?? 'The card was declined.' };
      default:
        throw unexpectedStatus(res);
    }
  }

  async getCharge(paymentId: string): Promise<Charge | undefined> {
    const res = await this.send('GET', `/api/v1/charges/${encodeURIComponent(paymentId)}`);
    switch (res.status) {
      case 200:
        return parseCharge(res.body);
      case 404:
        return undefined;
      default:
        throw unexpectedStatus(res);
    }
  }

  private async send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<RawResponse> {
    const url = `${this.baseUrl}${path}`;
    let res: globalThis.Response;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'TimeoutError') {
        throw new PaymentServiceError('timeout', `${method} ${url} got no answer within ${this.timeoutMs} ms`, undefined, { cause });
      }
      throw new PaymentServiceError('network', `${method} ${url} failed: ${String(cause)}`, undefined, { cause });
    }
    const text = await res.text().catch(() => '');
    return { status: res.status, body: parseJson(text) };
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function unexpectedStatus(res: RawResponse): PaymentServiceError {
  const detail = messageOf(res.body);
  return new PaymentServiceError('unexpected-status', `payment-service answered ${res.status}${detail ? `: ${detail}` : ''}`, res.status);
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') return body.message;
  return undefined;
}

/** Checks the fields order-service relies on; anything else in the body is ignored (tolerant reader). */
export function parseCharge(body: unknown): Charge {
  const invalid = (why: string) => new PaymentServiceError('invalid-response', `payment-service sent an invalid charge: ${why}`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('not a JSON object');
  const fields = body as Record<string, unknown>;
  const text = (field: string): string => {
    const value = fields[field];
    if (typeof value !== 'string') throw invalid(`${field} is not a string`);
    return value;
  };
  const amount = fields.amount_cents;
  if (typeof amount !== 'number' || !Number.isInteger(amount)) throw invalid('amount_cents is not an integer');
  if (fields.status !== 'succeeded') throw invalid(`status is ${JSON.stringify(fields.status)}, expected "succeeded"`);
  return {
    payment_id: text('payment_id'),
    status: 'succeeded',
    amount_cents: amount,
    currency: text('currency'),
    order_id: text('order_id'),
  };
}
