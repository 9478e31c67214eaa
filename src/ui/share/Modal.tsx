/**
 * A modal <dialog> whose open state lives in the store: the page opens and closes it, Escape
 * asks the store to close it. The element named by `initialFocus` gets the keyboard.
 */
import { useEffect, useRef } from 'react';

interface Props {
  readonly open: boolean;
  readonly titleId: string;
  readonly className?: string;
  readonly testId: string;
  readonly initialFocus?: React.RefObject<HTMLElement | null>;
  readonly children: React.ReactNode;
  onClose(): void;
}

export function Modal({ open, titleId, className, testId, initialFocus, children, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      initialFocus?.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open, initialFocus]);
  return (
    <dialog
      ref={dialog}
      className={`confirm-dialog${className ? ` ${className}` : ''}`}
      data-testid={testId}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && children}
    </dialog>
  );
}
