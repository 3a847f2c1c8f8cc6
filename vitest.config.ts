import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'src/**/*.test.ts', 'mocks/**/*.test.ts', 'tests/components/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
