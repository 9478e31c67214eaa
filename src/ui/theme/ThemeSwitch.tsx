/** The header's theme control: follow the system, or force light or dark. */
import { useAppStore } from '../store';
import { THEME_CHOICES, type ThemeChoice } from './themeChoice';

const LABELS: Readonly<Record<ThemeChoice, string>> = {
  system: 'System theme',
  light: 'Light theme',
  dark: 'Dark theme',
};

export function ThemeSwitch() {
  const choice = useAppStore((s) => s.themeChoice);
  return (
    <select
      className="theme-switch"
      data-testid="theme-switch"
      aria-label="Colour theme"
      title="Colour theme"
      value={choice}
      onChange={(event) => {
        const picked = THEME_CHOICES.find((c) => c === event.target.value);
        if (picked) useAppStore.getState().setThemeChoice(picked);
      }}
    >
      {THEME_CHOICES.map((c) => (
        <option key={c} value={c}>
          {LABELS[c]}
        </option>
      ))}
    </select>
  );
}
