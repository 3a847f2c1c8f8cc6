/**
 * How much a state value could hold, estimated from what the server sees:
 * its length times log2 of the smallest usual alphabet its characters fit
 * (digits, hex, letters and digits, base64url, printable ASCII). It is an
 * upper bound: the server cannot tell a random value from a counter, a
 * timestamp or Math.random(); it can only tell that a value is too short to
 * hold enough, whatever made it. A random UUID (version 4) holds 122 bits.
 */
export interface EntropyEstimate {
  bits: number;
  alphabet: string;
  alphabetSize: number;
  length: number;
  explanation: string;
}

const ALPHABETS: { name: string; size: number; test: RegExp }[] = [
  { name: 'digits', size: 10, test: /^[0-9]+$/ },
  { name: 'hexadecimal', size: 16, test: /^[0-9a-f]+$|^[0-9A-F]+$/ },
  { name: 'letters and digits', size: 62, test: /^[A-Za-z0-9]+$/ },
  { name: 'base64url', size: 64, test: /^[A-Za-z0-9_-]+$/ },
  { name: 'base64', size: 65, test: /^[A-Za-z0-9+/=]+$/ },
  { name: 'printable ASCII', size: 95, test: /^[\x20-\x7e]+$/ },
];

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function estimateEntropy(value: string): EntropyEstimate {
  const length = [...value].length;
  if (UUID_V4.test(value)) {
    return { bits: 122, alphabet: 'UUID version 4', alphabetSize: 16, length, explanation: 'a version 4 UUID: 122 random bits (the other 6 are fixed)' };
  }
  const alphabet = ALPHABETS.find((a) => a.test.test(value)) ?? { name: 'Unicode', size: 256 };
  const bits = Math.floor(length * Math.log2(alphabet.size));
  return {
    bits,
    alphabet: alphabet.name,
    alphabetSize: alphabet.size,
    length,
    explanation: `${length} characters × log2(${alphabet.size}) (${alphabet.name}) ≈ ${bits} bits at most`,
  };
}
