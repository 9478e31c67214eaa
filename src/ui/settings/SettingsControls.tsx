/** The two kinds of setting: free text (CIDRs, names, sizes) and a choice from the core's list. */
import { useMemo } from 'react';
import type { SettingsProblem } from '../../core';
import { useAppStore } from '../store';
import type { SettingsField as Field } from '../store/settingsDraft';
import { SettingsField } from './SettingsField';

const NONE: readonly SettingsProblem[] = [];

function useFieldProblems(field: Field): readonly SettingsProblem[] {
  const problems = useAppStore((s) => s.settingsProblems);
  return useMemo(() => {
    const mine = problems.filter((p) => p.field === field);
    return mine.length === 0 ? NONE : mine;
  }, [problems, field]);
}

type ChoiceField = 'cni' | 'kubeProxyMode';
type SwitchField = 'enforceNetworkPolicy' | 'ipBlockMatchesPods';
type TextField = Exclude<Field, ChoiceField | SwitchField>;

interface TextProps {
  readonly field: TextField;
  readonly note?: string | undefined;
  readonly placeholder?: string;
}

export function TextSetting({ field, note, placeholder }: TextProps) {
  const value = useAppStore((s) => s.settingsDraft[field]);
  const problems = useFieldProblems(field);
  return (
    <SettingsField field={field} problems={problems} note={note}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="text"
          data-testid={`setting-${field}`}
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => useAppStore.getState().editSettings({ [field]: e.target.value })}
        />
      )}
    </SettingsField>
  );
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

interface ChoiceProps {
  readonly field: ChoiceField;
  readonly choices: readonly Choice[];
  onPick(value: string): void;
}

export function ChoiceSetting({ field, choices, onPick }: ChoiceProps) {
  const value = useAppStore((s) => s.settingsDraft[field]);
  const problems = useFieldProblems(field);
  return (
    <SettingsField field={field} problems={problems}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          data-testid={`setting-${field}`}
          value={value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => onPick(e.target.value)}
        >
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </SettingsField>
  );
}

interface SwitchProps {
  readonly field: SwitchField;
}

export function SwitchSetting({ field }: SwitchProps) {
  const checked = useAppStore((s) => s.settingsDraft[field]);
  const problems = useFieldProblems(field);
  return (
    <SettingsField field={field} problems={problems}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="checkbox"
          data-testid={`setting-${field}`}
          checked={checked}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => useAppStore.getState().editSettings({ [field]: e.target.checked })}
        />
      )}
    </SettingsField>
  );
}
