/**
 * The header's "Examples" button, the gallery it opens, and the question asked before an
 * example replaces the user's text.
 */
import { useAppStore } from '../store';
import { ConfirmDialog } from '../header/ConfirmDialog';
import { GalleryDialog } from './GalleryDialog';

export function GalleryButton() {
  const open = useAppStore((s) => s.galleryOpen);
  const confirming = useAppStore((s) => s.confirmingExample);
  const store = useAppStore.getState;
  return (
    <>
      <button type="button" data-testid="gallery-button" aria-haspopup="dialog" aria-expanded={open} onClick={() => store().openGallery()}>
        Examples
      </button>
      <GalleryDialog />
      <ConfirmDialog
        open={confirming !== undefined}
        title="Replace your YAML with the example?"
        confirmLabel="Replace"
        onConfirm={() => store().confirmExample()}
        onCancel={() => store().cancelExample()}
      >
        <p>
          The editor holds YAML that is not an example. Loading <strong>{confirming?.label}</strong> replaces all of it, and the cluster settings and the
          flow with the example’s.
        </p>
        <p className="muted-text">You can get your text back with Undo (Ctrl+Z) in the editor.</p>
      </ConfirmDialog>
    </>
  );
}
