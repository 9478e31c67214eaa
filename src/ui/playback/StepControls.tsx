/** ⏮ back play/pause forward, and where we are. */
import { useAppStore } from '../store';
import { selectSteps } from '../store/selectors';
import { BackIcon, FirstIcon, ForwardIcon, PauseIcon, PlayIcon } from './icons';
import { ShortcutsHelp } from './ShortcutsHelp';
import { useShortcutsHelp } from './shortcutsHelp';

export function StepControls() {
  const step = useAppStore((s) => s.step);
  const playing = useAppStore((s) => s.playing);
  const count = useAppStore((s) => selectSteps(s).length);
  const { first, back, togglePlay, forward } = useAppStore.getState();
  const showHelp = useShortcutsHelp((s) => s.show);
  const empty = count === 0;
  return (
    <div className="step-controls" role="toolbar" aria-label="Step through the hops">
      <button type="button" data-testid="btn-first" onClick={first} disabled={empty || step === 0} title="First hop (Home)" aria-label="First hop">
        <FirstIcon />
      </button>
      <button type="button" data-testid="btn-back" onClick={back} disabled={empty || step === 0} title="Previous hop (←)">
        <BackIcon /> Back
      </button>
      <button
        type="button"
        data-testid="btn-play"
        className="primary"
        onClick={togglePlay}
        disabled={count < 2}
        aria-pressed={playing}
        title="Play / pause (Space)"
      >
        {playing ? (
          <>
            <PauseIcon /> Pause
          </>
        ) : (
          <>
            <PlayIcon /> Play
          </>
        )}
      </button>
      <button
        type="button"
        data-testid="btn-forward"
        onClick={forward}
        disabled={empty || step >= count - 1}
        title="Next hop (→)"
      >
        Forward <ForwardIcon />
      </button>
      <span className="step-position" data-testid="step-position" aria-live="polite">
        {empty ? 'no hops' : `hop ${step + 1} of ${count}`}
      </span>
      <button type="button" className="step-keys" data-testid="btn-shortcuts" aria-haspopup="dialog" onClick={showHelp} title="Keyboard shortcuts (?)">
        Space · ← → · Home End · ?
      </button>
      <ShortcutsHelp />
    </div>
  );
}
