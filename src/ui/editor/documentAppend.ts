/**
 * The text that adds YAML documents at the end of a multi-document file: a `---` line
 * to separate them from what is there (on a line of its own, even when the file does not
 * end with a newline), then the documents. Nothing to separate in an empty file.
 */
export function documentAppend(current: string, documents: string): string {
  if (current.trim() === '') return documents;
  const newline = current.endsWith('\n') ? '' : '\n';
  return `${newline}---\n${documents}`;
}
