import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Module boundaries. An import path is matched as written (relative), so each regex names the
// folder a file may not reach from where it sits. ESLint uses the last matching block's options
// for a rule, so a folder's block repeats the rules of the folders it is in.
const mocksInsides = {
  // The app sees the mock servers only through mocks/public, plus the lazy entries: the worker
  // (mocks/browser, loaded by main.tsx) and the mock pages' routes (loaded by app/MockPages.tsx).
  regex: '(^|/)mocks/(?!(public|browser|[a-z-]+/pages/routes|core/pages/page-env)$)',
  message: 'The app reaches the mock servers only through mocks/public (or the lazy entries mocks/browser and mocks/*/pages/routes).',
};
const appLayers = {
  regex: '^(\\.\\./)+(flows|ui|pages|app)(/|$)',
  message: 'Protocol helpers and the journal are below the flows and the UI: they import nothing from src/flows, src/ui, src/pages or src/app.',
};
const otherFlow = (flow) => ({
  regex: `^(\\.\\./)+(${['smart-launch', 'backend-services', 'medmij'].filter((f) => f !== flow).join('|')})(/|$)`,
  message: 'A flow does not import another flow: share through src/flows/*.ts, src/protocol or src/journal.',
});
const boundaries = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'public/mockServiceWorker.js', 'test-results', 'test-results-*', 'playwright-report', 'node_modules', '.bench'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  // TypeScript files are linted with their types (tsconfig.json's program); the few JS files (this config, scripts) without.
  { files: ['**/*.{ts,tsx}'], languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  { files: ['**/*.{js,mjs}'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      // A step's run, a store's methods and a mock server's handlers are async without an await where the interface wants a
      // Promise: async turns a throw into a rejection, which the caller handles as it handles any failed step or request.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read JSON answers (`await res.json()`, any) and assert on their fields with expect, which is the check;
    // typing every answer in the tests is left to do: 379 warnings when this was turned on.
    files: ['tests/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'warn',
      '@typescript-eslint/no-unsafe-assignment': 'warn',
      '@typescript-eslint/no-unsafe-argument': 'warn',
      '@typescript-eslint/no-unsafe-call': 'warn',
      '@typescript-eslint/no-unsafe-return': 'warn',
      // Fake fetches stringify what the test hands them (a URL, a string body); 5 warnings when this was turned on.
      '@typescript-eslint/no-base-to-string': 'warn',
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/**/*.{ts,tsx}'], rules: boundaries(mocksInsides) },
  { files: ['src/protocol/**/*.{ts,tsx}', 'src/journal/**/*.{ts,tsx}'], rules: boundaries(mocksInsides, appLayers) },
  ...['smart-launch', 'backend-services', 'medmij'].map((flow) => ({
    files: [`src/flows/${flow}/**/*.{ts,tsx}`],
    rules: boundaries(mocksInsides, otherFlow(flow)),
  })),
);
