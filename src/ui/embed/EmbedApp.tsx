/**
 * The embedded page (`?embed=1`): the diagram and the step controls, under one line that
 * names the flow and its verdict and links to the full view. No editor, no saving: an embed
 * shows the scenario of its URL (or the example) and never touches the reader's own work.
 */
import { formatFlow } from '../../core';
import { Diagram } from '../diagram/Diagram';
import { useDebouncedSimulation } from '../editor/useDebouncedSimulation';
import { StepControls } from '../playback/StepControls';
import { useKeyboardShortcuts } from '../playback/useKeyboardShortcuts';
import { usePlaybackTimer } from '../playback/usePlaybackTimer';
import { useAppStore } from '../store';
import { useTheme } from '../theme/useTheme';
import { fullViewUrl } from './embedMode';

function EmbedCaption() {
  const result = useAppStore((s) => s.result);
  const trace = result?.ok ? result.trace : undefined;
  return (
    <div className="embed-caption">
      {trace ? (
        <>
          <span className={`embed-verdict verdict-${trace.verdict}`} data-testid="embed-verdict" data-verdict={trace.verdict}>
            <span className="verdict-label">{trace.verdict}</span>
          </span>
          <span className="embed-flow" data-testid="embed-flow">
            {formatFlow(trace.flow)}
          </span>
        </>
      ) : (
        <span className="embed-flow">{result && !result.ok ? result.error.message : 'No flow to trace.'}</span>
      )}
      <a className="embed-open" href={fullViewUrl(window.location.href)} target="_blank" rel="noopener" data-testid="embed-open">
        Open in Kube Packet Path ↗
      </a>
    </div>
  );
}

export function EmbedApp() {
  useDebouncedSimulation();
  usePlaybackTimer();
  useKeyboardShortcuts();
  useTheme();
  return (
    <div className="app app-embed" data-testid="embed">
      <EmbedCaption />
      <Diagram />
      <StepControls />
    </div>
  );
}
