import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The domain core is pure: no I/O, no clock, no randomness, no HubSpot types (ARCHITECTURE.md).
// These rules enforce it; tests/domain/purity.test.ts checks the import graph as well.
const domainPurity = {
  files: ['src/domain/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^(?!\\./|\\.\\./|zod$)',
            message: 'src/domain is pure: import only other domain modules and zod.',
          },
          {
            regex: '^\\.\\./\\.\\./',
            message: 'src/domain must not import from outside src/domain.',
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      { name: 'process', message: 'The domain core reads no environment: take it as input.' },
      { name: 'fetch', message: 'The domain core does no I/O.' },
      { name: 'setTimeout', message: 'The domain core has no timers.' },
      { name: 'setInterval', message: 'The domain core has no timers.' },
      { name: 'console', message: 'The domain core does not log; return data.' },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
        message: 'The domain core has no clock: take `now` as a parameter.',
      },
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'The domain core has no clock: take `now` as a parameter.',
      },
      {
        selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
        message: 'The domain core has no randomness: take it as input.',
      },
    ],
  },
};

// Background jobs and CLI tools sit below the server: the server starts them and injects what they
// need (src/jobs/background.ts), and both share the wiring of src/runtime. Jobs never import the
// server, so the dependency points one way (tests/jobs/layering.test.ts checks the graph too).
const jobsBelowServer = {
  files: ['src/jobs/**/*.ts', 'src/runtime/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '(^|/)server/',
            message:
              'src/jobs and src/runtime must not import src/server: inject it, or move the shared part to src/runtime.',
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      'data/**',
      'dist/**',
      'build/**',
      'bench/results/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  domainPurity,
  jobsBelowServer,
);
