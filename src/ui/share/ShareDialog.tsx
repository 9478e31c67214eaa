/**
 * What Share made: the link, how long it is, and whether it travels well. A link that fits
 * common limits is copied at once; a longer one is copied only if the person asks, with the
 * scenario file offered instead; one longer than browsers open is not offered at all.
 */
import { useEffect, useRef, useState } from 'react';
import { formatFlow } from '../../core';
import { copyText } from '../inspector/copyText';
import { useAppStore } from '../store';
import type { ShareLink } from './shareSlice';
import { stepsOf } from '../store/steps';
import { groupDigits, linkFit } from './linkLength';
import { shareMessages } from './messages';
import { Modal } from './Modal';
import './share.css';
import { exportScenarioFile } from './scenarioFiles';

type CopyState = 'idle' | 'copied' | 'failed';

/** What the link reproduces, in a sentence: the flow and the hop on screen (and the other flows of the list). */
function WhatIsShared() {
  const flow = useAppStore((s) => s.flow);
  const others = useAppStore((s) => s.flows.length - 1);
  const step = useAppStore((s) => s.step);
  const count = useAppStore((s) => stepsOf(s.result).length);
  return (
    <p data-testid="share-summary">
      Whoever opens this link sees what you see now: your manifests, the cluster settings and the flow <code>{formatFlow(flow)}</code>
      {others === 0 ? '' : ` (with the ${others === 1 ? 'other flow' : `${others} other flows`} of your list)`}
      {count === 0 ? '' : `, at hop ${step + 1} of ${count}`}.
    </p>
  );
}

/** Copies the link and reports how it went; when the browser refuses, selects it for Ctrl+C. */
function copyAndSay(link: ShareLink, field: React.RefObject<HTMLInputElement | null>, say: (copied: { seq: number; state: CopyState }) => void): void {
  void copyText(link.url).then((ok) => {
    say({ seq: link.seq, state: ok ? 'copied' : 'failed' });
    if (!ok) field.current?.select();
  });
}

function LengthWarning({ length }: { readonly length: number }) {
  const fit = linkFit(length);
  if (fit === 'fits') return null;
  return (
    <p className="share-warning" data-testid="share-warning" role="alert">
      {fit === 'too-long' ? shareMessages.linkTooLong(length) : shareMessages.linkRisky(length)}
    </p>
  );
}

export function ShareDialog() {
  const link = useAppStore((s) => s.shareLink);
  const close = (): void => useAppStore.getState().closeShare();
  // How copying went, for the link of this Share click (a new click starts afresh).
  const [copied, setCopied] = useState<{ readonly seq: number; readonly state: CopyState }>({ seq: 0, state: 'idle' });
  const copy = link && copied.seq === link.seq ? copied.state : 'idle';
  const field = useRef<HTMLInputElement>(null);
  const primary = useRef<HTMLButtonElement>(null);
  const fit = link ? linkFit(link.url.length) : 'fits';

  const copyLink = (current: ShareLink): void => copyAndSay(current, field, setCopied);

  // A new link that travels well is copied right away: that is what the button promised.
  useEffect(() => {
    if (link && linkFit(link.url.length) === 'fits') copyAndSay(link, field, setCopied);
  }, [link]);

  return (
    <Modal open={link !== undefined} titleId="share-title" className="share-dialog" testId="share-dialog" initialFocus={primary} onClose={close}>
      {link && (
        <>
          <h2 id="share-title">Share this scenario</h2>
          <WhatIsShared />
          <input
            ref={field}
            className="share-url"
            data-testid="share-url"
            aria-label="Scenario link"
            readOnly
            value={fit === 'too-long' ? '' : link.url}
            placeholder="Too long for a link: export the scenario file"
            onFocus={(event) => event.currentTarget.select()}
          />
          <p className="share-status" data-testid="share-status" role="status">
            <span data-testid="share-length">{groupDigits(link.url.length)} characters</span>
            {copy === 'copied' && <span className="share-copied"> · Copied to the clipboard</span>}
            {copy === 'failed' && <span className="share-copy-failed"> · The browser did not allow copying: the link is selected, press Ctrl+C</span>}
          </p>
          <LengthWarning length={link.url.length} />
          <p className="muted-text">
            The scenario travels in the part after “#”, which browsers never send to a server. Anyone you give the link to can read your manifests.
          </p>
          <div className="confirm-actions">
            <button type="button" data-testid="share-export" className={fit === 'fits' ? undefined : 'primary'} ref={fit === 'fits' ? undefined : primary} onClick={exportScenarioFile}>
              Export scenario file
            </button>
            <button type="button" data-testid="share-close" onClick={close}>
              Close
            </button>
            {fit !== 'too-long' && (
              <button type="button" data-testid="share-copy" className={fit === 'fits' ? 'primary' : undefined} ref={fit === 'fits' ? primary : undefined} onClick={() => copyLink(link)}>
                {fit === 'fits' ? 'Copy link' : 'Copy link anyway'}
              </button>
            )}
          </div>
        </>
      )}
    </Modal>
  );
}
