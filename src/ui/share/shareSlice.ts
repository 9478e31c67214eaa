/**
 * Sharing and loading scenarios: the Share dialog, a load that waits for the person to say
 * how (replace or add), putting a whole scenario on the page, and the offer to bring back
 * the work a shared link replaced. The core reads and checks scenarios; this only orders the
 * store's existing actions.
 */
import type { StateCreator } from 'zustand';
import type { Scenario } from '../../core';
import { documentAppend } from '../editor/documentAppend';
import type { AppState } from '../store/appState';
import { draftOf } from '../store/settingsDraft';
import type { TextFile } from './droppedFiles';
import type { Work } from './previousWork';

export interface ShareLink {
  readonly url: string;
  /** Increases with every Share click, so the dialog copies again for a new link. */
  readonly seq: number;
}

/** Something to load that would replace or add to the person's text, waiting for their answer. */
export type PendingLoad =
  | { readonly kind: 'yaml'; readonly files: readonly TextFile[] }
  | { readonly kind: 'scenario'; readonly name: string; readonly scenario: Scenario };

/** After a link replaced the person's work: the copy of it that can come back. */
export interface SetAside {
  readonly work: Work;
  /** 'previous': their own work is aside; 'shared': they went back to it, the link's scenario is aside. */
  readonly holds: 'previous' | 'shared';
}

export interface ShareSlice {
  readonly shareLink: ShareLink | undefined;
  readonly pendingLoad: PendingLoad | undefined;
  readonly setAside: SetAside | undefined;
  openShare(url: string): void;
  closeShare(): void;
  /** Puts a whole scenario on the page: text (one undoable edit), settings, flow, step, view. */
  applyScenario(scenario: Scenario): void;
  /** Loads files or a scenario, asking first when the person's text would be lost. */
  offerLoad(load: PendingLoad): void;
  confirmLoad(how: 'replace' | 'append'): void;
  cancelLoad(): void;
  /** Puts text and settings on the page (one undoable edit for the text). */
  applyWork(work: Work): void;
  setSetAside(setAside: SetAside | undefined): void;
}

const joinFiles = (files: readonly TextFile[]): string => files.reduce((text, f) => text + documentAppend(text, f.text), '');

/** Whether replacing the editor's text would lose anything the person wrote. */
const wouldLose = (state: AppState, replacement: string): boolean =>
  state.text.trim() !== '' && state.text !== state.exampleText && state.text !== replacement;

export const createShareSlice: StateCreator<AppState, [], [], ShareSlice> = (set, get) => {
  /** Counts Share clicks, so a new click is told from the last one even after the dialog closed. */
  let shares = 0;
  const putText = (text: string): void => {
    // The store first, so the run below is on the new text; then the editor, as one undoable change.
    get().setText(text);
    get().replaceText(text);
  };
  return {
    shareLink: undefined,
    pendingLoad: undefined,
    setAside: undefined,
    openShare: (url) => {
      shares += 1;
      set({ shareLink: { url, seq: shares } });
    },
    closeShare: () => set({ shareLink: undefined }),
    applyScenario: (scenario) => {
      putText(scenario.manifests);
      get().editSettings(draftOf(scenario.settings));
      get().simulate();
      get().replaceFlows(scenario.flows, scenario.flowIndex);
      get().goTo(scenario.step);
      get().setView(scenario.view.pane);
    },
    offerLoad: (load) => {
      const replacement = load.kind === 'yaml' ? joinFiles(load.files) : load.scenario.manifests;
      if (wouldLose(get(), replacement)) set({ pendingLoad: load });
      else if (load.kind === 'yaml') putText(replacement);
      else get().applyScenario(load.scenario);
    },
    confirmLoad: (how) => {
      const load = get().pendingLoad;
      set({ pendingLoad: undefined });
      if (!load) return;
      if (load.kind === 'scenario') get().applyScenario(load.scenario);
      else if (how === 'append') get().appendDocuments(joinFiles(load.files));
      else putText(joinFiles(load.files));
    },
    cancelLoad: () => set({ pendingLoad: undefined }),
    applyWork: (work) => {
      putText(work.text);
      get().editSettings(draftOf(work.settings));
      get().simulate();
    },
    setSetAside: (setAside) => set({ setAside }),
  };
};
