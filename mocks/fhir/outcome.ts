import { json } from '../core/server';

/**
 * OperationOutcome: how a FHIR server says what went wrong. Every error the
 * mock answers carries one, with diagnostics that say what failed and how to fix it.
 * https://hl7.org/fhir/R4/operationoutcome.html
 */

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';
/** The subset of http://hl7.org/fhir/issue-type codes this server uses. */
type IssueCode =
  'invalid' | 'structure' | 'value' | 'security' | 'login' | 'unknown' | 'expired' | 'forbidden' | 'not-supported' | 'not-found' | 'informational';

export interface Issue {
  severity: IssueSeverity;
  code: IssueCode;
  diagnostics: string;
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: Issue[];
}

export function operationOutcome(...issues: Issue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export function fhirJson(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', FHIR_JSON);
  return json(body, { ...init, headers });
}

export function outcomeResponse(status: number, issue: Omit<Issue, 'severity'> & { severity?: IssueSeverity }, headers?: HeadersInit): Response {
  return fhirJson(operationOutcome({ severity: 'error', ...issue }), { status, headers });
}

/** RFC 6750 §3: quoted auth-param values may not hold `"` or `\`. */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "'")}"`;
}

/** `Bearer realm="...", error="...", error_description="..."` (RFC 6750 §3). */
export function bearerChallenge(realm: string, params: Record<string, string | undefined>): string {
  const parts = [`realm=${quote(realm)}`];
  for (const [k, v] of Object.entries(params)) if (v !== undefined) parts.push(`${k}=${quote(v)}`);
  return `Bearer ${parts.join(', ')}`;
}
