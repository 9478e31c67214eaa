/**
 * Shown after a shared link replaced the person's work: their work is kept aside and one click
 * brings it back; then the shared scenario is the one kept aside, and the same click swaps again.
 */
import { browserStorage } from '../persistence/browserStorage';
import { useAppStore } from '../store';
import { writePreviousWork } from './previousWork';

function swap(): void {
  const store = useAppStore.getState();
  const aside = store.setAside;
  if (!aside) return;
  const current = { text: store.text, settings: store.settings, draft: store.settingsDraft };
  const storage = browserStorage();
  if (storage) writePreviousWork(storage, current);
  store.applyWork(aside.work);
  store.setSetAside({ work: current, holds: aside.holds === 'previous' ? 'shared' : 'previous' });
}

export function LinkBanner() {
  const holds = useAppStore((s) => s.setAside?.holds);
  if (holds === undefined) return null;
  return (
    <div className="link-banner" role="status" data-testid="link-banner" data-holds={holds}>
      <span>
        {holds === 'previous'
          ? 'You are looking at a shared scenario. Your own YAML and settings from before are kept in this browser.'
          : 'Your own YAML and settings are back. The shared scenario is kept aside.'}
      </span>
      <button type="button" data-testid="link-banner-swap" onClick={swap}>
        {holds === 'previous' ? 'Bring back my work' : 'Show the shared scenario'}
      </button>
      <button
        type="button"
        className="notice-dismiss"
        aria-label="Dismiss"
        data-testid="link-banner-dismiss"
        onClick={() => useAppStore.getState().setSetAside(undefined)}
      >
        ×
      </button>
    </div>
  );
}
