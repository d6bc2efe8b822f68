/**
 * The variable through which the test command (tests/run.ts) gives its test
 * modules one directory to share client builds in (see `withBundleCache` in
 * ./app.ts). Its own module so the runner does not load the app to read it.
 *
 * @module
 */

/** Names the run's shared client-build directory. */
export const BUNDLE_CACHE_ENV = "TEST_BUNDLE_CACHE_DIR";
