/**
 * Finds what looks like a BSN in a message the PGO sends or receives: a
 * 9-digit number on its own that passes the 11-test (elfproef). "On its own":
 * no letter, digit or decimal point next to it, so the digits inside a UUID,
 * a token or a decimal (random values that pass the 11-test about one time in
 * eleven) are not taken for a person's number.
 */
export function bsnLikeNumbers(text: string): string[] {
  return (text.match(/(?<![\p{L}\p{N}.])\d{9}(?![\p{L}\p{N}.])/gu) ?? []).filter(passesElevenTest);
}

/** The 11-test (elfproef) of a BSN: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is a multiple of 11. */
export function passesElevenTest(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * (i < 8 ? 9 - i : -1), 0);
  return sum % 11 === 0;
}
