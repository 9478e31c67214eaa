import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { EmbedApp } from './embed/EmbedApp';
import { EMBEDDED } from './embed/embedMode';
import { isScenarioFragment } from '../core';
import { openLinkInAddress } from './share/incomingLink';
import { useAppStore } from './store';
import { applyTheme } from './theme/browserTheme';
import { selectTheme } from './theme/themeSlice';
import './styles/app.css';

// The colours are right from the first paint: no flash of the other theme.
applyTheme(selectTheme(useAppStore.getState()));
// The first picture is ready on the first render: run the core on the example now.
useAppStore.getState().simulate();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const render = (): void =>
  createRoot(root).render(
    <StrictMode>
      {EMBEDDED ? <EmbedApp /> : <App />}
    </StrictMode>,
  );
// A shared link is unpacked (a few milliseconds) before the first render, so the page never
// shows the stored work first and then jumps to the link's scenario.
if (isScenarioFragment(window.location.hash)) void openLinkInAddress().finally(render);
else render();
