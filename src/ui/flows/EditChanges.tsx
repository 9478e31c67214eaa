/**
 * In the inspector, after an edit: what the edit did to this hop — new on the path, or which
 * fields (headers, the deciding rule) differ from the run before, old value → new value.
 */
import { hopRows } from '../playback/hopRows';
import { useAppStore } from '../store';
import { comparisonOf } from '../store/flowList';
import { selectSteps } from '../store/selectors';
import './flows.css';

export function EditChanges() {
  const steps = useAppStore(selectSteps);
  const step = useAppStore((s) => s.step);
  const comparison = useAppStore((s) => comparisonOf(s.flows[s.flowIndex]));
  if (!comparison) return null;
  const row = hopRows(steps, comparison).find((r) => r.kind === 'step' && r.step.index === step);
  if (row?.kind !== 'step') return null;
  if (row.mark === 'added') {
    return (
      <p className="edit-changes edit-changes-added" data-testid="edit-changes">
        <span className="hop-mark hop-mark-added">new</span> The packet did not take this hop before your edit.
      </p>
    );
  }
  if (row.mark !== 'changed') return null;
  return (
    <div className="edit-changes" data-testid="edit-changes">
      <span className="hop-mark hop-mark-changed">changed</span> by your edit:
      <table>
        <tbody>
          {row.fields.map((f) => (
            <tr key={f.field} data-field={f.field}>
              <th scope="row">{f.field}</th>
              <td>
                <del>{f.before}</del>
              </td>
              <td aria-hidden="true">→</td>
              <td>{f.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
