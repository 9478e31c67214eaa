/**
 * Space play/pause, ←/→ step, Home/End first/last, `?` the keyboard help — only when the keys
 * are not meant for the editor or a form control.
 */
import { useEffect } from 'react';
import { useAppStore } from '../store';
import { useShortcutsHelp } from './shortcutsHelp';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('.cm-editor')) return true;
  return ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      // A modal dialog (this help, a confirmation, the rules) has the keys, not the packet behind it.
      if (event.target instanceof Element && event.target.closest('dialog[open]')) return;
      const store = useAppStore.getState();
      switch (event.key) {
        case ' ':
          // A focused button already answers Space with a click.
          if (event.target instanceof HTMLButtonElement) return;
          store.togglePlay();
          break;
        case 'ArrowRight':
          store.forward();
          break;
        case 'ArrowLeft':
          store.back();
          break;
        case 'Home':
          store.first();
          break;
        case 'End':
          store.last();
          break;
        case '?':
          useShortcutsHelp.getState().show();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
