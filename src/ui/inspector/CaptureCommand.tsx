/** Where to see this hop on a real node, with a copy button. Keyed by command, so a new hop starts fresh. */
import type { Capture } from '../../core';
import { useCopy } from './useCopy';

export function CaptureCommand({ capture }: { readonly capture: Capture }) {
  const { state, copy } = useCopy(capture.command);
  return (
    <div className="capture">
      <div className="capture-line">
        <code data-testid="inspector-capture">{capture.command}</code>
        <button type="button" data-testid="copy-capture" onClick={copy} title="Copy the command">
          {state === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {state === 'failed' && (
        <p className="hint" role="status">
          The browser did not allow copying; select the command and copy it by hand.
        </p>
      )}
      {capture.note && <p className="hint">{capture.note}</p>}
    </div>
  );
}
