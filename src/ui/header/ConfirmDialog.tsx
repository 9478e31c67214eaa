/**
 * A small in-page confirmation (a modal <dialog>, not window.confirm): a question, what
 * happens, and two buttons. The safe choice has the focus; Escape cancels.
 */
import { useEffect, useRef } from 'react';

interface Props {
  readonly open: boolean;
  readonly title: string;
  readonly children: React.ReactNode;
  readonly confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      cancel.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      data-testid="confirm-dialog"
      aria-labelledby="confirm-title"
      onCancel={(event) => {
        // Escape: let the store decide, so `open` stays the one truth.
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-title">{title}</h2>
      <div className="confirm-body">{children}</div>
      <div className="confirm-actions">
        <button type="button" ref={cancel} data-testid="confirm-cancel" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" data-testid="confirm-accept" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
