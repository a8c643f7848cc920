/** Tests run against real servers started once by test/global-setup.ts (PostgreSQL, the Temporal dev server). */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The cluster and fault suites start their own processes: `npm run test:cluster`, `npm run test:faults`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/', '<rootDir>/test/faults/'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120000,
  watchPathIgnorePatterns: ['<rootDir>/.data', '<rootDir>/.cache'],
  modulePathIgnorePatterns: ['<rootDir>/.data', '<rootDir>/.cache'],
};
