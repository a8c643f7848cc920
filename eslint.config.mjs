import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Workflow code runs in Temporal's deterministic sandbox: it may import only @temporalio/workflow,
// the shared definitions and activity *types*.
const workflowForbidden = [
  ...builtinModules.filter((name) => !name.startsWith('_')),
  'knex', 'pg', 'pdfkit', 'koa', '@koa/router', 'pino', 'jose',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.cache/**', '.data/**', 'coverage/**', 'test-results/**', 'web/dist/**', 'web/vite.config.mts', 'web/src/api/schema.d.ts', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...workflowForbidden.map((name) => ({ name, message: 'Not allowed in deterministic workflow code.' })),
          { name: '../documents', allowTypeImports: true, message: 'Import document types only; content builders from documents/content or documents/<process>.' },
        ],
        patterns: [
          { group: ['node:*'], message: 'Node built-ins are not allowed in workflow code.' },
          { group: ['../activities/*', '../activities'], allowTypeImports: true, message: 'Import activity types only.' },
          // Documents' content is pure (workflows build their requests); rendering (pdfkit) is the worker's.
          { group: ['../lib/*', '../db/*', '../api/*', '../documents/render', '../documents/index'], message: 'Worker-side code is not allowed in workflows.' },
        ],
      }],
    },
  },
);
