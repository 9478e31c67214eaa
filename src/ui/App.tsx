/** The page: editor on the left; flow, diagram, controls, hops and inspector on the right. */
import { Suspense, lazy } from 'react';
import { Diagram } from './diagram/Diagram';
import { StatusLine } from './editor/StatusLine';
import { useDebouncedSimulation } from './editor/useDebouncedSimulation';
import { FlowPicker } from './flow-picker/FlowPicker';
import { Inspector } from './inspector/Inspector';
import { VerdictBadge } from './inspector/VerdictBadge';
import { HopList } from './playback/HopList';
import { StepControls } from './playback/StepControls';
import { useKeyboardShortcuts } from './playback/useKeyboardShortcuts';
import { usePlaybackTimer } from './playback/usePlaybackTimer';

const YamlEditor = lazy(() => import('./editor/YamlEditor'));

export function App() {
  useDebouncedSimulation();
  usePlaybackTimer();
  useKeyboardShortcuts();
  return (
    <div className="app">
      <header className="app-header">
        <h1>Kube Packet Path</h1>
        <p className="tagline">Paste Pod YAML, pick a flow, follow the packet hop by hop. Nothing leaves your browser.</p>
      </header>
      <main className="app-main">
        <section className="pane pane-editor" aria-label="Manifests">
          <Suspense fallback={<div className="editor editor-loading">Loading the editor…</div>}>
            <YamlEditor />
          </Suspense>
          <StatusLine />
        </section>
        <section className="pane pane-trace" aria-label="Packet path">
          <FlowPicker />
          <VerdictBadge />
          <Diagram />
          <StepControls />
          <div className="trace-details">
            <HopList />
            <Inspector />
          </div>
        </section>
      </main>
    </div>
  );
}
