import { errorText } from '../protocol/step-failure';
import type { Exchange, HeaderList } from './types';

/**
 * A fetch that records every call as an Exchange: exactly what was sent and
 * what came back, Authorization headers and bodies included (the playground
 * hides nothing). The caller gets the untouched response and can read its body.
 */
export function createRecordingFetch(onExchange: (e: Exchange) => void, baseFetch: typeof fetch = globalThis.fetch.bind(globalThis)): typeof fetch {
  return async function recordingFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const startedAt = new Date().toISOString();
    const t0 = performance.now();

    let request: Request;
    try {
      request = new Request(input, init);
    } catch (error) {
      // The same error fetch itself would throw (an invalid URL, a GET with a body): record it, then rethrow.
      emit(onExchange, {
        kind: 'http',
        id: crypto.randomUUID(),
        startedAt,
        durationMs: performance.now() - t0,
        request: { method: (init?.method ?? 'GET').toUpperCase(), url: urlOf(input), headers: headerList(new Headers(init?.headers)) },
        networkError: errorText(error),
      });
      throw error;
    }

    // Record the body from a clone so the request itself still carries it.
    const requestRecord = {
      method: request.method,
      url: request.url,
      headers: headerList(request.headers),
      body: request.body === null ? undefined : await request.clone().text(),
    };

    let response: Response;
    try {
      response = await baseFetch(request);
    } catch (error) {
      emit(onExchange, {
        kind: 'http',
        id: crypto.randomUUID(),
        startedAt,
        durationMs: performance.now() - t0,
        request: requestRecord,
        networkError: errorText(error),
      });
      throw error;
    }

    let body: string | undefined;
    try {
      body = await response.clone().text();
    } catch {
      body = undefined; // the body stream broke; the caller will see that when reading it
    }
    emit(onExchange, {
      kind: 'http',
      id: crypto.randomUUID(),
      startedAt,
      durationMs: performance.now() - t0,
      request: requestRecord,
      response: {
        status: response.status,
        statusText: response.statusText,
        headers: headerList(response.headers),
        body,
      },
    });
    return response;
  };
}

/**
 * A front-channel redirect as an Exchange, with its parameters parsed: the
 * query, then the fragment's when it holds parameters (implicit-style answers).
 */
export function redirectExchange(url: string, direction: 'outgoing' | 'incoming', note?: string): Exchange {
  const params: [string, string][] = [];
  try {
    const parsed = new URL(url);
    params.push(...parsed.searchParams.entries());
    const fragment = parsed.hash.slice(1);
    if (fragment.includes('=')) params.push(...new URLSearchParams(fragment).entries());
  } catch {
    // Not an absolute URL: record it as it is, with no parameters.
  }
  return {
    kind: 'redirect',
    id: crypto.randomUUID(),
    at: new Date().toISOString(),
    direction,
    url,
    params,
    ...(note === undefined ? {} : { note }),
  };
}

function emit(onExchange: (e: Exchange) => void, exchange: Exchange): void {
  try {
    onExchange(exchange);
  } catch (error) {
    // Recording must never change what the request does; report and go on.
    console.error('Recording an exchange failed', error);
  }
}

function headerList(headers: Headers): HeaderList {
  return [...headers.entries()];
}

function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}
