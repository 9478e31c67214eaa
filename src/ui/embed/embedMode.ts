/**
 * Embed mode: `?embed=1` in the page URL shows only the diagram and the step controls, for an
 * <iframe> in a documentation page. A query parameter, not the fragment: the fragment carries
 * a shared scenario, and the two combine (`?embed=1#…`). `?theme=light|dark` fixes the colours.
 */

/** `?embed`, `?embed=1`, `?embed=true`: on; absent, `0` or `false`: off. */
export function embedFromQuery(search: string): boolean {
  const value = new URLSearchParams(search).get('embed');
  return value !== null && value !== '0' && value.toLowerCase() !== 'false';
}

/** The same page without the embed flag and the theme override: where "open the full view" goes. */
export function fullViewUrl(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('embed');
  url.searchParams.delete('theme');
  return url.toString();
}

/** Whether this page is embedded; read once, as the URL's query does not change without a reload. */
export const EMBEDDED: boolean = typeof window !== 'undefined' && embedFromQuery(window.location.search);
