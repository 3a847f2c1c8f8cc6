/**
 * The browser's last return to the app (/callback): which flow took it, and
 * when. A reload of /callback, or Back onto a server's page that already
 * answered, finds the flow it went to here (this tab's sessionStorage).
 */
export interface LastReturn {
  flowId: string;
  url: string;
  at: string;
}

const LAST_RETURN_KEY = 'playground:last-return';

type ReturnStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function saveLastReturn(storage: ReturnStorage, last: LastReturn): void {
  try {
    storage.setItem(LAST_RETURN_KEY, JSON.stringify(last));
  } catch {
    // storage full or disabled: only the "already received" explanation is lost
  }
}

export function loadLastReturn(storage: ReturnStorage): LastReturn | undefined {
  try {
    const value: unknown = JSON.parse(storage.getItem(LAST_RETURN_KEY) ?? 'null');
    if (value && typeof value === 'object' && typeof (value as LastReturn).flowId === 'string' && typeof (value as LastReturn).url === 'string') {
      return value as LastReturn;
    }
  } catch {
    // not JSON: as if there were none
  }
  return undefined;
}
