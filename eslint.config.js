// ESLint flat config. `npm run lint` = `eslint .`
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const CORE_BOUNDARY =
  'src/core is the renderer-free simulation (see DESIGN.md): it must run unchanged in Node and in a Web Worker.';

export default defineConfig([
  globalIgnores([
    '**/dist/',
    '.dist-*/',
    '.scratch-helper/',
    '**/node_modules/',
    'test-results/',
    'playwright-report/',
    '.reports/',
    'coverage/',
  ]),

  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },

  // Node-side code: CLI, tests, bench, scripts, configs, e2e.
  {
    files: [
      'src/cli/**',
      'src/**/*.test.ts',
      'conformance/**',
      'bench/**',
      'scripts/**',
      'e2e/**',
      '*.{js,mjs,cjs,ts,mts,cts}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },

  // The browser app.
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser } },
  },

  // The core: no renderer, no DOM, no Node built-ins, no `any`.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(react|react-dom|zustand|codemirror)(/.*)?$',
              message: `No UI library in core. ${CORE_BOUNDARY}`,
            },
            {
              regex: '^@(xyflow|codemirror)/',
              message: `No UI library in core. ${CORE_BOUNDARY}`,
            },
            {
              regex: '^(\\.\\./)+(ui|cli)(/|$)',
              message: `Core must not import from the layers above it. ${CORE_BOUNDARY}`,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'fetch', 'XMLHttpRequest'].map(
          (name) => ({ name, message: `No browser API in core. ${CORE_BOUNDARY}` }),
        ),
        ...['process', 'Buffer', 'require', '__dirname', '__filename'].map((name) => ({
          name,
          message: `No Node API in core. ${CORE_BOUNDARY}`,
        })),
      ],
    },
  },
  // Core sources (not their tests) must not import Node built-ins either.
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value=/^node:|^(fs|path|os|crypto|child_process|url|util|buffer|process)(\\/.*)?$/]",
          message: `No Node built-in in core sources (tests may use them). ${CORE_BOUNDARY}`,
        },
      ],
    },
  },
  // Core tests may use Node (fixtures on disk), but not the DOM.
  {
    files: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'fetch'].map((name) => ({
          name,
          message: `No browser API in core tests. ${CORE_BOUNDARY}`,
        })),
      ],
    },
  },
]);
