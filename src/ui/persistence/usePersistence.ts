/**
 * Saves the editor's text, the settings and the list of flows a moment after they change, and
 * when the page goes away (reload, close). A failed save shows one notice until a save succeeds again.
 */
import { useEffect } from 'react';
import { useAppStore } from '../store';
import { browserStorage } from './browserStorage';
import { storageMessages } from './messages';
import { scenarioFlowOf, type FlowEntry } from '../store/flowList';
import { saveFlows, saveScenario, saveSettings, type SaveResult } from './savedSession';

export const SAVE_DELAY_MS = 300;

const sameFlows = (a: readonly FlowEntry[], b: readonly FlowEntry[]): boolean =>
  a.length === b.length && a.every((e, i) => e.flow === b[i]?.flow && e.endpointPin === b[i]?.endpointPin);

export function usePersistence(): void {
  useEffect(() => {
    const storage = browserStorage();
    if (!storage) return undefined;
    let textChanged = false;
    let settingsChanged = false;
    let flowsChanged = false;
    let failing = false;
    let timer: number | undefined;

    const report = (results: readonly SaveResult[]): void => {
      const failure = results.find((r) => !r.ok);
      const store = useAppStore.getState();
      if (failure && !failure.ok && !failing) store.showNotice(storageMessages.saveFailed(failure.quota));
      if (!failure && failing) store.dismissNotice('save-failed');
      failing = failure !== undefined;
    };
    const flush = (): void => {
      window.clearTimeout(timer);
      timer = undefined;
      if (!textChanged && !settingsChanged && !flowsChanged) return;
      const state = useAppStore.getState();
      const results: SaveResult[] = [];
      if (textChanged) results.push(saveScenario(storage, state.text));
      if (settingsChanged) results.push(saveSettings(storage, state.settings, state.settingsDraft));
      if (flowsChanged) results.push(saveFlows(storage, state.flows.map(scenarioFlowOf), state.flowIndex));
      textChanged = false;
      settingsChanged = false;
      flowsChanged = false;
      report(results);
    };
    const unsubscribe = useAppStore.subscribe((state, previous) => {
      if (state.text !== previous.text) textChanged = true;
      if (state.settings !== previous.settings || state.settingsDraft !== previous.settingsDraft) settingsChanged = true;
      // Every retrace makes a new list; only the flows themselves and the selection are saved.
      if (state.flowIndex !== previous.flowIndex || !sameFlows(state.flows, previous.flows)) flowsChanged = true;
      if ((textChanged || settingsChanged || flowsChanged) && timer === undefined) timer = window.setTimeout(flush, SAVE_DELAY_MS);
    });
    window.addEventListener('pagehide', flush);
    return () => {
      unsubscribe();
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);
}
