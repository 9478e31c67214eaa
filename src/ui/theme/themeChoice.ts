/**
 * The colour theme: what the person chose (light, dark, or follow the system) and what that
 * resolves to. The choice is kept in this browser; a page URL may force a theme for one visit
 * (`?theme=dark`, for embedded diagrams) without saving it.
 */
import type { KeyValueStorage } from '../persistence/storageKeys';

export type Theme = 'light' | 'dark';
export type ThemeChoice = Theme | 'system';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export const THEME_KEY = 'kpp:v1:theme';

const isChoice = (value: unknown): value is ThemeChoice => THEME_CHOICES.some((choice) => choice === value);

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  if (choice === 'system') return systemDark ? 'dark' : 'light';
  return choice;
}

/** The saved choice; `system` when nothing (or nothing readable) was saved. */
export function readThemeChoice(storage: KeyValueStorage | undefined): ThemeChoice {
  try {
    const saved = storage?.getItem(THEME_KEY);
    return isChoice(saved) ? saved : 'system';
  } catch {
    return 'system';
  }
}

/** Saves the choice; false when the browser refuses (full or disabled storage). */
export function saveThemeChoice(storage: KeyValueStorage | undefined, choice: ThemeChoice): boolean {
  if (!storage) return false;
  try {
    storage.setItem(THEME_KEY, choice);
    return true;
  } catch {
    return false;
  }
}

/** `?theme=light|dark` in a query string, else undefined. */
export function themeFromQuery(search: string): Theme | undefined {
  const value = new URLSearchParams(search).get('theme');
  return value === 'light' || value === 'dark' ? value : undefined;
}
