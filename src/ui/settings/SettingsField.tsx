/** One setting: its label, its control, a hint, and the core's problems with it beside it. */
import type { SettingsProblem } from '../../core';
import type { SettingsField as Field } from '../store/settingsDraft';
import { FIELD_TEXT } from './labels';

interface Props {
  readonly field: Field;
  readonly problems: readonly SettingsProblem[];
  /** An extra line under the hint (e.g. "your YAML names its nodes"). */
  readonly note?: string | undefined;
  /** The control, given the ids it must carry for its label and messages. */
  readonly children: (ids: ControlIds) => React.ReactNode;
}

export interface ControlIds {
  readonly id: string;
  readonly describedBy: string;
  readonly invalid: boolean;
}

export function SettingsField({ field, problems, note, children }: Props) {
  const { label, hint, flag } = FIELD_TEXT[field];
  const id = `setting-${field}`;
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const invalid = problems.length > 0;
  return (
    <div className={`setting${invalid ? ' invalid' : ''}`} data-testid={`setting-row-${field}`}>
      <label htmlFor={id}>{label}</label>
      <div className="setting-control">
        {children({ id, describedBy: invalid ? `${problemId} ${hintId}` : hintId, invalid })}
        {invalid && (
          <ul className="setting-problems" id={problemId} data-testid={`setting-problem-${field}`} role="alert">
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        )}
        <p className="setting-hint" id={hintId}>
          {hint}
          {flag && <code className="setting-flag"> {flag}</code>}
          {note && <span className="setting-note"> {note}</span>}
        </p>
      </div>
    </div>
  );
}
