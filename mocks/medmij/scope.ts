/**
 * MedMij scopes name exactly one gegevensdienst: in interface 1.x the bare
 * GegevensdienstId (`4`), in 2.x prefixed with the zorgaanbieder
 * (`umcharderwijk~4`, the part of the Zorgaanbiedernaam before `@medmij`).
 */
export type ParsedScope = { ok: true; form: '1.x' | '2.x'; dienst: string; zorgaanbieder?: string } | { ok: false; reason: string };

export function parseMedMijScope(scope: string, expectedZorgaanbieder: string): ParsedScope {
  if (/\s/.test(scope)) {
    return { ok: false, reason: `scope "${scope}" holds more than one value; a MedMij scope names exactly one gegevensdienst` };
  }
  if (/^\d+$/.test(scope)) return { ok: true, form: '1.x', dienst: scope };
  const m = /^([a-z0-9.-]+)~(\d+)$/.exec(scope);
  if (!m) {
    return {
      ok: false,
      reason: `scope "${scope}" is neither a GegevensdienstId (1.x, e.g. "4") nor "<zorgaanbieder>~<id>" (2.x, e.g. "${expectedZorgaanbieder}~4")`,
    };
  }
  if (m[1] !== expectedZorgaanbieder) {
    return { ok: false, reason: `scope "${scope}" names zorgaanbieder "${m[1]}", but this is the authorization server of "${expectedZorgaanbieder}"` };
  }
  return { ok: true, form: '2.x', dienst: m[2], zorgaanbieder: m[1] };
}
