/** The colour theme in the store: the person's choice, the system's setting, and a URL's override. */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store/appState';
import { resolveTheme, type Theme, type ThemeChoice } from './themeChoice';

export interface ThemeSlice {
  readonly themeChoice: ThemeChoice;
  /** The browser's `prefers-color-scheme: dark`, kept current by useTheme. */
  readonly systemDark: boolean;
  /** A theme the page URL asked for (`?theme=dark`); wins until the person chooses, never saved. */
  readonly forcedTheme: Theme | undefined;
  setThemeChoice(choice: ThemeChoice): void;
  setSystemDark(dark: boolean): void;
}

export interface InitialTheme {
  readonly choice: ThemeChoice;
  readonly systemDark: boolean;
  readonly forced: Theme | undefined;
}

export const createThemeSlice =
  (initial: InitialTheme): StateCreator<AppState, [], [], ThemeSlice> =>
  (set) => ({
    themeChoice: initial.choice,
    systemDark: initial.systemDark,
    forcedTheme: initial.forced,
    setThemeChoice: (themeChoice) => set({ themeChoice, forcedTheme: undefined }),
    setSystemDark: (systemDark) => set({ systemDark }),
  });

/** The theme in effect. */
export const selectTheme = (s: AppState): Theme => s.forcedTheme ?? resolveTheme(s.themeChoice, s.systemDark);
