/**
 * The names a stub resolver tries for one lookup, in order. Modelled on glibc
 * (resolv/res_query.c `__res_context_search`), the C library of most container images
 * (Debian, Ubuntu, RHEL/UBI, distroless/base):
 *
 * - a name ending in `.` is absolute: it is asked as it is, and nothing else;
 * - a name with at least `ndots` dots is asked as it is first, then with each search domain;
 * - any other name is asked with each search domain in order, then as it is last;
 * - a search domain `.` (the root) stands for the name as it is, which is then not asked again.
 *
 * The walk stops at the first name that gets an answer (see lookup.ts): a reply with records.
 * NXDOMAIN and NODATA (NOERROR without records) both move on to the next name.
 *
 * musl (Alpine) differs: with at least `ndots` dots, or a trailing dot, it asks only the name as
 * it is and never uses the search list; it moves on only after NXDOMAIN (NODATA or SERVFAIL end
 * the walk); and it sends each question to all nameservers at once, taking the first reply.
 * The JVM calls the C library's getaddrinfo(); Go's own resolver builds the same list of names.
 * Not modelled: `options rotate`, HOSTALIASES, and /etc/hosts beyond `localhost` (kubelet's
 * hosts file also maps the pod's own hostname to its IP).
 */
export interface SearchStep {
  /** The absolute name asked, with its trailing dot: `backend.default.svc.cluster.local.`. */
  readonly name: string;
  /** The search domain appended, or undefined when the name is asked as it is. */
  readonly domain: string | undefined;
}

export function searchOrder(name: string, searches: readonly string[], ndots: number): SearchStep[] {
  const dots = [...name].filter((c) => c === '.').length;
  const trailingDot = name.endsWith('.');
  const asIs: SearchStep = { name: trailingDot ? name : `${name}.`, domain: undefined };
  const steps: SearchStep[] = [];

  // "If there are enough dots in the name, let's just give it a try 'as is'" — and only that with a trailing dot.
  const triedAsIs = dots >= ndots || trailingDot;
  if (triedAsIs) {
    steps.push(asIs);
    if (trailingDot) return steps;
  }
  // RES_DEFNAMES and RES_DNSRCH are on by default: every search domain is tried.
  let rootOnList = false;
  for (const search of searches) {
    const domain = search.startsWith('.') ? search.slice(1) : search;
    if (domain === '') {
      rootOnList = true;
      steps.push(asIs);
      continue;
    }
    steps.push({ name: domain.endsWith('.') ? `${name}.${domain}` : `${name}.${domain}.`, domain: search });
  }
  // "If the query has not already been tried as is then try it" (RES_NOTLDQUERY is off by default).
  if (!triedAsIs && !rootOnList) steps.push(asIs);
  return steps;
}
