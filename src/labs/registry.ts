import { codeInterceptionLab } from './code-interception';
import { codeReplayLab } from './code-replay';
import type { Defence, Lab, LabId } from './lab';
import { loginCsrfLab } from './login-csrf';
import { mixUpLab } from './mix-up';
import { openRedirectorLab } from './open-redirector';

/** The attack labs, in the order a lesson may take them. */
export const LABS: Lab<never>[] = [loginCsrfLab, codeInterceptionLab, codeReplayLab, openRedirectorLab, mixUpLab] as unknown as Lab<never>[];

export function findLab(id: string | undefined): Lab<never> | undefined {
  return LABS.find((l) => l.id === id);
}

/** The defence switch as the URL carries it (?defence=off); anything else is on, the safe default. */
export function defenceFromSearch(search: URLSearchParams): Defence {
  return search.get('defence') === 'off' ? 'off' : 'on';
}

export function labPath(id: LabId, defence: Defence): string {
  return `/labs/${id}?defence=${defence}`;
}
