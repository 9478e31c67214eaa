import { saveFile } from '../export/saveFile';

/** Hands text to the browser's downloads as a file, as a link with `download` would. */
export function downloadText(name: string, text: string, type: string): void {
  saveFile(new Blob([text], { type }), name);
}
