/** Opens shared links pasted into the address bar while the page is open. */
import { useEffect } from 'react';
import { watchAddressForLinks } from './incomingLink';

export function useLinkWatch(): void {
  useEffect(() => watchAddressForLinks(), []);
}
