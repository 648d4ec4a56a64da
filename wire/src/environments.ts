// Environments, deployed versions and released versions (Pact Broker >= 2.80 shapes).
import type { HalLink, HalResource } from './hal.ts';

export interface EnvironmentContact {
  name: string;
  details?: Record<string, string>;
}

export interface CreateEnvironmentRequest {
  name: string;
  displayName?: string;
  production: boolean;
  contacts?: EnvironmentContact[];
}

export interface EnvironmentBody extends HalResource {
  uuid: string;
  name: string;
  displayName?: string | null;
  production: boolean;
  contacts?: EnvironmentContact[];
  createdAt?: string;
}

/** GET /environments: the CLI finds an environment by `name` in the `pb:environments` link array. */
export interface EnvironmentsBody extends HalResource {
  _embedded?: { environments?: EnvironmentBody[] };
  /** `pb:environments` is an array of `{name, title, href}`, one per environment. */
  _links?: Record<string, HalLink | HalLink[]>;
}

export interface DeployedVersionBody extends HalResource {
  uuid: string;
  currentlyDeployed: boolean;
  applicationInstance?: string | null;
  /** Deprecated name of applicationInstance. */
  target?: string | null;
  undeployedAt?: string | null;
  createdAt?: string;
  _embedded?: { version?: { number: string }; pacticipant?: { name: string }; environment?: EnvironmentBody };
}

export interface ReleasedVersionBody extends HalResource {
  uuid: string;
  currentlySupported: boolean;
  supportEndedAt?: string | null;
  createdAt?: string;
  _embedded?: { version?: { number: string }; pacticipant?: { name: string }; environment?: EnvironmentBody };
}

export interface CurrentlyDeployedBody extends HalResource {
  _embedded?: { deployedVersions?: DeployedVersionBody[] };
}

export interface CurrentlySupportedBody extends HalResource {
  _embedded?: { releasedVersions?: ReleasedVersionBody[] };
}
