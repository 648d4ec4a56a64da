/** A HAL link. Pact Broker clients substitute `{name}` placeholders themselves. */
export interface HalLink {
  href: string;
  title?: string;
  name?: string;
  templated?: boolean;
}

export type HalLinks = Record<string, HalLink | HalLink[]>;

export interface HalResource {
  _links?: HalLinks;
  _embedded?: Record<string, unknown>;
}

/** RFC 9457 problem details, as every Treaty error is returned. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /**
   * The Pact Broker's error shape, kept so its clients can print it: a map of field name to
   * messages for invalid fields, otherwise a list of messages.
   */
  errors?: Record<string, string[]> | string[];
}
