/**
 * A small in-page confirmation (a modal <dialog>, not window.confirm): a question, what
 * happens, and two buttons. The safe choice has the focus; Escape cancels.
 */
import { useRef } from 'react';
import { Modal } from '../share/Modal';

interface Props {
  readonly open: boolean;
  readonly title: string;
  readonly children: React.ReactNode;
  readonly confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  // Escape goes to onCancel: the store decides, so `open` stays the one truth.
  return (
    <Modal open={open} titleId="confirm-title" testId="confirm-dialog" initialFocus={cancel} onClose={onCancel}>
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
    </Modal>
  );
}
