import type { IncomingMessage } from 'node:http';
import { errorText } from '../../src/protocol/step-failure';
import { rememberBodyText } from '../core/server';

/**
 * A Node request as a fetch Request for the mock servers. Its URL is built on
 * the configured public origin, never on the Host header: a client may send
 * any Host, but nothing it names becomes an issuer, a redirect URI or an
 * address the server calls. The body is read with a cap, counted while it
 * arrives, so a client cannot make the server buffer more than that.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export type ReadRequest =
  { kind: 'ok'; request: Request } | { kind: 'too-large'; pathname: string; limit: number } | { kind: 'bad'; pathname: string; message: string };

/** The path and query of the request target, or undefined when it has none (`*`, authority form). */
export function requestPath(rawUrl: string | undefined): string | undefined {
  const raw = rawUrl ?? '/';
  if (raw.startsWith('/')) return raw;
  // Absolute form (`GET http://host/path`): only its path counts, not the host it names.
  if (/^https?:\/\//i.test(raw)) {
    try {
      const u = new URL(raw);
      return `${u.pathname}${u.search}`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The URL the mock servers see: the public origin with the request's path (string-joined, so `//host` stays a path). */
function publicUrl(publicOrigin: string, path: string): URL | undefined {
  try {
    return new URL(`${publicOrigin}${path}`);
  } catch {
    return undefined;
  }
}

export async function readRequest(req: IncomingMessage, publicOrigin: string, maxBody = MAX_BODY_BYTES): Promise<ReadRequest> {
  const path = requestPath(req.url);
  const url = path === undefined ? undefined : publicUrl(publicOrigin, path);
  if (!url) return { kind: 'bad', pathname: '/', message: `The request target "${String(req.url).slice(0, 200)}" is not a path.` };
  const pathname = url.pathname;

  const headers = new Headers();
  try {
    for (const [name, value] of Object.entries(req.headers)) {
      if (name === 'host' || value === undefined) continue;
      if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
      else headers.set(name, value);
    }
  } catch (e) {
    return { kind: 'bad', pathname, message: `A request header cannot be read: ${errorText(e)}` };
  }
  // The server's own host, whatever the client said.
  headers.set('host', url.host);

  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return { kind: 'ok', request: new Request(url, { method, headers }) };

  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBody) return { kind: 'too-large', pathname, limit: maxBody };
  const chunks = await readBody(req, maxBody);
  if (!chunks) return { kind: 'too-large', pathname, limit: maxBody };
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const body = chunks.length ? new Uint8Array(Buffer.concat(chunks, total)) : undefined;
  const request = new Request(url, { method, headers, body });
  // The handlers read a form from this text instead of the body's stream: it is what request.text() gives.
  rememberBodyText(request, body ? new TextDecoder().decode(body) : '');
  return { kind: 'ok', request };
}

/**
 * The body's chunks, or undefined as soon as they pass `maxBody`. The rest is
 * then discarded as it arrives (not buffered), so the 413 can still be sent.
 */
function readBody(req: IncomingMessage, maxBody: number): Promise<Buffer[] | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBody) {
        cleanup();
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks);
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
