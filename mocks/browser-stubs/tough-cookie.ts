/**
 * A small stand-in for `tough-cookie` in the browser build (vite.config.ts
 * aliases it). MSW's cookie store (msw/lib/core/utils/cookieStore.mjs) is the
 * only user: it calls `new MemoryCookieStore()`, sets its `idx`, wraps it in
 * `new CookieJar(store)`, then `jar.getCookiesSync(url)` for every request,
 * `jar.setCookie(setCookieHeader, url)` when a handler's `HttpResponse` sets
 * a cookie, and `Cookie.fromJSON` / `cookie.toJSON()` / `cookie.toString()`
 * to persist them in localStorage. The real package brings the public-suffix
 * list (`tldts`, some 250 KB) to tell which domains may share cookies; the
 * mock servers set no cookies, all on one origin, so this keeps only what a
 * single origin needs: name, value, host, path, expiry.
 */

export interface SerializedCookie {
  key: string;
  value: string;
  domain: string | null;
  path: string | null;
  expires?: string | null;
  hostOnly?: boolean;
}

export class Cookie {
  key = '';
  value = '';
  domain: string | null = null;
  path: string | null = null;
  expires: Date | 'Infinity' = 'Infinity';
  hostOnly = true;

  constructor(init: Partial<Pick<Cookie, 'key' | 'value' | 'domain' | 'path' | 'expires' | 'hostOnly'>> = {}) {
    Object.assign(this, init);
  }

  /** One Set-Cookie header value: `name=value; Path=/; Max-Age=60; ...`. Undefined when there is no name=value. */
  static parse(header: string, now = Date.now()): Cookie | undefined {
    const [pair, ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0) return undefined;
    const cookie = new Cookie({ key: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() });
    let maxAge: number | undefined;
    for (const attribute of attributes) {
      const [rawName, ...rest] = attribute.split('=');
      const name = rawName.trim().toLowerCase();
      const value = rest.join('=').trim();
      if (name === 'path' && value.startsWith('/')) cookie.path = value;
      else if (name === 'domain' && value) {
        cookie.domain = value.replace(/^\./, '').toLowerCase();
        cookie.hostOnly = false;
      } else if (name === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
      else if (name === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(value);
    }
    // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
    if (maxAge !== undefined) cookie.expires = new Date(now + maxAge * 1000);
    return cookie;
  }

  static fromJSON(json: unknown): Cookie | undefined {
    const o = (typeof json === 'string' ? safeParse(json) : json) as Partial<SerializedCookie> | undefined;
    if (!o || typeof o !== 'object' || typeof o.key !== 'string' || typeof o.value !== 'string') return undefined;
    return new Cookie({
      key: o.key,
      value: o.value,
      domain: o.domain ?? null,
      path: o.path ?? null,
      expires: o.expires && o.expires !== 'Infinity' ? new Date(o.expires) : 'Infinity',
      hostOnly: o.hostOnly ?? true,
    });
  }

  toJSON(): SerializedCookie {
    return {
      key: this.key,
      value: this.value,
      domain: this.domain,
      path: this.path,
      expires: this.expires === 'Infinity' ? 'Infinity' : this.expires.toISOString(),
      hostOnly: this.hostOnly,
    };
  }

  /** The `name=value` a Cookie request header carries. */
  toString(): string {
    return `${this.key}=${this.value}`;
  }

  expired(now = Date.now()): boolean {
    return this.expires !== 'Infinity' && this.expires.getTime() <= now;
  }
}

type Index = Record<string, Record<string, Record<string, Cookie>>>;

export class MemoryCookieStore {
  /** domain → path → name → cookie, the shape MSW reads and writes to persist the jar. */
  idx: Index = {};
}

export class CookieJar {
  constructor(readonly store: MemoryCookieStore = new MemoryCookieStore()) {}

  async setCookie(cookie: string | Cookie, url: string | URL): Promise<Cookie | undefined> {
    const target = new URL(url);
    const parsed = typeof cookie === 'string' ? Cookie.parse(cookie) : cookie;
    if (!parsed) return undefined;
    const host = target.hostname.toLowerCase();
    // A Domain attribute must cover the request's host (RFC 6265 §5.3 step 6); otherwise the cookie is ignored.
    if (!parsed.hostOnly && parsed.domain && !domainMatch(host, parsed.domain)) return undefined;
    parsed.domain ??= host;
    parsed.path ??= defaultPath(target.pathname);
    const { idx } = this.store;
    const byPath = (idx[parsed.domain] ??= {});
    const byName = (byPath[parsed.path] ??= {});
    if (parsed.expired()) delete byName[parsed.key];
    else byName[parsed.key] = parsed;
    return parsed;
  }

  getCookiesSync(url: string | URL): Cookie[] {
    const target = new URL(url);
    const host = target.hostname.toLowerCase();
    const found: Cookie[] = [];
    for (const [domain, byPath] of Object.entries(this.store.idx)) {
      for (const [path, byName] of Object.entries(byPath)) {
        if (!pathMatch(target.pathname, path)) continue;
        for (const cookie of Object.values(byName)) {
          const hostOk = cookie.hostOnly ? host === domain : domainMatch(host, domain);
          if (hostOk && !cookie.expired()) found.push(cookie);
        }
      }
    }
    // Longer paths first (RFC 6265 §5.4 step 2).
    return found.sort((a, b) => (b.path ?? '').length - (a.path ?? '').length);
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function domainMatch(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function pathMatch(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : pathname.slice(0, slash);
}
