import { describe, expect, it } from 'vitest';
import { handoutLines, type MockHttpServer } from '../../../mocks/http-server';

/** What the teacher reads out on start: the URLs attendees type. */
describe("the mock server's hand-out lines", () => {
  const started = {
    origin: 'http://192.168.1.20:4010',
    listening: 'http://0.0.0.0:4010',
    env: { appOrigins: ['http://localhost:5173'] },
  } as unknown as MockHttpServer;

  it('name the FHIR base, the clients, the redirect URIs and, when the app is served, the playground and the inspector', () => {
    const text = handoutLines(started, 'dist').join('\n');
    expect(text).toContain('http://192.168.1.20:4010/mock/smart/fhir');
    expect(text).toContain('playground-public');
    expect(text).toContain('http://192.168.1.20:4010/callback, http://localhost:5173/callback');
    expect(text).toContain('http://192.168.1.20:4010/inspect');
  });

  it('leave the pages out when only the mock servers run', () => {
    const text = handoutLines(started, false).join('\n');
    expect(text).not.toContain('/inspect');
    expect(text).toContain('/mock/smart/fhir');
  });
});
