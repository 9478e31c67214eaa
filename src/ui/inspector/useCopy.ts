/** A copy-to-clipboard action and how it went, for a button that says "Copied" afterwards. */
import { useState } from 'react';
import { copyText } from './copyText';

export type CopyState = 'idle' | 'copied' | 'failed';

export function useCopy(text: string): { readonly state: CopyState; copy(): void } {
  const [state, setState] = useState<CopyState>('idle');
  const copy = (): void => {
    void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'));
  };
  return { state, copy };
}
