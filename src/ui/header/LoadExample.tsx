/** The header's "Load example" button and the question it asks before replacing the user's text. */
import { useAppStore } from '../store';
import { ConfirmDialog } from './ConfirmDialog';

export function LoadExample() {
  const confirming = useAppStore((s) => s.confirmingExample);
  const store = useAppStore.getState;
  return (
    <>
      <button type="button" data-testid="load-example" onClick={() => store().loadExample()}>
        Load example
      </button>
      <ConfirmDialog
        open={confirming}
        title="Replace your YAML with the example?"
        confirmLabel="Replace"
        onConfirm={() => store().confirmExample()}
        onCancel={() => store().cancelExample()}
      >
        <p>The editor holds YAML that is not the example. Loading the example replaces all of it.</p>
        <p className="muted-text">You can get your text back with Undo (Ctrl+Z) in the editor.</p>
      </ConfirmDialog>
    </>
  );
}
