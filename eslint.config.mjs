// ESLint decides what is a defect, Prettier how code is laid out (eslint-config-prettier turns
// off the rules that would argue with it). typescript-eslint's recommended rules, without type
// information: fast enough to run over the whole repository in CI.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'data/',
      'libs/contracts/schemas/',
      '**/*.d.ts',
      'apps/api/src/metadata.ts',
      'libs/api-client/src/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    rules: {
      // `_`-prefixed parameters say "unused on purpose" (ports' signatures, callbacks).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // node10 module resolution ignores package "exports": these subpaths are required by name.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^mingo/', '^swagger-ui-dist$'] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.contract-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    // Tests build deliberately malformed input.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
