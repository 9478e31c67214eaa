/** The keyboard help: a modal <dialog> listing every key the page answers; Escape or the button closes it. */
import { useEffect, useRef } from 'react';
import { SHORTCUTS, useShortcutsHelp } from './shortcutsHelp';

export function ShortcutsHelp() {
  const open = useShortcutsHelp((s) => s.open);
  const hide = useShortcutsHelp((s) => s.hide);
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      close.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog shortcuts-dialog"
      data-testid="shortcuts-help"
      aria-labelledby="shortcuts-title"
      onCancel={(event) => {
        event.preventDefault();
        hide();
      }}
    >
      <h2 id="shortcuts-title">Keyboard</h2>
      {SHORTCUTS.map((group) => (
        <table key={group.where} className="shortcuts-table">
          <caption>{group.where}</caption>
          <tbody>
            {group.keys.map(([key, what]) => (
              <tr key={key}>
                <th scope="row">
                  <kbd>{key}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <div className="confirm-actions">
        <button type="button" ref={close} data-testid="shortcuts-close" onClick={hide}>
          Close
        </button>
      </div>
    </dialog>
  );
}
