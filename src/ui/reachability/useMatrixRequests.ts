/** Asks for a new matrix whenever the model or the question changes, while the view is open. */
import { useEffect } from 'react';
import { useAppStore } from '../store';

export function useMatrixRequests(): void {
  const model = useAppStore((s) => s.model);
  const stale = useAppStore((s) => s.stale);
  const query = useAppStore((s) => s.matrixQuery);
  useEffect(() => {
    useAppStore.getState().requestMatrix();
  }, [model, stale, query]);
}
