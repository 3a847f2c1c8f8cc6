import { ageOn } from '../data/dates';
import { displayName, patients } from '../data/people';

/**
 * DigiD test accounts: one per patient of the shared data set, with the same
 * BSN and birth date, so the MedMij availability check (16 or older) meets a
 * 17-year-old (Chloé), a 16-year-old (Daan), a 15-year-old a few weeks short
 * of 16 (Emma) and a child (Finn). Test passwords only: nothing here is secret.
 */
export interface DigidAccount {
  username: string;
  password: string;
  bsn: string;
  name: string;
  birthDate: string;
}

const TEST_PASSWORD = 'Welkom01!';

export const digidAccounts: DigidAccount[] = patients.map((p) => {
  const bsn = (p.identifier as { value: string }[])[0].value;
  return {
    username: `test-${p.id.replace(/^p-/, '')}`,
    password: TEST_PASSWORD,
    bsn,
    name: displayName(p),
    birthDate: p.birthDate as string,
  };
});

export function findAccountByUsername(username: string): DigidAccount | undefined {
  return digidAccounts.find((a) => a.username === username);
}

export function findAccountByBsn(bsn: string): DigidAccount | undefined {
  return digidAccounts.find((a) => a.bsn === bsn);
}

export function accountAge(account: DigidAccount, now: number): number {
  return ageOn(account.birthDate, new Date(now));
}
