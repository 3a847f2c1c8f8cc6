/** Spec helpers shared by the flows: one function per protocol step, failures as StepFailure with a clear StepError. */
export * from './errors';
export * from './error-codes';
export * from './step-failure';
export * from './http';
export * from './discovery';
export * from './pkce';
export * from './state';
export * from './scopes';
export * from './jwt';
export { SPEC } from './specs';
export * from './fhir';
