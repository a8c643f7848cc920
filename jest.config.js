/** Tests run against real servers started once by test/global-setup.ts (PostgreSQL, the Temporal dev server). */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'], // their own suite: jest.faults.config.js
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120000,
  watchPathIgnorePatterns: ['<rootDir>/.data', '<rootDir>/.cache'],
  modulePathIgnorePatterns: ['<rootDir>/.data', '<rootDir>/.cache'],
};
