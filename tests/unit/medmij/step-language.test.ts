import { describe, expect, it } from 'vitest';
import { inRunLanguage, StepFailure, type StepContext } from '../../../src/flows/flow';
import { medmijModule, type MedMijState } from '../../../src/flows/medmij/index';

const initial = medmijModule.initialState({ origin: 'http://localhost', mode: 'mock' });

describe('the MedMij flow speaks the language of its run', () => {
  it('two runs in two languages show their own step texts side by side (no shared language setting)', () => {
    const nl = inRunLanguage(medmijModule.definition, { ...initial, lang: 'nl' });
    const en = inRunLanguage(medmijModule.definition, { ...initial, lang: 'en' });
    expect(nl.steps[0].title).toBe('PGO Server biedt de keuze aan');
    expect(en.steps[0].title).toBe('The PGO Server offers the choice');
    expect(nl.steps[15].why).not.toContain('After MedMij');
    expect(en.steps[15].why).toContain('After MedMij');
    // Reading one never changes the other.
    expect(inRunLanguage(medmijModule.definition, { ...initial, lang: 'en' }).steps[0].title).toBe('The PGO Server offers the choice');
  });

  it("a step run before its producer names that step, in the run's language", async () => {
    const tokenRequest = medmijModule.definition.steps.find((s) => s.id === 'token-request')!;
    const state: MedMijState = { ...initial, lang: 'nl' };
    const ctx = {
      state,
      setState: () => undefined,
      fetch,
      recordRedirect: () => undefined,
      addArtifact: () => undefined,
      incomingUrl: undefined,
      origin: 'http://localhost',
    } as StepContext<MedMijState>;
    const error = await tokenRequest.run(ctx).then(
      () => undefined,
      (e: unknown) => (e instanceof StepFailure ? e.error : e),
    );
    expect(error).toMatchObject({ code: 'missing_previous_step', message: expect.stringContaining('PGO Server biedt de keuze aan') });
  });
});
