/** Re-runs the core a moment after the user stops typing. */
import { useEffect } from 'react';
import { useAppStore } from '../store';

export const SIMULATION_DELAY_MS = 250;

export function useDebouncedSimulation(): void {
  const text = useAppStore((s) => s.text);
  const simulate = useAppStore((s) => s.simulate);
  useEffect(() => {
    const timer = window.setTimeout(simulate, SIMULATION_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text, simulate]);
}
