// What the app factory (app.ts), every route group, the GraphQL layer and the job worker receive: the
// parsed config, the database executor (store/db.ts) and the logger. A module of its own, so the layers
// that need the type do not import the app factory.
import type { AdmissionGate } from './admission.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Db } from './store/db.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  /** The built web UI served under /ui (default: the repository's web/dist). Browser tests build one of their own. */
  webUiDir?: string | undefined;
}

/** What every route group receives: the app's dependencies and the gate of expensive work (admission.ts) the app built. */
export type RouteDeps = AppDeps & { admission: AdmissionGate };
