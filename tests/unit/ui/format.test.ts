import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../../src/flows/flow';
import type { StepRecord } from '../../../src/journal/types';
import {
  activeStepIndex,
  actorsInFlow,
  formatDuration,
  formatEpochSeconds,
  formatLocalDateTime,
  headerValue,
  httpStatusTone,
  observationValue,
  prettyBody,
  prettyXml,
  scopeGrants,
  splitCompactJwt,
  timeClaims,
} from '../../../src/ui/format';
import type { SequenceDiagramProps } from '../../../src/ui/SequenceDiagram';

describe('splitCompactJwt', () => {
  it('names the three parts of a signed token', () => {
    const parts = splitCompactJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwLWFubmEifQ.c2ln');
    expect(parts).toEqual([
      { role: 'header', text: 'eyJhbGciOiJSUzI1NiJ9' },
      { role: 'payload', text: 'eyJzdWIiOiJwLWFubmEifQ' },
      { role: 'signature', text: 'c2ln' },
    ]);
  });

  it('keeps an empty signature part of an unsigned token visible as a part', () => {
    expect(splitCompactJwt('aGVhZA.Ym9keQ.').map((p) => p.role)).toEqual(['header', 'payload', 'signature']);
  });

  it('names the five parts of an encrypted token and leaves anything else whole', () => {
    expect(splitCompactJwt('a.b.c.d.e').map((p) => p.role)).toEqual(['header', 'encrypted-key', 'iv', 'ciphertext', 'tag']);
    expect(splitCompactJwt('not-a-jwt')).toEqual([{ role: 'unknown', text: 'not-a-jwt' }]);
    expect(splitCompactJwt('a.b')).toEqual([{ role: 'unknown', text: 'a.b' }]);
  });
});

describe('time formatting', () => {
  it('shows a date in local time as YYYY-MM-DD HH:mm:ss', () => {
    expect(formatLocalDateTime(new Date(2025, 0, 2, 3, 4, 5))).toBe('2025-01-02 03:04:05');
    expect(formatLocalDateTime(new Date(2024, 11, 31, 23, 59, 59))).toBe('2024-12-31 23:59:59');
    expect(formatLocalDateTime(new Date(Number.NaN))).toBe('invalid date');
  });

  it('reads a NumericDate as seconds, not milliseconds', () => {
    const local = new Date(2030, 5, 15, 12, 30, 0);
    expect(formatEpochSeconds(local.getTime() / 1000)).toBe('2030-06-15 12:30:00');
  });

  it('lists only the numeric time claims of a payload', () => {
    const iat = new Date(2030, 5, 15, 12, 0, 0).getTime() / 1000;
    const claims = timeClaims({ iss: 'x', iat, exp: iat + 300, nbf: 'soon', auth_time: iat - 60 });
    expect(claims.map((c) => [c.name, c.local])).toEqual([
      ['iat', '2030-06-15 12:00:00'],
      ['auth_time', '2030-06-15 11:59:00'],
      ['exp', '2030-06-15 12:05:00'],
    ]);
  });

  it('says durations the way people say them', () => {
    expect(formatDuration(42.4)).toBe('42 ms');
    expect(formatDuration(1500)).toBe('1 s');
    expect(formatDuration(303_000)).toBe('5 min 3 s');
    expect(formatDuration(900_000)).toBe('15 min');
    expect(formatDuration(7_800_000)).toBe('2 h 10 min');
    expect(formatDuration(100_800_000)).toBe('1 d 4 h');
  });
});

