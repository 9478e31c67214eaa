/**
 * Keeps the page in the theme in effect: follows the system setting while the choice is
 * "system", sets <html data-theme>, and saves the person's choice in this browser.
 */
import { useEffect } from 'react';
import { browserStorage } from '../persistence/browserStorage';
import { useAppStore } from '../store';
import { applyTheme, DARK_QUERY } from './browserTheme';
import { saveThemeChoice } from './themeChoice';
import { selectTheme } from './themeSlice';

export function useTheme(): void {
  const theme = useAppStore(selectTheme);
  useEffect(() => applyTheme(theme), [theme]);

  useEffect(() => {
    const media = window.matchMedia?.(DARK_QUERY);
    if (!media) return undefined;
    const onChange = (event: MediaQueryListEvent): void => useAppStore.getState().setSystemDark(event.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);

  useEffect(
    () =>
      useAppStore.subscribe((state, previous) => {
        if (state.themeChoice !== previous.themeChoice) saveThemeChoice(browserStorage(), state.themeChoice);
      }),
    [],
  );
}
