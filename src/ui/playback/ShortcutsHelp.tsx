/** The keyboard help: a modal <dialog> listing every key the page answers; Escape or the button closes it. */
import { useRef } from 'react';
import { Modal } from '../share/Modal';
import { SHORTCUTS, useShortcutsHelp } from './shortcutsHelp';

export function ShortcutsHelp() {
  const open = useShortcutsHelp((s) => s.open);
  const hide = useShortcutsHelp((s) => s.hide);
  const close = useRef<HTMLButtonElement>(null);
  return (
    <Modal open={open} titleId="shortcuts-title" className="shortcuts-dialog" testId="shortcuts-help" initialFocus={close} onClose={hide}>
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
    </Modal>
  );
}
