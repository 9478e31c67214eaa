/** A namespace's name that collapses its workloads into one row and one column, or expands them. */
import { useAppStore } from '../store';
import type { Band } from './matrixLayout';

interface Props {
  readonly band: Band;
  /** Rows and columns each have a toggle; both do the same. */
  readonly axis: 'row' | 'col';
}

export function BandToggle({ band, axis }: Props) {
  if (!band.collapsible) return <span className="band-label band-name">{band.label}</span>;
  const action = band.collapsed ? 'Expand' : 'Collapse';
  return (
    <button
      type="button"
      className="band-toggle"
      data-testid={`reach-${axis}-ns-${band.key}`}
      aria-expanded={!band.collapsed}
      title={`${action} namespace ${band.key}`}
      onClick={() => useAppStore.getState().toggleNamespace(band.key)}
    >
      <span className="band-arrow" aria-hidden="true">
        {band.collapsed ? '▸' : '▾'}
      </span>
      <span className="band-name">{band.label}</span>
    </button>
  );
}
