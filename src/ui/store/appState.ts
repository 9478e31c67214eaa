import type { ScenarioSlice } from './scenarioSlice';
import type { SettingsSlice } from './settingsSlice';
import type { FlowSlice } from './flowSlice';
import type { PlaybackSlice } from './playbackSlice';
import type { EditorSlice } from './editorSlice';
import type { ExampleSlice } from './exampleSlice';
import type { PanelsSlice } from './panelsSlice';
import type { NoticesSlice } from './noticesSlice';
import type { ViewSlice } from '../reachability/viewSlice';
import type { ReachabilitySlice } from '../reachability/reachabilitySlice';
import type { ThemeSlice } from '../theme/themeSlice';
import type { ShareSlice } from '../share/shareSlice';
import type { PolicyCursorSlice } from '../policy-cursor/policyCursorSlice';
import type { ExpandSlice } from '../diagram/expandSlice';

export type AppState = ScenarioSlice &
  SettingsSlice &
  FlowSlice &
  PlaybackSlice &
  EditorSlice &
  ExampleSlice &
  PanelsSlice &
  NoticesSlice &
  ViewSlice &
  ReachabilitySlice &
  ThemeSlice &
  ShareSlice &
  PolicyCursorSlice &
  ExpandSlice;
