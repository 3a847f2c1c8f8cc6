import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

// The module boundaries are an ESLint rule (eslint.config.js): these lint a one-line file placed
// where a real module sits and check that a crossing import is an error and an allowed one is not.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}eslint.config.js` });

async function boundaryErrors(filePath: string, importPath: string): Promise<string[]> {
  const [result] = await eslint.lintText(`export * from '${importPath}';\n`, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    ['src/protocol/http.ts', '../flows/flow'],
    ['src/protocol/http.ts', '../ui'],
    ['src/journal/recorder.ts', '../pages/InspectPage'],
    ['src/journal/recorder.ts', '../app/settings'],
    ['src/flows/smart-launch/state.ts', '../medmij/steps'],
    ['src/flows/medmij/steps.ts', '../backend-services/flow'],
    ['src/flows/backend-services/steps/token.ts', '../../smart-launch/state'],
    ['src/pages/InspectPage.tsx', '../../mocks/inspector/endpoint'],
    ['src/flows/medmij/steps.ts', '../../../mocks/medmij/list-hosts'],
  ])('%s may not import %s', async (file, importPath) => {
    expect(await boundaryErrors(file, importPath)).toHaveLength(1);
  });

  it.each([
    ['src/flows/medmij/steps.ts', '../../../mocks/public'],
    ['src/flows/medmij/steps.ts', '../../protocol/http'],
    ['src/flows/smart-launch/state.ts', '../flow'],
    ['src/protocol/http.ts', '../journal/types'],
    ['src/main.tsx', '../mocks/browser'],
    ['src/app/MockPages.tsx', '../../mocks/smart-auth/pages/routes'],
  ])('%s may import %s', async (file, importPath) => {
    expect(await boundaryErrors(file, importPath)).toEqual([]);
  });
});
