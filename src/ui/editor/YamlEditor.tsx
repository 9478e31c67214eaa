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
import { darkModeExtension, editorDarkMode, editorHighlighting, editorTheme } from './editorTheme';
import { selectTheme } from '../theme/themeSlice';
import { toLintDiagnostics } from './toLintDiagnostics';
import { useAppendRequests, useReplaceRequests, useRevealRequests } from './editorRequests';
import { cursorListener } from '../policy-cursor/cursorListener';
import { foldOnReplace } from '../diagram/foldOnReplace';

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
          editorHighlighting,
          editorDarkMode.of(darkModeExtension(selectTheme(useAppStore.getState()) === 'dark')),
          EditorView.lineWrapping,
          cursorListener,
          foldOnReplace,
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

/** Tells CodeMirror's own parts (search panel, tooltips) whether the page is dark; colours come from theme.css. */
function useEditorDarkMode(viewRef: React.RefObject<EditorView | null>): void {
  const dark = useAppStore((s) => selectTheme(s) === 'dark');
  useEffect(() => {
    viewRef.current?.dispatch({ effects: editorDarkMode.reconfigure(darkModeExtension(dark)) });
  }, [viewRef, dark]);
}

export default function YamlEditor() {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useEditorView(host);
  useLintFromStore(viewRef);
  useRevealRequests(viewRef);
  useReplaceRequests(viewRef);
  useAppendRequests(viewRef);
  useEditorDarkMode(viewRef);
  return <div className="editor" data-testid="editor" ref={host} />;
}
