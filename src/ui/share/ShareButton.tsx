/** The header's "Share" button: packs the scenario on screen into a link and opens the Share dialog. */
import { useState } from 'react';
import { encodeScenario } from '../../core';
import { useAppStore } from '../store';
import { scenarioOf } from './currentScenario';

/** The page's own address with the scenario as its fragment (any query, such as a theme override, is left out). */
export const linkFor = (fragment: string): string => `${window.location.origin}${window.location.pathname}#${fragment}`;

export function ShareButton() {
  const [busy, setBusy] = useState(false);
  const share = async (): Promise<void> => {
    setBusy(true);
    try {
      const fragment = await encodeScenario(scenarioOf(useAppStore.getState()));
      useAppStore.getState().openShare(linkFor(fragment));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" data-testid="share" aria-haspopup="dialog" disabled={busy} onClick={() => void share()} title="Copy a link that opens this scenario: manifests, settings, flow and hop">
      Share
    </button>
  );
}
