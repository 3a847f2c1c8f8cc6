import type { ComponentType } from 'react';
import type { FlowModule, SetupPanelProps } from './flow';

/** One entry per flow: what the home page lists, and how to load the flow (a chunk of its own). */
export interface FlowEntry {
  id: string;
  title: string;
  summary: string;
  tags: string[];
  load(): Promise<LoadedFlow>;
}

export interface LoadedFlow {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  module: FlowModule<any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SetupPanel?: ComponentType<SetupPanelProps<any>>;
}

export const FLOWS: FlowEntry[] = [
  {
    id: 'ehr-launch',
    title: 'SMART EHR launch',
    summary:
      'An EHR opens the app with iss and launch. Discovery, PKCE, the code, the token with the patient in context, the id_token verified, FHIR reads, refresh.',
    tags: ['SMART App Launch 2.2', 'PKCE S256', 'OpenID Connect'],
    load: async () => {
      const [{ ehrLaunchModule }, { SmartSetupPanel }] = await Promise.all([import('./smart-launch/ehr-launch'), import('./smart-launch/SetupPanel')]);
      return { module: ehrLaunchModule, SetupPanel: SmartSetupPanel };
    },
  },
  {
    id: 'standalone-launch',
    title: 'SMART patient standalone launch',
    summary:
      'A patient opens the app and signs in at the authorization server; asked for launch/patient, the server puts that patient in context. Public or confidential client, v1 or v2 scopes.',
    tags: ['SMART App Launch 2.2', 'patient/ scopes', 'refresh'],
    load: async () => {
      const [{ standaloneLaunchModule }, { SmartSetupPanel }] = await Promise.all([
        import('./smart-launch/standalone-launch'),
        import('./smart-launch/SetupPanel'),
      ]);
      return { module: standaloneLaunchModule, SetupPanel: SmartSetupPanel };
    },
  },
  {
    id: 'provider-standalone-launch',
    title: 'SMART provider standalone launch',
    summary:
      'A clinician opens the app on their own with user/ scopes and launch/patient: the practitioner signs in, picks a patient at the authorization server, and fhirUser names the practitioner.',
    tags: ['SMART App Launch 2.2', 'user/ scopes', 'patient picker'],
    load: async () => {
      const [{ providerStandaloneLaunchModule }, { SmartSetupPanel }] = await Promise.all([
        import('./smart-launch/provider-standalone-launch'),
        import('./smart-launch/SetupPanel'),
      ]);
      return { module: providerStandaloneLaunchModule, SetupPanel: SmartSetupPanel };
    },
  },
  {
    id: 'backend-services',
    title: 'SMART Backend Services',
    summary: 'No user: a key made in the browser, a signed client assertion (private_key_jwt), client_credentials, a FHIR search and token introspection.',
    tags: ['RFC 7523', 'RS384 / ES384', 'RFC 7662'],
    load: async () => {
      const [{ backendServicesModule }, { SetupPanel }] = await Promise.all([import('./backend-services/index'), import('./backend-services/SetupPanel')]);
      return { module: backendServicesModule, SetupPanel };
    },
  },
  {
    id: 'medmij-verzamelen',
    title: 'MedMij Verzamelen (PGO)',
    summary:
      'A personal health environment collects data from a care provider: the lists, DigiD with a SAML artifact, the 16+ check, consent, code, token and a FHIR request without a BSN.',
    tags: ['MedMij', 'DigiD SAML', 'NL / EN'],
    load: async () => {
      const [{ medmijModule }, { SetupPanel }] = await Promise.all([import('./medmij/index'), import('./medmij/SetupPanel')]);
      return { module: medmijModule, SetupPanel };
    },
  },
];

export function findFlow(id: string | undefined): FlowEntry | undefined {
  return FLOWS.find((f) => f.id === id);
}
