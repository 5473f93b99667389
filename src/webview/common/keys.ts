/** Keyboard helpers shared by the views' shortcuts. */

/** True when the key goes to a text field, a select or a button that uses it, so view shortcuts must not fire. */
export function isTyping(e: KeyboardEvent): boolean {
  const t = (e.composedPath()[0] ?? e.target) as Element | null;
  if (!t || !(t instanceof Element)) return false;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || (t as HTMLElement).isContentEditable) return true;
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'range'].includes(type);
  }
  return false;
}

/** Space and Enter on a focused button activate it; the view's own space shortcut must leave them alone. */
export function isOnButton(e: KeyboardEvent): boolean {
  const t = e.composedPath()[0];
  return t instanceof Element && (t.tagName === 'BUTTON' || t.getAttribute('role') === 'button');
}

/** 1..9 from the digit row or the keypad, without modifiers; undefined otherwise. */
export function digitOf(e: KeyboardEvent): number | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code) ?? /^([1-9])$/.exec(e.key);
  return m ? Number(m[1]) : undefined;
}

/** Ctrl+Z (Cmd+Z on macOS), without Shift. */
export function isUndo(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'z';
}

/** A plain key (no Ctrl/Cmd/Alt). */
export function plain(e: KeyboardEvent, key: string): boolean {
  return !e.ctrlKey && !e.metaKey && !e.altKey && e.key === key;
}
