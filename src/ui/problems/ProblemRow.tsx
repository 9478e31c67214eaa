/** One problem: severity, line:column, message and code. Clicking selects its span in the editor. */
import { memo } from 'react';
import type { Diagnostic } from '../../core';
import { useAppStore } from '../store';
import { SeverityIcon } from './SeverityIcon';

interface Props {
  readonly diagnostic: Diagnostic;
}

export const ProblemRow = memo(function ProblemRow({ diagnostic }: Props) {
  const { severity, code, message, span } = diagnostic;
  return (
    <li className={`problem problem-${severity}`}>
      <button
        type="button"
        data-testid="problem"
        data-severity={severity}
        data-code={code}
        data-line={span.line}
        title="Show in the editor"
        onClick={() => useAppStore.getState().revealInEditor(span.from, span.to)}
      >
        <SeverityIcon severity={severity} />
        <span className="problem-where" data-testid="problem-where">
          {span.line}:{span.column}
        </span>
        <span className="problem-message">
          {message}
          <span className="problem-code">{code}</span>
        </span>
      </button>
    </li>
  );
});
