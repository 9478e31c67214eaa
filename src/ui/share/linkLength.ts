/**
 * How long a link may be before it stops travelling well. The scenario rides in the fragment
 * (after `#`), which browsers never send to a server, so server limits only matter where a
 * link passes through a tool that stores or forwards the whole address. The figures:
 * - 8,000 characters: the least that RFC 9110 (§4.1) asks every HTTP sender and recipient to
 *   support; chat tools, ticket systems, link shorteners and proxies commonly cut or refuse
 *   longer links (nginx's and Apache's default request-line limits are about 8 KiB).
 * - 1,048,576 characters: Firefox's default `network.standard-url.max-length`; it does not
 *   open a longer address at all. Chromium's limit is twice that (2,097,152, `kMaxURLChars`);
 *   Safari (WebKit) sets none of its own.
 */
export const RISKY_LINK_LENGTH = 8_000;
export const FIREFOX_MAX_URL_LENGTH = 1_048_576;
export const CHROMIUM_MAX_URL_LENGTH = 2_097_152;

export type LinkFit = 'fits' | 'risky' | 'too-long';

export function linkFit(length: number): LinkFit {
  if (length > FIREFOX_MAX_URL_LENGTH) return 'too-long';
  if (length > RISKY_LINK_LENGTH) return 'risky';
  return 'fits';
}

/** 12345 → "12,345", the same in every locale, so tests and screenshots read alike. */
export const groupDigits = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
