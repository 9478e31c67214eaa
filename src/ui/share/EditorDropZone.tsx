/**
 * Files dropped on the editor load as YAML (or as a scenario file). The drop is taken before
 * CodeMirror sees it (capture phase), since CodeMirror would paste a dropped file's text at
 * the drop point; dragging text inside the editor is left to CodeMirror.
 */
import { useRef, useState } from 'react';
import { loadFiles } from './scenarioFiles';

const carriesFiles = (event: React.DragEvent): boolean => event.dataTransfer.types.includes('Files');

export function EditorDropZone({ children }: { readonly children: React.ReactNode }) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed; count them to know when the drag left.
  const depth = useRef(0);
  return (
    <div
      className={`drop-zone${over ? ' drop-zone-active' : ''}`}
      data-testid="editor-drop-zone"
      onDragEnterCapture={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOverCapture={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.stopPropagation();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeaveCapture={(event) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDropCapture={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.stopPropagation();
        depth.current = 0;
        setOver(false);
        void loadFiles([...event.dataTransfer.files]);
      }}
    >
      {children}
      {over && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          Drop YAML files to load them, or a scenario file to open it
        </div>
      )}
    </div>
  );
}
