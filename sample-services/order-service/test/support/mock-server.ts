// Pact's mock server, used from consumer tests.

/**
 * Wraps an `executeTest` callback so that Pact's mock server has a moment to record the last request before
 * `executeTest` asks it what it received. Since @pact-foundation/pact 16.3, on a busy machine (CI running test
 * files in parallel) the mock server can answer a request and record the match only after the client already
 * has the response, and `executeTest` then reports "The following request was expected but not received" for a
 * request that was received (pact-foundation/pact-reference#535, pact-foundation/pact-js#1835). We saw it here
 * in about 1 run in 20 under load; with this pause, not at all.
 */
export function thenLetTheMockServerRecord<Server, T>(test: (mockServer: Server) => Promise<T>): (mockServer: Server) => Promise<T> {
  return async (mockServer) => {
    const result = await test(mockServer);
    await new Promise((resolve) => setTimeout(resolve, RECORDING_PAUSE_MS));
    return result;
  };
}

const RECORDING_PAUSE_MS = 50;
