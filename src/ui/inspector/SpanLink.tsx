/**
 * A piece of the explanation that selects its YAML in the editor, through the same request as
 * the "show YAML" button. Plain text when the span is not in the editor's text: from another
 * file, or from an earlier text while the current one has errors.
 */
import type { ReactNode } from 'react';
import type { SourceSpan } from '../../core';
import { useAppStore } from '../store';

interface Props {
  readonly span: SourceSpan;
  readonly children: ReactNode;
  readonly testId?: string;
}

export function SpanLink({ span, children, testId }: Props) {
  const stale = useAppStore((s) => s.stale);
  if (stale || span.source !== undefined) {
    return (
      <span className="span-text" data-testid={testId}>
        {children}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="link-button span-link"
      data-testid={testId}
      title={`Show in the editor (line ${span.line})`}
      onClick={() => useAppStore.getState().revealInEditor(span.from, span.to)}
    >
      {children}
    </button>
  );
}
