import { describe, expect, it } from 'vitest';
import { readThemeChoice, resolveTheme, saveThemeChoice, themeFromQuery, THEME_KEY } from './themeChoice';

const mapStorage = (entries: Record<string, string> = {}) => {
  const map = new Map(Object.entries(entries));
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
};

describe('theme choice', () => {
  it('resolves system to the system setting, and a forced theme to itself', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('reads a saved choice and falls back to system for anything else', () => {
    expect(readThemeChoice(mapStorage({ [THEME_KEY]: 'dark' }))).toBe('dark');
    expect(readThemeChoice(mapStorage({ [THEME_KEY]: 'light' }))).toBe('light');
    expect(readThemeChoice(mapStorage({ [THEME_KEY]: 'solarized' }))).toBe('system');
    expect(readThemeChoice(mapStorage())).toBe('system');
    expect(readThemeChoice(undefined)).toBe('system');
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => undefined };
    expect(readThemeChoice(throwing)).toBe('system');
  });

  it('saves under kpp:v1:theme and says when the browser refuses', () => {
    const storage = mapStorage();
    expect(saveThemeChoice(storage, 'dark')).toBe(true);
    expect(storage.map.get('kpp:v1:theme')).toBe('dark');
    const full = { getItem: () => null, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(saveThemeChoice(full, 'light')).toBe(false);
    expect(saveThemeChoice(undefined, 'light')).toBe(false);
  });

  it('takes a forced theme from the query string only when it is light or dark', () => {
    expect(themeFromQuery('?embed=1&theme=dark')).toBe('dark');
    expect(themeFromQuery('?theme=light')).toBe('light');
    expect(themeFromQuery('?theme=system')).toBeUndefined();
    expect(themeFromQuery('')).toBeUndefined();
  });
});
