import { useEffect, useRef } from 'react';

export type PresenterKeyAction = 'next' | 'back' | 'fullscreen';

/** The parts of a keydown the decision reads (a KeyboardEvent, or a plain object in tests). */
interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  repeat: boolean;
  target: EventTarget | null;
}

const TYPING = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';
/** Space activates these itself: the key goes to them, not to the presenter. */
const SPACE_ACTIVATES = 'button, a[href], summary, [role="button"], [role="checkbox"], [role="switch"], [role="menuitem"]';

/**
 * What a key does in presenter mode: → or Space continue, ← steps the view
 * back, f toggles full screen. Nothing while the user types, with a modifier
 * (the browser's own shortcuts), or on a held key (one press, one step).
 */
export function presenterKeyAction(press: KeyPress): PresenterKeyAction | undefined {
  if (press.ctrlKey || press.altKey || press.metaKey || press.repeat) return undefined;
  const target = press.target instanceof Element ? press.target : null;
  if (target?.closest(TYPING)) return undefined;
  switch (press.key) {
    case 'ArrowRight':
      return 'next';
    case ' ':
      return target?.closest(SPACE_ACTIVATES) ? undefined : 'next';
    case 'ArrowLeft':
      return 'back';
    case 'f':
    case 'F':
      return 'fullscreen';
    default:
      return undefined;
  }
}

/** Full screen on, or off again. Refusals (no user gesture, not allowed in a frame) are left alone. */
export function toggleFullscreen(doc: Document = document): void {
  if (doc.fullscreenElement) void doc.exitFullscreen?.().catch(() => undefined);
  else void doc.documentElement.requestFullscreen?.().catch(() => undefined);
}

/** Listens for the presenter keys on the document while enabled. */
export function usePresenterKeys(enabled: boolean, handlers: Record<PresenterKeyAction, () => void>): void {
  // The latest handlers, without re-adding the listener on every render.
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = presenterKeyAction(event);
      if (!action) return;
      event.preventDefault(); // no page scroll on Space or the arrows
      latest.current[action]();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
