import { createRequire } from 'node:module';

/**
 * fhirclient driven through its Node adapter, as an app served on
 * http://localhost:5173 would use it: the request it "receives", the response
 * it redirects with, and the session store it keeps its state in between the
 * launch and the callback.
 */
export interface FhirClient {
  patient: { id: string | null };
  state: { tokenResponse?: Record<string, unknown> };
  request<T>(url: string): Promise<T>;
  refresh(): Promise<unknown>;
}

// fhirclient's Node entry point is CommonJS.
export const smart = createRequire(import.meta.url)('fhirclient/lib/entry/node') as (
  req: unknown,
  res: unknown,
  storage: unknown,
) => {
  authorize(options: Record<string, unknown>): Promise<unknown>;
  ready(): Promise<FhirClient>;
};

/** What fhirclient needs of a Node request: the app's URL, as the browser would have opened it. */
export const appRequest = (path: string) => ({ url: path, headers: { host: 'localhost:5173', 'x-forwarded-proto': 'http' }, connection: {}, socket: {} });

/** A response that keeps where fhirclient redirects the browser. */
export function appResponse() {
  const res = {
    status: 0,
    location: '',
    writeHead(status: number, headers: Record<string, string>) {
      res.status = status;
      res.location = headers.Location ?? headers.location ?? '';
    },
    end() {},
  };
  return res;
}

/** A session store, as fhirclient keeps its state between the launch and the callback. */
export function sessionStore() {
  const map = new Map<string, unknown>();
  return {
    get: async (k: string) => map.get(k),
    set: async (k: string, v: unknown) => {
      map.set(k, v);
      return v;
    },
    unset: async (k: string) => map.delete(k),
  };
}
