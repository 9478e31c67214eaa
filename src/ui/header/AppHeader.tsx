/** The title, what the page does, and the page-wide actions. */
import { SettingsToggle } from './SettingsToggle';
import { ThemeSwitch } from '../theme/ThemeSwitch';
import { ScenarioFileButtons } from '../share/ScenarioFileButtons';
import { ShareButton } from '../share/ShareButton';
import { GalleryButton } from '../gallery/GalleryButton';

export function AppHeader() {
  return (
    <header className="app-header">
      <h1>Kube Packet Path</h1>
      <p className="tagline">Paste Pod YAML, pick a flow, follow the packet hop by hop. Nothing leaves your browser.</p>
      <div className="header-actions">
        <ShareButton />
        <ScenarioFileButtons />
        <GalleryButton />
        <SettingsToggle />
        <ThemeSwitch />
      </div>
    </header>
  );
}
