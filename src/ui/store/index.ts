/** The app's one store, made of small slices. Components select narrowly from it. */
import { create } from 'zustand';
import exampleYaml from '../../../examples/same-node-pods.yaml?raw';
import { EMBEDDED } from '../embed/embedMode';
import { browserStorage } from '../persistence/browserStorage';
import { restoreSession } from '../persistence/savedSession';
import type { AppState } from './appState';
import { createScenarioSlice } from './scenarioSlice';
import { createSettingsSlice } from './settingsSlice';
import { createFlowSlice } from './flowSlice';
import { createPlaybackSlice } from './playbackSlice';
import { createEditorSlice } from './editorSlice';
import { createExampleSlice } from './exampleSlice';
import { createPanelsSlice } from './panelsSlice';
import { createNoticesSlice } from './noticesSlice';
import { createViewSlice } from '../reachability/viewSlice';
import { createReachabilitySlice } from '../reachability/reachabilitySlice';
import { initialTheme } from '../theme/browserTheme';
import { createThemeSlice } from '../theme/themeSlice';
import { createShareSlice } from '../share/shareSlice';
import { createPolicyCursorSlice } from '../policy-cursor/policyCursorSlice';
import { createExpandSlice } from '../diagram/expandSlice';

export type { AppState } from './appState';
export type { Step, Direction } from './steps';
export { stepsOf, pathOf } from './steps';

export const EXAMPLE_YAML: string = exampleYaml;

/**
 * The work of an earlier visit, when this browser kept it; else the example. An embedded page
 * (`?embed=1`) never reads the reader's own work: it shows its URL's scenario or the example.
 */
const session = EMBEDDED ? { ...restoreSession(undefined, EXAMPLE_YAML), notices: [] } : restoreSession(browserStorage(), EXAMPLE_YAML);

export const useAppStore = create<AppState>()((...a) => ({
  ...createScenarioSlice(session.text)(...a),
  ...createSettingsSlice(session)(...a),
  ...createFlowSlice(session.flows)(...a),
  ...createPlaybackSlice(...a),
  ...createEditorSlice(...a),
  ...createExampleSlice(EXAMPLE_YAML)(...a),
  ...createPanelsSlice(...a),
  ...createNoticesSlice(session.notices)(...a),
  ...createViewSlice(...a),
  ...createReachabilitySlice(...a),
  ...createThemeSlice(initialTheme())(...a),
  ...createShareSlice(...a),
  ...createPolicyCursorSlice(...a),
  ...createExpandSlice(...a),
}));
