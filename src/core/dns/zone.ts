/** Names compare without case (DNSSPEC 2.1) and without the trailing dot of an absolute name. */
export function bareName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** The absolute form, as records carry it: `backend.default.svc.cluster.local.`. */
export function absoluteName(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** Whether a name is the zone itself or inside it. */
export function inZone(name: string, zone: string): boolean {
  const bare = bareName(name);
  const apex = bareName(zone);
  return bare === apex || bare.endsWith(`.${apex}`);
}
