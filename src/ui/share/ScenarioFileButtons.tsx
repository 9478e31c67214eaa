/** The header's "Import" (scenario file or YAML files) and "Export" (scenario file) buttons. */
import { useRef } from 'react';
import { exportScenarioFile, loadFiles } from './scenarioFiles';

export function ScenarioFileButtons() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" data-testid="import-scenario" title="Open a scenario file (.json) or YAML files" onClick={() => input.current?.click()}>
        Import…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        multiple
        accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
        data-testid="import-input"
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          // Cleared so that choosing the same file again still loads it.
          event.currentTarget.value = '';
          if (files.length > 0) void loadFiles(files);
        }}
      />
      <button type="button" data-testid="export-scenario" title="Save the manifests, settings, flow and hop as a scenario file (.json)" onClick={exportScenarioFile}>
        Export
      </button>
    </>
  );
}
