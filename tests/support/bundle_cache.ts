/**
 * The variable through which the test command (tests/run.ts) gives its test
 * modules one directory for the run to share client builds (see
 * `withBundleCache` in ./app.ts) and PGlite template data directories (see
 * ./test_db.ts) in. Its own module so the runner does not load the app.
 *
 * @module
 */

/** Names the run's shared client-build directory. */
export const BUNDLE_CACHE_ENV = "TEST_BUNDLE_CACHE_DIR";
