/**
 * "Export": the diagram as PNG or SVG, the trace as Markdown (copied, or as a file). A
 * <details> disclosure, so it opens with the keyboard by itself; Escape and a click elsewhere
 * close it. The last action's outcome is announced beside it.
 */
import { useEffect, useRef, useState } from 'react';
import { formatFlow, traceMarkdown } from '../../core';
import { copyText } from '../inspector/copyText';
import { useAppStore } from '../store';
import { exportFileName } from './fileName';
import { saveFile } from './saveFile';
import type { ImageFormat } from './diagramImage';

function useCloseOnOutside(menu: React.RefObject<HTMLDetailsElement | null>): void {
  useEffect(() => {
    const onPointer = (event: PointerEvent): void => {
      const element = menu.current;
      if (element?.open && event.target instanceof Node && !element.contains(event.target)) element.open = false;
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [menu]);
}

export function ExportMenu() {
  const trace = useAppStore((s) => (s.result?.ok ? s.result.trace : undefined));
  const settings = useAppStore((s) => s.simulatedSettings ?? s.settings);
  const drawn = useAppStore((s) => s.model?.topology !== undefined);
  const [status, setStatus] = useState('');
  const menu = useRef<HTMLDetailsElement>(null);
  useCloseOnOutside(menu);

  const flowText = trace ? formatFlow(trace.flow) : undefined;
  const close = (): void => {
    if (menu.current) menu.current.open = false;
  };
  const markdown = (): string | undefined => (trace ? traceMarkdown(trace, { settings }) : undefined);

  const exportImage = async (format: ImageFormat): Promise<void> => {
    close();
    const container = document.querySelector<HTMLElement>('[data-testid="diagram"]');
    if (!container) return;
    setStatus(`Drawing the ${format.toUpperCase()}…`);
    try {
      const { diagramImage } = await import('./diagramImage');
      const name = exportFileName(flowText, format);
      saveFile(await diagramImage(container, format), name);
      setStatus(`Saved ${name}`);
    } catch (error) {
      setStatus(`Could not export the diagram: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const copyMarkdown = async (): Promise<void> => {
    close();
    const text = markdown();
    if (text === undefined) return;
    setStatus((await copyText(text)) ? 'Copied the trace as Markdown' : 'The browser did not allow copying; download the file instead');
  };
  const downloadMarkdown = (): void => {
    close();
    const text = markdown();
    if (text === undefined) return;
    const name = exportFileName(flowText, 'md');
    saveFile(new Blob([text], { type: 'text/markdown;charset=utf-8' }), name);
    setStatus(`Saved ${name}`);
  };

  return (
    <div className="export">
      <span className="export-status" role="status" data-testid="export-status">
        {status}
      </span>
      <details
        className="export-menu"
        ref={menu}
        data-testid="export-menu"
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || !menu.current?.open) return;
          event.stopPropagation();
          close();
          menu.current.querySelector('summary')?.focus();
        }}
      >
        <summary data-testid="export-toggle">Export</summary>
        <div className="export-items" role="group" aria-label="Export">
          <button type="button" data-testid="export-png" disabled={!drawn} onClick={() => void exportImage('png')}>
            Diagram as PNG
          </button>
          <button type="button" data-testid="export-svg" disabled={!drawn} onClick={() => void exportImage('svg')}>
            Diagram as SVG
          </button>
          <button type="button" data-testid="export-md-copy" disabled={!trace} onClick={() => void copyMarkdown()}>
            Copy trace as Markdown
          </button>
          <button type="button" data-testid="export-md-download" disabled={!trace} onClick={downloadMarkdown}>
            Download trace as Markdown
          </button>
        </div>
      </details>
    </div>
  );
}
