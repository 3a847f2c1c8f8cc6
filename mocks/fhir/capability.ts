import type { SmartEndpoints } from '../smart-auth/endpoints';
import { searchParamsFor } from './search-params';

/** The resource types this server serves. */
export const RESOURCE_TYPES = ['Patient', 'Practitioner', 'Encounter', 'Observation', 'Condition', 'MedicationRequest', 'AllergyIntolerance', 'Group'] as const;

export const OAUTH_URIS = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';

/**
 * GET [base]/metadata: the CapabilityStatement, open without a token. Its
 * rest.security says the server is protected by SMART and where the OAuth
 * endpoints are (the oauth-uris extension), the way SMART 1.0 clients
 * discovered them before /.well-known/smart-configuration.
 * https://hl7.org/fhir/smart-app-launch/conformance.html
 */
export function capabilityStatement(endpoints: SmartEndpoints, date: string): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    id: 'health-oauth-playground',
    url: `${endpoints.fhirBase}/metadata`,
    name: 'HealthOAuthPlaygroundMockFhirServer',
    title: 'Health OAuth Playground mock FHIR server',
    status: 'active',
    experimental: true,
    date,
    publisher: 'Health OAuth Playground',
    description: 'A read-only FHIR R4 server with SMART scope and patient-compartment enforcement, for learning SMART App Launch and Backend Services.',
    kind: 'instance',
    software: { name: 'Health OAuth Playground mock FHIR server', version: '0.1.0' },
    implementation: { description: 'Mock FHIR R4 server (SMART protected)', url: endpoints.fhirBase },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Every interaction except metadata needs Authorization: Bearer <access token>.',
        security: {
          cors: true,
          service: [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR', display: 'SMART-on-FHIR' }],
              text: 'OAuth2 using SMART-on-FHIR profile (see https://hl7.org/fhir/smart-app-launch/)',
            },
          ],
          extension: [
            {
              url: OAUTH_URIS,
              extension: [
                { url: 'authorize', valueUri: endpoints.authorize },
                { url: 'token', valueUri: endpoints.token },
                { url: 'introspect', valueUri: endpoints.introspect },
                { url: 'register', valueUri: endpoints.register },
              ],
            },
          ],
          description: `SMART App Launch and SMART Backend Services. Discovery: ${endpoints.fhirBase}/.well-known/smart-configuration.`,
        },
        resource: RESOURCE_TYPES.map((type) => ({
          type,
          profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          versioning: 'no-version',
          readHistory: false,
          updateCreate: false,
          searchParam: searchParamsFor(type).map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
        })),
      },
    ],
  };
}
