import type { ComponentType } from 'react';
import type { FlowModule, SetupPanelProps } from './flow';
import type { SetupLinkSpec } from '../app/setup-link';

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
  /** Which set-up fields the flow page's URL carries (src/flows/<flow>/setup-link.ts). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  setupLink?: SetupLinkSpec<any>;
}

export const FLOWS: FlowEntry[] = [
  {
    id: 'ehr-launch',
    title: 'SMART EHR launch',
    summary:
      'An EHR opens the app with iss and launch. Discovery, PKCE, the code, the token with the patient in context, the id_token verified, FHIR reads, refresh.',
    tags: ['SMART App Launch 2.2', 'PKCE S256', 'OpenID Connect'],
    load: async () => {
      const [{ ehrLaunchModule }, { SmartSetupPanel }, { smartSetupLink }] = await Promise.all([
        import('./smart-launch/ehr-launch'),
        import('./smart-launch/SetupPanel'),
        import('./smart-launch/setup-link'),
      ]);
      return { module: ehrLaunchModule, SetupPanel: SmartSetupPanel, setupLink: smartSetupLink };
    },
  },
  {
    id: 'standalone-launch',
    title: 'SMART patient standalone launch',
    summary:
      'A patient opens the app and signs in at the authorization server; asked for launch/patient, the server puts that patient in context. Public or confidential client, v1 or v2 scopes.',
    tags: ['SMART App Launch 2.2', 'patient/ scopes', 'refresh'],
    load: async () => {
      const [{ standaloneLaunchModule }, { SmartSetupPanel }, { smartSetupLink }] = await Promise.all([
        import('./smart-launch/standalone-launch'),
        import('./smart-launch/SetupPanel'),
        import('./smart-launch/setup-link'),
      ]);
      return { module: standaloneLaunchModule, SetupPanel: SmartSetupPanel, setupLink: smartSetupLink };
    },
  },
  {
    id: 'provider-standalone-launch',
    title: 'SMART provider standalone launch',
    summary:
      'A clinician opens the app on their own with user/ scopes and launch/patient: the practitioner signs in, picks a patient at the authorization server, and fhirUser names the practitioner.',
    tags: ['SMART App Launch 2.2', 'user/ scopes', 'patient picker'],
    load: async () => {
      const [{ providerStandaloneLaunchModule }, { SmartSetupPanel }, { smartSetupLink }] = await Promise.all([
        import('./smart-launch/provider-standalone-launch'),
        import('./smart-launch/SetupPanel'),
        import('./smart-launch/setup-link'),
      ]);
      return { module: providerStandaloneLaunchModule, SetupPanel: SmartSetupPanel, setupLink: smartSetupLink };
    },
  },
  {
    id: 'backend-services',
    title: 'SMART Backend Services',
    summary: 'No user: a key made in the browser, a signed client assertion (private_key_jwt), client_credentials, a FHIR search and token introspection.',
    tags: ['RFC 7523', 'RS384 / ES384', 'RFC 7662'],
    load: async () => {
      const [{ backendServicesModule }, { SetupPanel }, { backendSetupLink }] = await Promise.all([
        import('./backend-services/index'),
        import('./backend-services/SetupPanel'),
        import('./backend-services/setup-link'),
      ]);
      return { module: backendServicesModule, SetupPanel, setupLink: backendSetupLink };
    },
  },
  {
    id: 'medmij-verzamelen',
    title: 'MedMij Verzamelen (PGO)',
    summary:
      'A personal health environment collects data from a care provider: the lists, DigiD with a SAML artifact, the 16+ check, consent, code, token and a FHIR request without a BSN.',
    tags: ['MedMij', 'DigiD SAML', 'NL / EN'],
    load: async () => {
      const [{ medmijModule }, { SetupPanel }, { medmijSetupLink }] = await Promise.all([
        import('./medmij/index'),
        import('./medmij/SetupPanel'),
        import('./medmij/setup-link'),
      ]);
      return { module: medmijModule, SetupPanel, setupLink: medmijSetupLink };
    },
  },
];

export function findFlow(id: string | undefined): FlowEntry | undefined {
  return FLOWS.find((f) => f.id === id);
}
