/**
 * Cluster settings: what manifests do not say. Valid changes apply at once (the core runs
 * again); while a field is invalid its message shows beside it and the last valid settings
 * stay in effect. Drawn over the editor pane, which stays mounted underneath with its undo history.
 */
import { useEffect, useMemo, useRef } from 'react';
import { CNI_PLUGINS, DEFAULT_SETTINGS, KUBE_PROXY_MODES, pluginDefaults } from '../../core';
import { useAppStore } from '../store';
import { draftOf } from '../store/settingsDraft';
import { SETTINGS_TOGGLE_ID } from '../header/SettingsToggle';
import { CNI_LABELS, KUBE_PROXY_LABELS } from './labels';
import { ModelNodes } from './ModelNodes';
import { ChoiceSetting, SwitchSetting, TextSetting } from './SettingsControls';

const CNI_CHOICES = CNI_PLUGINS.map((value) => ({ value, label: CNI_LABELS[value] }));
const PROXY_CHOICES = KUBE_PROXY_MODES.map((value) => ({ value, label: KUBE_PROXY_LABELS[value] }));
const DEFAULT_DRAFT = draftOf(DEFAULT_SETTINGS);

/**
 * Picks a plugin. Settings still at the old plugin's default follow the new one (Weave's own
 * range, Cilium's ipBlocks that never match pods); ones the person changed stay.
 */
function pickCni(value: string): void {
  const cni = CNI_PLUGINS.find((p) => p === value);
  if (!cni) return;
  const { settingsDraft: draft, editSettings } = useAppStore.getState();
  const before = pluginDefaults(draft.cni);
  const after = pluginDefaults(cni);
  editSettings({
    cni,
    clusterCIDR: draft.clusterCIDR.trim() === before.clusterCIDR ? after.clusterCIDR : draft.clusterCIDR,
    ipBlockMatchesPods: draft.ipBlockMatchesPods === before.ipBlockMatchesPods ? after.ipBlockMatchesPods : draft.ipBlockMatchesPods,
  });
}

function pickKubeProxyMode(value: string): void {
  const kubeProxyMode = KUBE_PROXY_MODES.find((m) => m === value);
  if (kubeProxyMode) useAppStore.getState().editSettings({ kubeProxyMode });
}

function close(): void {
  useAppStore.getState().setSettingsOpen(false);
  document.getElementById(SETTINGS_TOGGLE_ID)?.focus();
}

/** Says so when the YAML names its own nodes and the node names setting is not used. */
function useNodeNamesNote(): string | undefined {
  const nodes = useAppStore((s) => s.model?.cluster.nodes);
  return useMemo(() => {
    if (!nodes || nodes.length === 0 || nodes.some((n) => n.origin === 'settings')) return undefined;
    return 'Your YAML names its nodes, so these names are not used now.';
  }, [nodes]);
}

function KeptNotice() {
  const problems = useAppStore((s) => s.settingsProblems.length);
  if (problems === 0) return null;
  return (
    <p className="settings-kept" data-testid="settings-kept" role="status">
      {problems === 1 ? 'One setting is' : `${problems} settings are`} not valid. The simulation keeps using the last
      valid settings until you fix {problems === 1 ? 'it' : 'them'}.
    </p>
  );
}

export function SettingsPanel() {
  const open = useAppStore((s) => s.settingsOpen);
  const atDefaults = useAppStore((s) => JSON.stringify(s.settingsDraft) === JSON.stringify(DEFAULT_DRAFT));
  const nodeNamesNote = useNodeNamesNote();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <aside
      id="settings-panel"
      className="settings-panel"
      data-testid="settings-panel"
      aria-labelledby="settings-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <header className="settings-head">
        <h2 id="settings-title" ref={heading} tabIndex={-1}>
          Cluster settings
        </h2>
        <button type="button" className="settings-close" data-testid="settings-close" aria-label="Close the cluster settings" onClick={close}>
          ×
        </button>
      </header>
      <p className="setting-hint">What the manifests do not say. Valid changes apply at once.</p>
      <KeptNotice />
      <form className="settings-form" aria-label="Cluster settings" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Nodes</legend>
          <TextSetting field="nodeNames" note={nodeNamesNote} placeholder="node-1, node-2" />
          <TextSetting field="nodeSubnet" />
          <ModelNodes />
        </fieldset>
        <fieldset>
          <legend>Pods</legend>
          <TextSetting field="clusterCIDR" />
          <TextSetting field="nodeCIDRMaskSize" />
          <ChoiceSetting field="cni" choices={CNI_CHOICES} onPick={pickCni} />
        </fieldset>
        <fieldset>
          <legend>Services</legend>
          <TextSetting field="serviceCIDR" />
          <TextSetting field="clusterDomain" />
          <ChoiceSetting field="kubeProxyMode" choices={PROXY_CHOICES} onPick={pickKubeProxyMode} />
          <TextSetting field="loadBalancerCIDR" />
        </fieldset>
        <fieldset>
          <legend>NetworkPolicy</legend>
          <SwitchSetting field="enforceNetworkPolicy" />
          <SwitchSetting field="ipBlockMatchesPods" />
        </fieldset>
        <div className="settings-actions">
          <button type="button" data-testid="settings-reset" disabled={atDefaults} onClick={() => useAppStore.getState().resetSettings()}>
            Reset to defaults
          </button>
        </div>
      </form>
    </aside>
  );
}
