import type { FlowDefinition, FlowModule } from '../flow';
import { initialBackendState, type BackendState } from './state';
import { makeKey } from './steps/make-key';
import { register } from './steps/register';
import { discover } from './steps/discover';
import { buildAssertion } from './steps/build-assertion';
import { sign } from './steps/sign';
import { requestToken } from './steps/token';
import { searchPatients } from './steps/fhir-search';
import { introspectToken, introspectUnknown } from './steps/introspect';

/**
 * SMART Backend Services: a client with no user authenticates with a JWT signed
 * by its own private key (private_key_jwt, RFC 7523), gets a short-lived
 * client_credentials token for system/ scopes, uses it, and introspects it.
 */
const backendServicesFlow: FlowDefinition<BackendState> = {
  id: 'backend-services',
  title: 'SMART Backend Services',
  summary: 'No user: a key made in the browser, a signed client assertion (private_key_jwt), client_credentials, a FHIR search and token introspection.',
  steps: [makeKey, register, discover, buildAssertion, sign, requestToken, searchPatients, introspectToken, introspectUnknown],
};

export const backendServicesModule: FlowModule<BackendState> = {
  definition: backendServicesFlow,
  initialState: initialBackendState,
};

export type { BackendState } from './state';
