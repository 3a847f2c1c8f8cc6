import { describe, expect, it } from 'vitest';
import { scenarioSegment } from '../../../src/flows/medmij/exceptions';
import { decodeMedMijScenario } from '../../../mocks/medmij/scenario';
import { demoDigidAccounts } from '../../../mocks/public';

describe('the scenario a MedMij simulation is read under', () => {
  it('under 16: the mock preselects a DigiD account under 16, chosen by the mock', () => {
    const scenario = decodeMedMijScenario(scenarioSegment('under-16', ''));
    const account = demoDigidAccounts().find((a) => a.bsn === scenario.account);
    expect(account?.age).toBeLessThan(16);
    // The oldest one, so the run shows the limit (Emma, 15), not a small child.
    expect(account?.age).toBe(
      Math.max(
        ...demoDigidAccounts()
          .filter((a) => a.age < 16)
          .map((a) => a.age),
      ),
    );
  });

  it('under 16 wins over an account hint; otherwise the hint is preselected', () => {
    const adult = demoDigidAccounts().find((a) => a.age >= 16)!;
    expect(decodeMedMijScenario(scenarioSegment('under-16', adult.bsn)).account).not.toBe(adult.bsn);
    expect(decodeMedMijScenario(scenarioSegment('none', adult.bsn)).account).toBe(adult.bsn);
    expect(scenarioSegment('none', '')).toBeUndefined();
  });
});
