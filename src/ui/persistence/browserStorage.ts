/** The page's localStorage, or undefined where the browser refuses it (reading it can throw). */
import type { KeyValueStorage } from './storageKeys';

export function browserStorage(): KeyValueStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