describe('prettyBody', () => {
  it('indents JSON, also when the server calls it text/plain', () => {
    expect(prettyBody('{"a":1}', 'application/json')).toEqual({ kind: 'json', text: '{\n  "a": 1\n}' });
    expect(prettyBody('[1]', 'text/plain')).toEqual({ kind: 'json', text: '[\n  1\n]' });
  });

  it('decodes a form body into its fields', () => {
    expect(prettyBody('grant_type=authorization_code&redirect_uri=http%3A%2F%2Fa%2Fcb&scope=a+b', 'application/x-www-form-urlencoded;charset=UTF-8')).toEqual({
      kind: 'form',
      params: [
        ['grant_type', 'authorization_code'],
        ['redirect_uri', 'http://a/cb'],
        ['scope', 'a b'],
      ],
    });
  });

  it('keeps broken JSON, HTML and missing bodies as they are', () => {
    expect(prettyBody('{"a":', 'application/json')).toEqual({ kind: 'text', text: '{"a":' });
    expect(prettyBody('<html><body>x</body></html>', 'text/html')).toEqual({ kind: 'text', text: '<html><body>x</body></html>' });
    expect(prettyBody(undefined, 'application/json')).toEqual({ kind: 'empty' });
    expect(prettyBody('', undefined)).toEqual({ kind: 'empty' });
  });

  it('recognises XML by type or by its declaration', () => {
    expect(prettyBody('<a><b>1</b></a>', 'application/soap+xml').kind).toBe('xml');
    expect(prettyBody('<?xml version="1.0"?><a/>', undefined).kind).toBe('xml');
  });
});

describe('prettyXml', () => {
  it('puts each element on its own line and keeps short text inline', () => {
    const xml =
      '<?xml version="1.0"?><Zorgaanbiederslijst><Tijdstempel>2025-01-01T00:00:00Z</Tijdstempel><Volgnummer>7</Volgnummer><Leeg/><Empty></Empty></Zorgaanbiederslijst>';
    expect(prettyXml(xml)).toBe(
      [
        '<?xml version="1.0"?>',
        '<Zorgaanbiederslijst>',
        '  <Tijdstempel>2025-01-01T00:00:00Z</Tijdstempel>',
        '  <Volgnummer>7</Volgnummer>',
        '  <Leeg/>',
        '  <Empty></Empty>',
        '</Zorgaanbiederslijst>',
      ].join('\n'),
    );
  });

  it('re-indents XML that already has whitespace, and keeps attributes intact', () => {
    const xml = '<s:Envelope xmlns:s="urn:x">\n    <s:Body>\n <a id="1">v</a>\n</s:Body></s:Envelope>';
    expect(prettyXml(xml)).toBe('<s:Envelope xmlns:s="urn:x">\n  <s:Body>\n    <a id="1">v</a>\n  </s:Body>\n</s:Envelope>');
  });
});

describe('headers and statuses', () => {
  it('finds a header whatever its case', () => {
    expect(headerValue([['Content-Type', 'application/json']], 'content-type')).toBe('application/json');
    expect(headerValue([], 'content-type')).toBeUndefined();
  });

  it('tells success, redirect, client and server errors apart', () => {
    expect([200, 302, 400, 401, 500, 101].map(httpStatusTone)).toEqual(['ok', 'redirect', 'client-error', 'client-error', 'server-error', 'info']);
  });
});

describe('scopeGrants', () => {
  it('marks each scope granted, not granted, or added by the server', () => {
    expect(scopeGrants(['openid', 'patient/Observation.rs', 'offline_access'], ['openid', 'patient/Observation.rs', 'launch/patient'])).toEqual([
      { scope: 'openid', grant: 'granted' },
      { scope: 'patient/Observation.rs', grant: 'granted' },
      { scope: 'offline_access', grant: 'not-granted' },
      { scope: 'launch/patient', grant: 'added' },
    ]);
  });
});

