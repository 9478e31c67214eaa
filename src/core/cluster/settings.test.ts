import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings } from './settings';

describe('validateSettings', () => {
  it('accepts the defaults', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual([]);
  });

  it('names each bad field', () => {
    const problems = validateSettings({
      ...DEFAULT_SETTINGS,
      nodeNames: ['ok', 'Bad_Name', 'ok'],
      clusterCIDR: '10.244.0.0/16',
      serviceCIDR: '10.244.128.0/20',
      nodeCIDRMaskSize: 12,
      clusterDomain: 'cluster..local',
      nodeSubnet: 'nope',
    });
    expect(problems.map((p) => p.field)).toEqual(['nodeNames', 'nodeNames', 'nodeSubnet', 'nodeCIDRMaskSize', 'serviceCIDR', 'clusterDomain']);
    expect(problems[4]!.message).toBe('The service CIDR overlaps the cluster (pod) CIDR 10.244.0.0/16; kubeadm refuses that.');
  });
});
