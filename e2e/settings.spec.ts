/**
 * Cluster settings: what the manifests do not say. Valid changes re-run the simulation and
 * change the addresses drawn; an invalid value shows the core's message beside its field and
 * the last valid settings stay in effect. The panel shows what the model decided per node.
 */
import { expect, test } from './fixtures';
import { DUMPED_NODE } from './yaml-snippets';

test('a new cluster CIDR changes the pod addresses; an invalid one is refused and the model kept', async ({ app }) => {
  await app.open();
  await expect(app.element('pod:default/frontend')).toContainText('10.244.0.2');
  await app.openSettings();
  await expect(app.setting('clusterCIDR')).toHaveValue('10.244.0.0/16');
  await expect(app.modelNode('node-1')).toHaveAttribute('data-origin', 'settings');
  await expect(app.modelNode('node-1')).toContainText('10.244.0.0/24');

  await app.setting('clusterCIDR').fill('10.42.0.0/16');
  await expect(app.element('pod:default/frontend')).toContainText('10.42.0.2');
  await expect(app.element('pod:default/backend')).toContainText('10.42.0.3');
  await expect(app.element('node:node-1')).toContainText('pods 10.42.0.0/24');
  await expect(app.modelNode('node-1')).toContainText('10.42.0.0/24');
  await expect(app.inspectorHeaders()).toContainText('10.42.0.2');
  await expect(app.settingsKept()).toHaveCount(0);

  await app.setting('clusterCIDR').fill('10.42.0.0/33');
  await expect(app.settingProblem('clusterCIDR')).toHaveText('"10.42.0.0/33" is not an IPv4 CIDR such as 10.244.0.0/16.');
  await expect(app.setting('clusterCIDR')).toHaveAttribute('aria-invalid', 'true');
  await expect(app.settingsKept()).toContainText('keeps using the last valid settings');
  await expect(app.page.getByTestId('settings-invalid-dot')).toBeVisible();
  // The model is the one built with 10.42.0.0/16.
  await expect(app.element('pod:default/frontend')).toContainText('10.42.0.2');
  await expect(app.modelNode('node-1')).toContainText('10.42.0.0/24');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');

  await app.setting('clusterCIDR').fill('10.42.0.0/16');
  await expect(app.settingProblem('clusterCIDR')).toHaveCount(0);
  await expect(app.settingsKept()).toHaveCount(0);
});

test('node names, the node subnet and the pod CIDR size name and address the node', async ({ app }) => {
  await app.open();
  await app.openSettings();
  await app.setting('nodeNames').fill('worker-a');
  await expect(app.element('node:worker-a')).toBeVisible();
  await expect(app.element('node:node-1')).toHaveCount(0);
  await expect(app.modelNode('worker-a')).toContainText('192.168.1.11');

  await app.setting('nodeSubnet').fill('172.31.16.0/20');
  await app.setting('nodeCIDRMaskSize').fill('/26');
  await expect(app.modelNode('worker-a')).toContainText('172.31.16.11');
  await expect(app.modelNode('worker-a')).toContainText('10.244.0.0/26');
  await expect(app.element('node:worker-a')).toContainText('172.31.16.11');

  await app.setting('nodeNames').fill('Worker_A');
  await expect(app.settingProblem('nodeNames')).toContainText('"Worker_A" is not a valid node name');
  await expect(app.element('node:worker-a')).toBeVisible();
});

test('reset to defaults puts back every default', async ({ app }) => {
  await app.open();
  await app.openSettings();
  await expect(app.settingsReset()).toBeDisabled();
  await app.setting('nodeNames').fill('worker-a, worker-b');
  await app.setting('cni').selectOption('bridge');
  await expect(app.element('bridge:worker-a/cbr0')).toBeVisible();
  await expect(app.modelNode('worker-b')).toBeVisible();
  await app.setting('serviceCIDR').fill('10.244.0.0/16');
  await expect(app.settingProblem('serviceCIDR')).toContainText('overlaps the cluster (pod) CIDR');

  await app.settingsReset().click();
  await expect(app.setting('nodeNames')).toHaveValue('node-1');
  await expect(app.setting('serviceCIDR')).toHaveValue('10.96.0.0/12');
  await expect(app.setting('cni')).toHaveValue('flannel-vxlan');
  await expect(app.settingProblem('serviceCIDR')).toHaveCount(0);
  await expect(app.element('bridge:node-1/cni0')).toBeVisible();
  await expect(app.settingsReset()).toBeDisabled();
});

test('a dump’s own node and addresses are used, and the panel says where they came from', async ({ app }) => {
  await app.open();
  await app.replaceEditorText(DUMPED_NODE);
  await app.openSettings();
  const node = app.modelNode('ip-10-0-3-17.ec2.internal');
  await expect(node).toHaveAttribute('data-origin', 'node-object');
  await expect(node).toContainText('from Node object');
  await expect(node.getByTestId('model-node-ip')).toHaveText('10.0.3.17');
  await expect(node.getByTestId('model-node-pod-cidr')).toHaveText('100.64.7.0/24');
  await expect(app.settingsPanel()).toContainText('Your YAML names its nodes, so these names are not used now.');
  await expect(app.element('pod:default/api')).toContainText('100.64.7.23');

  // Settings do not override what the dump says.
  await app.setting('clusterCIDR').fill('10.42.0.0/16');
  await expect(node.getByTestId('model-node-pod-cidr')).toHaveText('100.64.7.0/24');
  await expect(app.element('pod:default/api')).toContainText('100.64.7.23');
});

test('the panel closes with its button and with Escape, giving the focus back', async ({ app, page }) => {
  await app.open();
  await app.openSettings();
  await app.settingsClose().click();
  await expect(app.settingsPanel()).toHaveCount(0);
  await expect(app.settingsToggle()).toBeFocused();
  await app.settingsToggle().click();
  await app.setting('clusterDomain').focus();
  await page.keyboard.press('Escape');
  await expect(app.settingsPanel()).toHaveCount(0);
  await expect(app.settingsToggle()).toHaveAttribute('aria-expanded', 'false');
});
