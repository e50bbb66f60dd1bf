import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { config as uiExtensionsConfig } from '@hubspot/eslint-config-ui-extensions';

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

// The local portal plays HubSpot; it never imports the backend it serves (src/server, src/jobs,
// src/store, src/hubspot, src/private, src/runtime), so it stays a stand-in the product talks to
// over HTTP only. One exception: src/hubspot/schema.ts, the pure mapping of the product's
// properties (src/domain) to HubSpot property definitions, which the demo seed uses to install
// the app's properties as the product would. tests/local-portal/boundary.test.ts checks the import
// graph as well. One block per folder depth, so `../server.ts` inside the local portal stays allowed.
const BACKEND_DIRS = '(server|jobs|store|private|runtime)';
const localPortalBoundary = [1, 2, 3, 4].map((depth) => ({
  files: [`src/local-portal/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(\\.\\./){${depth}}${BACKEND_DIRS}(/|\\.ts$|$)`,
            message: 'src/local-portal must not import the backend: talk to it over HTTP.',
          },
          {
            regex: `^(\\.\\./){${depth}}hubspot/(?!schema\\.ts$)`,
            message:
              'src/local-portal must not import the backend: only src/hubspot/schema.ts (a pure mapping) is allowed.',
          },
        ],
      },
    ],
  },
}));

// The extensions ship alone (HubSpot bundles only the project's srcDir): from src/ they may import
// the card-API contract and the domain's types, type-only, so the import is erased at build time.
const EXTENSION_FILES = ['extensions/**/*.ts', 'extensions/**/*.tsx'];
const extensionBoundary = {
  files: EXTENSION_FILES,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '/src/(?!domain/|contract/)',
            message:
              'extensions/ may import from src/ only the contract (src/contract) and the domain.',
          },
          {
            regex: '/src/(domain|contract)/',
            allowTypeImports: true,
            message:
              'extensions/ ship alone: import src/contract and src/domain with `import type`.',
          },
        ],
      },
    ],
  },
};

// Rooms a reader can hold in mind: no source file over 600 lines, no function over 150 (issue 11's
// limits; tests are left free, a long table of cases reads fine).
const sizeLimits = {
  files: ['src/**/*.{ts,tsx}', ...EXTENSION_FILES],
  rules: {
    'max-lines': ['error', { max: 600 }],
    'max-lines-per-function': ['error', { max: 150 }],
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
  sizeLimits,
  domainPurity,
  jobsBelowServer,
  ...localPortalBoundary,
  // React's rules of hooks (and the compiler's checks) for the cards, settings and app page.
  { ...reactHooks.configs.flat.recommended, files: EXTENSION_FILES },
  // HubSpot's own rules for UI extensions (no DOM, no browser storage, no native HTTP …).
  ...uiExtensionsConfig
    .filter((entry) => entry.rules)
    .map((entry) => ({ ...entry, files: EXTENSION_FILES })),
  extensionBoundary,
);
