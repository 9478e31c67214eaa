import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings } from '../../core';
import { draftOf, parseNodeNames, sameSettings, settingsOf } from './settingsDraft';

describe('settings drafts', () => {
  it('round-trips the defaults', () => {
    const settings = settingsOf(draftOf(DEFAULT_SETTINGS));
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, nodeNames: [...DEFAULT_SETTINGS.nodeNames] });
    expect(sameSettings(settings, DEFAULT_SETTINGS)).toBe(true);
  });

  it('reads node names separated by commas or spaces', () => {
    expect(parseNodeNames(' node-a, node-b  node-c,,')).toEqual(['node-a', 'node-b', 'node-c']);
    expect(parseNodeNames('  ')).toEqual([]);
    expect(draftOf({ ...DEFAULT_SETTINGS, nodeNames: ['a', 'b'] }).nodeNames).toBe('a, b');
  });

  it('reads the pod CIDR size with or without its slash; anything else is left for validation to refuse', () => {
    const size = (text: string): number => settingsOf({ ...draftOf(DEFAULT_SETTINGS), nodeCIDRMaskSize: text }).nodeCIDRMaskSize;
    expect(size('/26')).toBe(26);
    expect(size(' 24 ')).toBe(24);
    expect(size('')).toBeNaN();
    expect(size('24.5')).toBeNaN();
    const problems = validateSettings(settingsOf({ ...draftOf(DEFAULT_SETTINGS), nodeCIDRMaskSize: 'big' }));
    expect(problems.map((p) => p.field)).toEqual(['nodeCIDRMaskSize']);
  });

  it('trims text fields, so a stray space is not an invalid CIDR', () => {
    expect(settingsOf({ ...draftOf(DEFAULT_SETTINGS), clusterCIDR: ' 10.42.0.0/16 ' }).clusterCIDR).toBe('10.42.0.0/16');
  });

  it('tells settings apart field by field', () => {
    expect(sameSettings(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, nodeNames: ['node-1', 'node-2'] })).toBe(false);
    expect(sameSettings(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, ipBlockMatchesPods: !DEFAULT_SETTINGS.ipBlockMatchesPods })).toBe(false);
  });
});
