/** While playing, advances one hop per beat. A thin adapter from a timer to the store. */
import { useEffect } from 'react';
import { useAppStore } from '../store';

export const BEAT_MS = 900;

export function usePlaybackTimer(): void {
  const playing = useAppStore((s) => s.playing);
  const tick = useAppStore((s) => s.tick);
  useEffect(() => {
    if (!playing) return undefined;
    const timer = window.setInterval(tick, BEAT_MS);
    return () => window.clearInterval(timer);
  }, [playing, tick]);
}
