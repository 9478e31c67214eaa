/** Saving the scenario as a file, and loading opened or dropped files. */
import { MAX_SCENARIO_BYTES, scenarioToFile } from '../../core';
import { useAppStore } from '../store';
import { scenarioOf } from './currentScenario';
import { downloadText } from './download';
import { classifyFiles, type TextFile } from './droppedFiles';
import { shareMessages } from './messages';

export const SCENARIO_FILE_NAME = 'kube-packet-path-scenario.json';

export function exportScenarioFile(): void {
  downloadText(SCENARIO_FILE_NAME, scenarioToFile(scenarioOf(useAppStore.getState())), 'application/json');
}

const refuse = (message: string): void => useAppStore.getState().showNotice({ id: 'files-unreadable', message });

/** Reads the files (refusing huge ones before reading them) and loads them, asking when text would be lost. */
export async function loadFiles(files: readonly File[]): Promise<void> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_SCENARIO_BYTES) return refuse(shareMessages.filesTooLarge(total, MAX_SCENARIO_BYTES));
  const texts: TextFile[] = [];
  for (const file of files) {
    try {
      texts.push({ name: file.name, text: await file.text() });
    } catch {
      return refuse(shareMessages.readFailed(file.name));
    }
  }
  const loadable = classifyFiles(texts);
  if (loadable.kind === 'refused') return refuse(loadable.message);
  const store = useAppStore.getState();
  store.dismissNotice('files-unreadable');
  store.offerLoad(loadable);
}
