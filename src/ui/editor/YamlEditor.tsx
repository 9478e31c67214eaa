/**
 * The YAML editor. CodeMirror owns the text; an update listener copies it to the
 * store, and the core's diagnostics come back as lint results at their lines
 * (errors, warnings and infos, each with its own mark; hovering shows the message).
 */
import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useAppStore } from '../store';
import { editorTheme } from './editorTheme';
import { toLintDiagnostics } from './toLintDiagnostics';
import { useAppendRequests, useReplaceRequests, useRevealRequests } from './editorRequests';

function useEditorView(host: React.RefObject<HTMLDivElement | null>): React.RefObject<EditorView | null> {
  const viewRef = useRef<EditorView | null>(null);
  useEffect(() => {
    const parent = host.current;
    if (!parent) return undefined;
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: useAppStore.getState().text,
        extensions: [
          basicSetup,
          yaml(),
          lintGutter(),
          editorTheme,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'Kubernetes YAML' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) useAppStore.getState().setText(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [host]);
  return viewRef;
}

/** Shows the diagnostics of the last run, if that run was on the text now in the editor. */
function useLintFromStore(viewRef: React.RefObject<EditorView | null>): void {
  const diagnostics = useAppStore((s) => s.diagnostics);
  const simulatedText = useAppStore((s) => s.simulatedText);
  useEffect(() => {
    const view = viewRef.current;
    if (!view || view.state.doc.toString() !== simulatedText) return;
    view.dispatch(setDiagnostics(view.state, toLintDiagnostics(diagnostics, view.state.doc.length)));
  }, [viewRef, diagnostics, simulatedText]);
}

export default function YamlEditor() {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useEditorView(host);
  useLintFromStore(viewRef);
  useRevealRequests(viewRef);
  useReplaceRequests(viewRef);
  useAppendRequests(viewRef);
  return <div className="editor" data-testid="editor" ref={host} />;
}
