/** A small inline icon per severity (no icon font), named for screen readers. */
import type { Severity } from '../../core';
import { assertNever } from '../assertNever';

function glyph(severity: Severity) {
  switch (severity) {
    case 'error':
      return (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
        </>
      );
    case 'warning':
      return (
        <>
          <path d="M8 1.2L15.2 14.5H0.8z" fill="currentColor" strokeLinejoin="round" />
          <path d="M8 6v4" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
          <circle cx="8" cy="12.2" r="1" fill="#fff" />
        </>
      );
    case 'info':
      return (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M8 7.2v4.3" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
          <circle cx="8" cy="4.7" r="1" fill="#fff" />
        </>
      );
    default:
      return assertNever(severity);
  }
}

interface Props {
  readonly severity: Severity;
}

export function SeverityIcon({ severity }: Props) {
  return (
    <svg className={`severity-icon severity-${severity}`} viewBox="0 0 16 16" width="14" height="14" role="img" aria-label={severity}>
      {glyph(severity)}
    </svg>
  );
}
