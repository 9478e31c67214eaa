/** The header's "Cluster settings" button; a dot says the form has values not in effect. */
import { useAppStore } from '../store';

export const SETTINGS_TOGGLE_ID = 'settings-toggle';

export function SettingsToggle() {
  const open = useAppStore((s) => s.settingsOpen);
  const invalid = useAppStore((s) => s.settingsProblems.length > 0);
  return (
    <button
      type="button"
      id={SETTINGS_TOGGLE_ID}
      data-testid="settings-toggle"
      className={open ? 'toggled' : undefined}
      aria-expanded={open}
      aria-controls="settings-panel"
      onClick={() => useAppStore.getState().setSettingsOpen(!open)}
    >
      Cluster settings
      {invalid && (
        <span className="attention-dot" data-testid="settings-invalid-dot" title="Some settings are not valid; the last valid ones are in effect" />
      )}
    </button>
  );
}
