/**
 * The fault suite (`npm run test:faults`, test/faults/): servers killed and restarted under cases flowing through
 * the API, fuzzed input, the access table, logs read back. Same real servers as the main suite (its global setup);
 * each fault scenario starts its own Temporal, worker and API processes. FAULTS_FULL=1 runs it at full scale.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  testPathIgnorePatterns: [],
  testTimeout: 20 * 60_000,
};
