/** The page: editor on the left; on the right, the flow's diagram, controls, hops and inspector, or the reachability matrix. */
import { Suspense, lazy } from 'react';
import { Diagram } from './diagram/Diagram';
import { StatusLine } from './editor/StatusLine';
import { useDebouncedSimulation } from './editor/useDebouncedSimulation';
import { FlowPicker } from './flow-picker/FlowPicker';
import { FlowList } from './flows/FlowList';
import { ReplayLine } from './flows/ReplayLine';
import { AppHeader } from './header/AppHeader';
import { NoticeBar } from './header/NoticeBar';
import { Inspector } from './inspector/Inspector';
import { VerdictBadge } from './inspector/VerdictBadge';
import { usePersistence } from './persistence/usePersistence';
import { HopList } from './playback/HopList';
import { StepControls } from './playback/StepControls';
import { useKeyboardShortcuts } from './playback/useKeyboardShortcuts';
import { usePlaybackTimer } from './playback/usePlaybackTimer';
import { ProblemsPanel } from './problems/ProblemsPanel';
import { ViewSwitch } from './reachability/ViewSwitch';
import { SettingsPanel } from './settings/SettingsPanel';
import { ExportMenu } from './export/ExportMenu';
import { useTheme } from './theme/useTheme';
import { NodeRulesPanel } from './service-rules/NodeRulesPanel';
import { EditorDropZone } from './share/EditorDropZone';
import { LinkBanner } from './share/LinkBanner';
import { LoadDialog } from './share/LoadDialog';
import { ShareDialog } from './share/ShareDialog';
import { useLinkWatch } from './share/useLinkWatch';

const YamlEditor = lazy(() => import('./editor/YamlEditor'));

export function App() {
  useDebouncedSimulation();
  usePersistence();
  usePlaybackTimer();
  useKeyboardShortcuts();
  useTheme();
  useLinkWatch();
  return (
    <div className="app">
      <AppHeader />
      <NoticeBar />
      <LinkBanner />
      <main className="app-main">
        <section className="pane pane-editor" aria-label="Manifests">
          <EditorDropZone>
            <Suspense fallback={<div className="editor editor-loading">Loading the editor…</div>}>
              <YamlEditor />
            </Suspense>
          </EditorDropZone>
          <ProblemsPanel />
          <StatusLine />
          <SettingsPanel />
        </section>
        <section className="pane pane-trace" aria-label="Packet path">
          <ViewSwitch
            picker={<FlowPicker />}
            trace={
              <>
                <FlowList />
                <VerdictBadge />
                <ReplayLine />
                <Diagram />
                <div className="trace-toolbar">
                  <StepControls />
                  <ExportMenu />
                </div>
                <div className="trace-details">
                  <HopList />
                  <Inspector />
                </div>
              </>
            }
          />
        </section>
      </main>
      <NodeRulesPanel />
      <ShareDialog />
      <LoadDialog />
    </div>
  );
}
