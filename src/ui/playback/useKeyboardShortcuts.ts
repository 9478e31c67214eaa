/**
 * Space play/pause, ←/→ step, Home/End first/last — only when the keys are not
 * meant for the editor or a form control.
 */
import { useEffect } from 'react';
import { useAppStore } from '../store';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('.cm-editor')) return true;
  return ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
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
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
