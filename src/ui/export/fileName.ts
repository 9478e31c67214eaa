/** A file name that says which flow it shows: `packet-path-default-frontend-web-to-default-backend-8080-tcp.png`. */
export function exportFileName(flowText: string | undefined, extension: string): string {
  const slug = (flowText ?? '')
    .toLowerCase()
    .replace(/→/g, ' to ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
  return `packet-path${slug ? `-${slug}` : ''}.${extension}`;
}
