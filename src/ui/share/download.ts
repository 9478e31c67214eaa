/** Hands text to the browser's downloads as a file, as a link with `download` would. */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; let go of the blob a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
