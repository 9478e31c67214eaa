/** The app's one store, made of small slices. Components select narrowly from it. */
import { create } from 'zustand';
import exampleYaml from '../../../examples/same-node-pods.yaml?raw';
import type { AppState } from './appState';
import { createScenarioSlice } from './scenarioSlice';
import { createFlowSlice } from './flowSlice';
import { createPlaybackSlice } from './playbackSlice';
import { createEditorSlice } from './editorSlice';

export type { AppState } from './appState';
export type { Step, Direction } from './steps';
export { stepsOf, pathOf } from './steps';

export const EXAMPLE_YAML: string = exampleYaml;

export const useAppStore = create<AppState>()((...a) => ({
  ...createScenarioSlice(EXAMPLE_YAML)(...a),
  ...createFlowSlice(...a),
  ...createPlaybackSlice(...a),
  ...createEditorSlice(...a),
}));
