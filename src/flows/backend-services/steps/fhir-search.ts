import { defineStep, need } from '../../flow';
import type { BackendState } from '../state';
import { requestToken } from './token';
import { fetchJson } from '../../../protocol/http';
import { humanName } from '../../../protocol/fhir';
import { BACKEND_SPEC } from '../specs';
import { fieldText } from '../../../protocol/field-text';

export const searchPatients = defineStep<BackendState>({
  id: 'fhir-search',
  title: 'Search the FHIR server: Patient?_count=5',
  why: 'The token works like any other bearer token: the FHIR server checks it and its system/ scopes. A system scope reaches every patient the client is allowed to see, which is why backend clients are registered and vetted with care.',
  spec: [BACKEND_SPEC.bearer, BACKEND_SPEC.scopes],
  actors: ['backend-client', 'fhir-server'],
  channel: 'back-channel',
  carries: 'GET /Patient?_count=5 (Bearer)',
  async run(ctx) {
    const s = ctx.state;
    const token = need(s, 'accessToken', requestToken, 'the access token');
    const url = `${s.fhirBase.replace(/\/+$/, '')}/Patient?_count=5`;
    const { body } = await fetchJson(
      ctx.fetch,
      url,
      { method: 'GET', headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' } },
      'The Patient search',
      { source: 'resource' },
    );
    const entries = Array.isArray(body.entry) ? (body.entry as { resource?: Record<string, unknown> }[]) : [];
    const rows = entries
      .map((e) => e.resource)
      .filter((r): r is Record<string, unknown> => r !== undefined && r.resourceType === 'Patient')
      .map((r) => [fieldText(r.id), humanName(r), fieldText(r.gender), fieldText(r.birthDate)]);
    ctx.addArtifact({
      kind: 'table',
      label: `Patients (${rows.length}${typeof body.total === 'number' ? ` of ${body.total}` : ''})`,
      columns: ['id', 'name', 'gender', 'birthDate'],
      rows,
    });
    return { kind: 'done' };
  },
});
