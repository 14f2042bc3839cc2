import { useEffect } from 'react';

/**
 * Keeps what was typed in a form in this tab's sessionStorage, so a session that dies mid-form loses
 * nothing: the user signs in again, comes back, and finds it there. Never holds a secret.
 */
export function useDraft<T extends object>(
  key: string,
  values: T,
  restore: (values: T) => void,
): { clear: () => void } {
  const storageKey = `draft:${key}`;
  useEffect(() => {
    const saved = sessionStorage.getItem(storageKey);
    if (saved) {
      try {
        restore(JSON.parse(saved) as T);
      } catch {
        sessionStorage.removeItem(storageKey);
      }
    }
    // Restore once, when the form opens.
  }, [storageKey]);
  useEffect(() => {
    sessionStorage.setItem(storageKey, JSON.stringify(values));
  }, [storageKey, values]);
  return { clear: () => sessionStorage.removeItem(storageKey) };
}
