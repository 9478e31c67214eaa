/**
 * The question asked before opened or dropped files replace text the person wrote: YAML files
 * can be added after it or replace it; a scenario file replaces text and settings. Either way
 * Ctrl+Z in the editor brings the text back. Cancel has the keyboard; Escape cancels.
 */
import { useRef } from 'react';
import { useAppStore } from '../store';
import { Modal } from './Modal';
import type { TextFile } from './droppedFiles';
import type { PendingLoad } from './shareSlice';

const size = (text: string): string => (text.length < 1024 ? `${text.length} characters` : `${(text.length / 1024).toFixed(1)} KB`);

function FileList({ files }: { readonly files: readonly TextFile[] }) {
  return (
    <ul className="load-files" data-testid="load-files">
      {files.map((f, i) => (
        <li key={`${i}:${f.name}`}>
          <code>{f.name}</code> <span className="muted-text">({size(f.text)})</span>
        </li>
      ))}
    </ul>
  );
}

function Question({ load }: { readonly load: PendingLoad }) {
  if (load.kind === 'yaml') {
    const count = load.files.length === 1 ? 'this YAML file' : `these ${load.files.length} YAML files`;
    return (
      <>
        <h2 id="load-title">Add {count} to your YAML, or replace it?</h2>
        <FileList files={load.files} />
        <p className="muted-text">
          Adding puts {load.files.length === 1 ? 'the file' : 'the files, in this order,'} after your YAML, separated by “---”. You can undo either with Ctrl+Z in the
          editor.
        </p>
      </>
    );
  }
  return (
    <>
      <h2 id="load-title">Replace your YAML and settings with the scenario file?</h2>
      <p>
        <code>{load.name}</code> sets the manifests, the cluster settings, the flow and the hop shown.
      </p>
      <p className="muted-text">You can get your text back with Undo (Ctrl+Z) in the editor.</p>
    </>
  );
}

export function LoadDialog() {
  const pending = useAppStore((s) => s.pendingLoad);
  const cancel = useRef<HTMLButtonElement>(null);
  const store = useAppStore.getState;
  return (
    <Modal open={pending !== undefined} titleId="load-title" testId="load-dialog" initialFocus={cancel} onClose={() => store().cancelLoad()}>
      {pending && (
        <>
          <Question load={pending} />
          <div className="confirm-actions">
            <button type="button" ref={cancel} data-testid="load-cancel" onClick={() => store().cancelLoad()}>
              Cancel
            </button>
            <button type="button" className={pending.kind === 'scenario' ? 'primary' : undefined} data-testid="load-replace" onClick={() => store().confirmLoad('replace')}>
              {pending.kind === 'scenario' ? 'Replace' : 'Replace my YAML'}
            </button>
            {pending.kind === 'yaml' && (
              <button type="button" className="primary" data-testid="load-append" onClick={() => store().confirmLoad('append')}>
                Add to my YAML
              </button>
            )}
          </div>
        </>
      )}
    </Modal>
  );
}
