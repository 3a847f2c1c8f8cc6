import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeMocks } from '../../mocks/node';
import type { Simulation } from '../../src/flows/medmij/exceptions';
import { outcome, runMedMijFlow } from '../unit/medmij/helpers/run-flow';
import { inRunLanguage } from '../../src/flows/flow';

const ORIGIN = 'http://localhost';
const mocks = createNodeMocks();
beforeAll(() => mocks.msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => mocks.msw.close());

describe('MedMij Verzamelen under msw/node, driven by the flow runner', () => {
  it('happy path: 16 steps done, lab results in a Bundle without a BSN', async () => {
    const runner = await runMedMijFlow(ORIGIN, {});
    expect(outcome(runner).phase).toBe('finished');
    const journal = runner.current;
    expect(journal.steps).toHaveLength(16);
    expect(runner.definition.steps.map((s) => s.number)).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1)));
    const answer = runner.state.resourceAnswer!;
    const bundle = JSON.parse(answer.body);
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry.some((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Observation')).toBe(true);
    const checks = journal.steps[14].artifacts.find((a) => a.kind === 'checks');
    expect(checks && checks.kind === 'checks' && checks.checks.every((c) => c.ok)).toBe(true);
    // Step 6 recomputes the artifact's SourceID itself.
    const artifactChecks = journal.steps[5].artifacts.find((a) => a.kind === 'checks');
    expect(artifactChecks && artifactChecks.kind === 'checks' && artifactChecks.checks.every((c) => c.ok)).toBe(true);
  });

  it('2.x scope, Dutch, another zorgaanbieder and gegevensdienst', async () => {
    const runner = await runMedMijFlow(
      ORIGIN,
      { lang: 'nl', scopeForm: '2.x', zorgaanbieder: 'apotheekdelinde@medmij', gegevensdienst: '2' },
      { username: 'test-bram' },
    );
    expect(outcome(runner).phase).toBe('finished');
    expect(runner.state.scope).toBe('apotheekdelinde~2');
    // The page shows the steps in the run's language.
    expect(inRunLanguage(runner.definition, runner.state).steps[0].title).toBe('PGO Server biedt de keuze aan');
  });

  const natural: [string, Parameters<typeof runMedMijFlow>[2], string, string, string?][] = [
    ['an under-16 DigiD account (Emma, 15)', { username: 'test-emma' }, '8', 'access_denied', 'No such resources.'],
    ['an adult without data at this zorgaanbieder (Iris)', { username: 'test-iris' }, '8', 'access_denied', 'No such resources.'],
    ['Annuleren at DigiD', { cancel: true }, '7', 'unauthorized_client'],
    ['Weigeren at the consent question', { consent: 'deny' }, '9', 'access_denied', 'Authorization denied.'],
  ];
  for (const [name, user, step, code, description] of natural) {
    it(`${name} ends at step ${step} with ${code}`, async () => {
      const result = outcome(await runMedMijFlow(ORIGIN, {}, user));
      expect(result).toMatchObject({ phase: 'failed', step, error: { code } });
      if (description) expect(result.error?.cause).toContain(description);
    });
  }

  const simulated: [Simulation, string, string, string?][] = [
    ['authorize-invalid-request', '3', 'invalid_request'],
    ['digid-cancel', '7', 'unauthorized_client'],
    ['digid-fail', '7', 'unauthorized_client'],
    ['no-data', '8', 'access_denied', 'No such resources.'],
    ['consent-deny', '9', 'access_denied', 'Authorization denied.'],
    ['consent-undecidable', '9', 'access_denied', 'Authorization failed.'],
    ['token-invalid-request', '13', 'invalid_request'],
    ['token-invalid-client', '13', 'invalid_client'],
    ['token-invalid-grant', '13', 'invalid_grant'],
    ['token-unauthorized-client', '13', 'unauthorized_client'],
    ['token-unsupported-grant-type', '13', 'unsupported_grant_type'],
    ['token-invalid-scope', '13', 'invalid_scope'],
  ];
  for (const [simulate, step, code, description] of simulated) {
    it(`simulated ${simulate} ends at step ${step} with ${code}`, async () => {
      const result = outcome(await runMedMijFlow(ORIGIN, { simulate }));
      expect(result).toMatchObject({ phase: 'failed', step, error: { code } });
      if (description) expect(result.error?.cause).toContain(description);
    });
  }

  describe('RFC 6749 §10.12: the state is compared on every return, error or code, before anything in it is read', () => {
    const withState = (state: string | null) => (callback: string) => {
      const url = new URL(callback);
      if (state === null) url.searchParams.delete('state');
      else url.searchParams.set('state', state);
      return url.href;
    };
    const returns: [string, Parameters<typeof runMedMijFlow>[2], (callback: string) => string, RegExp][] = [
      ['an access_denied return with a forged state', { username: 'test-emma' }, withState('forged-by-someone-else'), /access_denied/],
      ['an access_denied return without a state', { username: 'test-emma' }, withState(null), /access_denied/],
      ['an unauthorized_client return (DigiD cancelled) with a forged state', { cancel: true }, withState('forged'), /unauthorized_client/],
      [
        'an error planted without any authorization',
        {},
        () => `${ORIGIN}/callback?error=access_denied&error_description=Authorization+denied.&state=forged`,
        /access_denied/,
      ],
      ['a code return with a forged state', {}, withState('forged'), /code/],
    ];
    for (const [name, user, arrives, carried] of returns) {
      it(`${name} is a CSRF finding, not the answer it carries`, async () => {
        const result = outcome(await runMedMijFlow(ORIGIN, {}, user, undefined, arrives));
        expect(result).toMatchObject({ phase: 'failed', error: { code: 'state_mismatch' } });
        expect(result.error!.message).toMatch(/CSRF/);
        expect(result.error!.message).toMatch(carried);
        expect(result.error!.hint).toMatch(/start again/i);
        expect(result.error!.spec?.url).toContain('#section-10.12');
      });
    }

    it('in Dutch too', async () => {
      const result = outcome(await runMedMijFlow(ORIGIN, { lang: 'nl' }, { username: 'test-emma' }, undefined, withState('vervalst')));
      expect(result.error).toMatchObject({ code: 'state_mismatch' });
      expect(result.error!.message).toMatch(/CSRF/);
      expect(result.error!.message).toMatch(/niet/);
    });
  });

  it('simulated under 16 (Emma preselected at DigiD), logging in as her, ends at step 8', async () => {
    const result = outcome(await runMedMijFlow(ORIGIN, { simulate: 'under-16' }, { username: 'test-emma' }));
    expect(result).toMatchObject({ step: '8', error: { code: 'access_denied' } });
  });
});
