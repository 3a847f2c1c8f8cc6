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

/**
 * A clinical timestamp on the day `days` before today at a fixed UTC time of
 * day (HH:MM), so a record reads like a real appointment ("09:30") rather than
 * the moment the playground was loaded. Use days >= 1 to stay in the past.
 */
export function dateTimeDaysAgo(days: number, time = '09:00', today: Date = new Date()): string {
  const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - days * 86_400_000);
  return `${day.toISOString().slice(0, 10)}T${time}:00Z`;
}

/** An instant `minutes` before now, to the second: for what is happening today (an encounter in progress). */
export function instantMinutesAgo(minutes: number, now: Date = new Date()): string {
  return new Date(now.getTime() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Add minutes to a FHIR dateTime with a Z offset. */
export function addMinutes(dateTime: string, minutes: number): string {
  return new Date(Date.parse(dateTime) + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
