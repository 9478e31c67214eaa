import type { ScenarioSlice } from './scenarioSlice';
import type { FlowSlice } from './flowSlice';
import type { PlaybackSlice } from './playbackSlice';
import type { EditorSlice } from './editorSlice';

export type AppState = ScenarioSlice & FlowSlice & PlaybackSlice & EditorSlice;
