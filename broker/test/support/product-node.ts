// The Node binary the tests start Treaty's own processes with (the broker, the `treaty` CLI): the test
// runner's Node unless TREATY_TEST_NODE names another. vitest 5 itself needs Node 22.12 or newer, while the
// broker and the CLI still run on Node 20.19; .ci/run runs the runner on Node 24 with TREATY_TEST_NODE set
// to the machine's Node to check that.
export const productNode: string = process.env.TREATY_TEST_NODE || process.execPath;
