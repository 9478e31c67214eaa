/**
 * Opening a shared link: the scenario in the address's fragment goes on the page, the
 * person's own work is copied aside first (see previousWork.ts), and the scenario is saved
 * as the work of this browser. A link that cannot be read changes nothing and says why.
 *
 * In an embedded page (`?embed=1`) nothing is read from or written to the browser's storage.
 *
 * The fragment stays in the address bar while the page shows exactly what it describes (a
 * reload shows the same again) and is removed at the first change of the text, settings or
 * flow, so that a reload never throws away edits for the link's old state.
 */
import { decodeScenario, isScenarioFragment } from '../../core';
import { EMBEDDED } from '../embed/embedMode';
import { browserStorage } from '../persistence/browserStorage';
import { saveFlows, saveScenario, saveSettings } from '../persistence/savedSession';
import { scenarioFlowOf } from '../store/flowList';
import { useAppStore } from '../store';
import { shareMessages } from './messages';
import { setAsideForLink } from './previousWork';

let stopWatching: (() => void) | undefined;

/** Takes the fragment out of the address without a reload or a new history entry. */
function dropFragment(): void {
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}`);
}

/** Removes the fragment once the page no longer shows what it describes. */
function dropFragmentOnChange(): void {
  stopWatching?.();
  const unsubscribe = useAppStore.subscribe((state, previous) => {
    const sameFlows = state.flow === previous.flow && state.flowIndex === previous.flowIndex && state.flows.length === previous.flows.length;
    if (state.text === previous.text && state.settings === previous.settings && sameFlows) return;
    if (isScenarioFragment(window.location.hash)) dropFragment();
    unsubscribe();
    stopWatching = undefined;
  });
  stopWatching = unsubscribe;
}

/** Opens the scenario in the address's fragment, if there is one. Never rejects. */
export async function openLinkInAddress(): Promise<void> {
  const fragment = window.location.hash;
  if (!isScenarioFragment(fragment)) return;
  const store = useAppStore.getState;
  try {
    const read = await decodeScenario(fragment);
    if (!read.ok) {
      dropFragment();
      store().showNotice({ id: 'link-unreadable', message: shareMessages.linkUnreadable(read.problem.message) });
      return;
    }
    stopWatching?.();
    // An embedded page shows the link and never touches the reader's own work.
    const storage = EMBEDDED ? undefined : browserStorage();
    const { text, settings, settingsDraft } = store();
    const aside = storage ? setAsideForLink(storage, { text, settings, draft: settingsDraft }, read.scenario, store().exampleText) : undefined;
    if (aside?.failed) {
      // Their work could not be copied aside, and opening the link would replace it: not without a way back.
      dropFragment();
      store().showNotice({ id: 'link-unreadable', message: shareMessages.notSetAside() });
      return;
    }
    store().dismissNotice('link-unreadable');
    store().applyScenario(read.scenario);
    store().setSetAside(aside?.kept ? { work: aside.kept, holds: 'previous' } : undefined);
    if (storage) {
      const now = store();
      saveScenario(storage, now.text);
      saveSettings(storage, now.settings, now.settingsDraft);
      saveFlows(storage, now.flows.map(scenarioFlowOf), now.flowIndex);
    }
    dropFragmentOnChange();
  } catch (error: unknown) {
    // Only a bug could land here; the page must still come up with the person's work.
    const reason = error instanceof Error ? error.message : String(error);
    store().showNotice({ id: 'link-unreadable', message: shareMessages.linkUnreadable(`(${reason})`) });
  }
}

/** Opens links pasted into the address bar of a page already open (only the fragment changes: no reload). */
export function watchAddressForLinks(): () => void {
  const onHashChange = (): void => void openLinkInAddress();
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}
