/** Reading FHIR resources the flows show. */

interface HumanName {
  text?: string;
  given?: string[];
  family?: string;
}

/** The first HumanName of a Patient or Practitioner, as a person would write it. */
export function humanName(resource: Record<string, unknown>): string {
  const names = Array.isArray(resource.name) ? (resource.name as HumanName[]) : [];
  const n = names[0];
  if (!n) return '(no name)';
  return n.text ?? [...(n.given ?? []), n.family ?? ''].join(' ').trim();
}
