/**
 * `npm run test:cluster`: the production topology (the Temporal server on PostgreSQL, two workers, two API copies),
 * started by the suite itself through lib/cluster.ts, as `npm run cluster` starts it.
 */
const base = require('./jest.config');

module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
  testTimeout: 600000,
  watchPathIgnorePatterns: base.watchPathIgnorePatterns,
  modulePathIgnorePatterns: base.modulePathIgnorePatterns,
};
