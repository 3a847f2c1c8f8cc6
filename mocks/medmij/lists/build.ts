import { escapeXml } from '../../digid/saml/xml';
import { GEGEVENSDIENSTEN, ZORGAANBIEDERS, findGegevensdienst } from '../directory';
import { zorgaanbiederEndpoints } from '../endpoints';
import { LIST_NS } from './namespaces';

/**
 * The three lists as the MedMij stelselnode publishes them, generated for the
 * origin that serves them so every URL is absolute on that origin. A list
 * carries its Tijdstempel and a Volgnummer that grows with each publication:
 * here one publication a day, so the number is the day count.
 */
function header(now: number): string[] {
  const day = Math.floor(now / 86_400_000);
  return [`    <Tijdstempel>${new Date(day * 86_400_000).toISOString().replace('.000Z', 'Z')}</Tijdstempel>`, `    <Volgnummer>${day}</Volgnummer>`];
}

function root(name: string, ns: string, body: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${name} xmlns="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ns} MedMij_${name}.xsd">`,
    ...body,
    `</${name}>`,
    '',
  ].join('\n');
}

export function buildZal(origin: string, now: number, scenarioSegment?: string): string {
  const body = [...header(now), '    <Zorgaanbieders>'];
  for (const za of ZORGAANBIEDERS) {
    const ep = zorgaanbiederEndpoints(origin, za.slug, scenarioSegment);
    body.push('        <Zorgaanbieder>', `            <Zorgaanbiedernaam>${escapeXml(za.name)}</Zorgaanbiedernaam>`, '            <Gegevensdiensten>');
    for (const id of za.diensten) {
      const dienst = findGegevensdienst(id)!;
      body.push(
        '                <Gegevensdienst>',
        `                    <GegevensdienstId>${id}</GegevensdienstId>`,
        '                    <AuthorizationEndpoint>',
        `                        <AuthorizationEndpointuri>${escapeXml(ep.authorize)}</AuthorizationEndpointuri>`,
        '                    </AuthorizationEndpoint>',
        '                    <TokenEndpoint>',
        `                        <TokenEndpointuri>${escapeXml(ep.token)}</TokenEndpointuri>`,
        '                    </TokenEndpoint>',
        '                    <Systeemrollen>',
        '                        <Systeemrol>',
        `                            <Systeemrolcode>${dienst.systeemrolcode}</Systeemrolcode>`,
        '                            <ResourceEndpoint>',
        `                                <ResourceEndpointuri>${escapeXml(ep.resource)}</ResourceEndpointuri>`,
        '                            </ResourceEndpoint>',
        '                        </Systeemrol>',
        '                    </Systeemrollen>',
        '                </Gegevensdienst>',
      );
    }
    body.push('            </Gegevensdiensten>', '        </Zorgaanbieder>');
  }
  body.push('    </Zorgaanbieders>');
  return root('Zorgaanbiederslijst', LIST_NS.zal, body);
}

/** The playground is the PGO: its OAuth client is named by the hostname it runs on. */
export const PGO_ORGANISATION_NAME = 'Health OAuth Playground PGO';

/** Hostnames on the OCL: the serving origin's and those of the known app origins. */
export function oclHostnames(origin: string, appOrigins: string[]): string[] {
  return [...new Set([origin, ...appOrigins].map((o) => new URL(o).hostname))];
}

export function buildOcl(origin: string, appOrigins: string[], now: number): string {
  const body = [...header(now), '    <OAuthclients>'];
  for (const host of oclHostnames(origin, appOrigins)) {
    body.push(
      '        <OAuthclient>',
      `            <Hostname>${escapeXml(host)}</Hostname>`,
      `            <OAuthclientOrganisatienaam>${PGO_ORGANISATION_NAME}</OAuthclientOrganisatienaam>`,
      '        </OAuthclient>',
    );
  }
  body.push('    </OAuthclients>');
  return root('OAuthclientlist', LIST_NS.ocl, body);
}

export function buildGnl(now: number): string {
  const body = [...header(now), '    <Gegevensdiensten>'];
  for (const g of GEGEVENSDIENSTEN) {
    body.push(
      '        <Gegevensdienst>',
      `            <GegevensdienstId>${g.id}</GegevensdienstId>`,
      `            <Weergavenaam>${escapeXml(g.name)}</Weergavenaam>`,
      '        </Gegevensdienst>',
    );
  }
  body.push('    </Gegevensdiensten>');
  return root('Gegevensdienstnamenlijst', LIST_NS.gnl, body);
}
