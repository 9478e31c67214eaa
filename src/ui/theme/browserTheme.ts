/** The theme's contact with the browser: the system setting, the saved choice, the <html> attribute. */
import { browserStorage } from '../persistence/browserStorage';
import { readThemeChoice, themeFromQuery, type Theme } from './themeChoice';
import type { InitialTheme } from './themeSlice';

export const DARK_QUERY = '(prefers-color-scheme: dark)';

/** What the page starts with; outside a browser (unit tests), light and nothing saved. */
export function initialTheme(): InitialTheme {
  if (typeof window === 'undefined') return { choice: 'system', systemDark: false, forced: undefined };
  return {
    choice: readThemeChoice(browserStorage()),
    systemDark: window.matchMedia?.(DARK_QUERY).matches ?? false,
    forced: themeFromQuery(window.location.search),
  };
}

/** `<html data-theme="dark">`: theme.css keys every colour on it. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
}
