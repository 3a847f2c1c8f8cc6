import { escapeXml } from '../../digid/saml/xml';
import { GEGEVENSDIENSTEN, ZORGAANBIEDERS, findGegevensdienst } from '../directory';
import { zorgaanbiederEndpoints } from '../endpoints';
import { listHostnameForLocal, listUrlForLocal } from '../list-hosts';
import { LIST_NS } from './namespaces';

/**
 * The three lists as the MedMij stelselnode publishes them, valid against
 * MedMij's schemas: every endpoint is named by its https URL under
 * `medmij.example` and every PGO by a dotted host name, which the playground
 * maps to its endpoints on the origin that serves the lists (list-hosts.ts). A list
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

/** A mock endpoint's name on the ZAL (it always has one: every endpoint is under a zorgaanbieder's path). */
function onList(localUrl: string, origin: string): string {
  const url = listUrlForLocal(localUrl, origin);
  if (!url) throw new Error(`No list name for ${localUrl}`);
  return url;
}

/** The endpoints of one zorgaanbieder as the ZAL names them. */
function zorgaanbiederListEndpoints(origin: string, slug: string, scenarioSegment?: string) {
  const ep = zorgaanbiederEndpoints(origin, slug, scenarioSegment);
  return { authorize: onList(ep.authorize, origin), token: onList(ep.token, origin), resource: onList(ep.resource, origin) };
}

export function buildZal(origin: string, now: number, scenarioSegment?: string): string {
  const body = [...header(now), '    <Zorgaanbieders>'];
  for (const za of ZORGAANBIEDERS) {
    const ep = zorgaanbiederListEndpoints(origin, za.slug, scenarioSegment);
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

/**
 * The PGO hosts the authorization servers accept as client_id: the serving
 * origin's and those of the known app origins. The OCL names each by its
 * dotted name under `pgo.medmij.example` (list-hosts.ts).
 */
export function oclHostnames(origin: string, appOrigins: string[]): string[] {
  return [...new Set([origin, ...appOrigins].map((o) => new URL(o).hostname))];
}

export function buildOcl(origin: string, appOrigins: string[], now: number): string {
  const body = [...header(now), '    <OAuthclients>'];
  for (const host of oclHostnames(origin, appOrigins)) {
    body.push(
      '        <OAuthclient>',
      `            <Hostname>${escapeXml(listHostnameForLocal(host))}</Hostname>`,
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
