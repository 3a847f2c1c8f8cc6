/**
 * A server-to-server call made by a mock server (DigiD's ArtifactResolve from
 * a MedMij authorization server): to a configured address only, with a
 * timeout, without following redirects and with a cap on what it reads, so a
 * slow, redirecting or endless peer cannot hold a request of ours.
 */
import { errorText } from '../../src/protocol/step-failure';

const BACK_CHANNEL_TIMEOUT_MS = 5_000;
const BACK_CHANNEL_MAX_BYTES = 256 * 1024;

export type BackChannelResult = { kind: 'answered'; status: number; ok: boolean; text: string } | { kind: 'failed'; reason: string };

export async function backChannelCall(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  options: { timeoutMs?: number; maxBytes?: number } = {},
): Promise<BackChannelResult> {
  const timeoutMs = options.timeoutMs ?? BACK_CHANNEL_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? BACK_CHANNEL_MAX_BYTES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  try {
    const res = await fetchImpl(url, { ...init, redirect: 'manual', signal: controller.signal });
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'answered', status: res.status || 302, ok: false, text: '' };
    }
    const text = await readCapped(res, maxBytes);
    if (text === undefined) return { kind: 'failed', reason: `the answer is larger than ${Math.round(maxBytes / 1024)} KB` };
    return { kind: 'answered', status: res.status, ok: res.ok, text };
  } catch (e) {
    const reason = controller.signal.aborted ? errorText(controller.signal.reason) : errorText(e);
    return { kind: 'failed', reason };
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
