/**
 * Birth dates are computed from today, so the data set's ages stay what the
 * scenarios need (a 16-year-old stays 16, an under-16 stays under 16) however
 * long after this was written the playground runs.
 */
export function dateYearsAgo(years: number, extraDays = 0, today: Date = new Date()): string {
  const d = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - extraDays);
  return d.toISOString().slice(0, 10);
}

export function dateDaysAgo(days: number, today: Date = new Date()): string {
  const d = new Date(today.getTime() - days * 86_400_000);
  return d.toISOString();
}

/** Whole years between a birth date (YYYY-MM-DD) and today. */
export function ageOn(birthDate: string, today: Date = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = today.getUTCFullYear() - y;
  const beforeBirthday = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age--;
  return age;
}