describe('steps and lanes', () => {
  const record = (id: string, kind: 'pending' | 'running' | 'done' | 'failed'): StepRecord => ({
    id,
    status:
      kind === 'pending'
        ? { kind }
        : kind === 'running'
          ? { kind, startedAt: 't' }
          : kind === 'done'
            ? { kind, finishedAt: 't' }
            : { kind, finishedAt: 't', error: { code: 'network', message: 'm', hint: 'h' } },
    exchanges: [],
    artifacts: [],
  });

  it('highlights the running step, else the failed one, else the next pending one', () => {
    expect(activeStepIndex([record('a', 'done'), record('b', 'running'), record('c', 'pending')])).toBe(1);
    expect(activeStepIndex([record('a', 'done'), record('b', 'failed'), record('c', 'pending')])).toBe(1);
    expect(activeStepIndex([record('a', 'done'), record('b', 'pending'), record('c', 'pending')])).toBe(1);
    expect(activeStepIndex([record('a', 'done'), record('b', 'done')])).toBe(-1);
  });

  it('draws one lane per actor the flow uses, in a fixed order', () => {
    const flow: FlowDefinition<{ code?: string }> = {
      id: 'f',
      title: 'F',
      summary: '',
      steps: [
        { id: 'token', title: 'Token', why: '', spec: [], actors: ['app', 'auth-server'], channel: 'back-channel', run: async () => ({ kind: 'done' }) },
        { id: 'redirect', title: 'Go', why: '', spec: [], actors: ['browser', 'app'], channel: 'front-channel', run: async () => ({ kind: 'done' }) },
      ],
    };
    // A flow of any state type fits the diagram's props.
    const props: SequenceDiagramProps = { definition: flow, records: [] };
    expect(actorsInFlow(props.definition.steps)).toEqual(['browser', 'app', 'auth-server']);
  });
});

describe('observationValue', () => {
  const loinc = (code: string, display: string) => ({ coding: [{ system: 'http://loinc.org', code, display }] });
  const mmHg = (value: number) => ({ value, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' });

  it('shows a blood pressure panel as systolic/diastolic', () => {
    const bp = {
      resourceType: 'Observation',
      code: { ...loinc('85354-9', 'Blood pressure panel with all children optional'), text: 'Blood pressure' },
      component: [
        { code: loinc('8480-6', 'Systolic blood pressure'), valueQuantity: mmHg(120) },
        { code: loinc('8462-4', 'Diastolic blood pressure'), valueQuantity: mmHg(80) },
      ],
    };
    expect(observationValue(bp)).toBe('120/80 mmHg');
  });

  it('reads the pair in systolic/diastolic order whatever order the components come in', () => {
    const bp = {
      component: [
        { code: loinc('8462-4', 'Diastolic blood pressure'), valueQuantity: mmHg(85) },
        { code: loinc('8480-6', 'Systolic blood pressure'), valueQuantity: mmHg(135) },
      ],
    };
    expect(observationValue(bp)).toBe('135/85 mmHg');
  });

  it('lists other components one by one, with their names', () => {
    const panel = {
      component: [
        { code: { text: 'Heart rate' }, valueQuantity: { value: 72, unit: '/min' } },
        { code: loinc('8480-6', 'Systolic blood pressure'), valueQuantity: mmHg(118) },
        { code: { text: 'Rhythm' }, valueString: 'regular' },
      ],
    };
    expect(observationValue(panel)).toBe('Heart rate 72 /min; Systolic blood pressure 118 mmHg; Rhythm regular');
  });

  it('shows a plain quantity, a coded value, text and a missing value', () => {
    expect(observationValue({ valueQuantity: { value: 72.5, unit: 'kg' } })).toBe('72.5 kg');
    expect(observationValue({ valueQuantity: { value: 7, code: '/min' } })).toBe('7 /min');
    expect(observationValue({ valueCodeableConcept: { coding: [{ display: 'Positive' }] } })).toBe('Positive');
    expect(observationValue({ valueString: 'see report' })).toBe('see report');
    expect(observationValue({ valueBoolean: false })).toBe('false');
    expect(observationValue({ dataAbsentReason: { text: 'Patient refused' } })).toBe('(no value: Patient refused)');
    expect(observationValue({})).toBe('');
  });
});
