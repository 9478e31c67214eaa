import { describe, expect, it } from 'vitest';
import { endpointChain, externalChain, firewallChain, hash16, serviceChain, serviceLocalChain, servicePortName } from './chain-names';
import { probabilityText } from './statistic';

describe('kube-proxy chain names', () => {
  it('match the verified examples of the reference notes', () => {
    const p80 = servicePortName('ns1', 'svc1', 'p80');
    expect(p80).toBe('ns1/svc1:p80');
    expect(serviceChain(p80, 'TCP')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(serviceLocalChain(p80, 'TCP')).toBe('KUBE-SVL-XPGD46QRK7WJZT7O');
    expect(externalChain(p80, 'TCP')).toBe('KUBE-EXT-XPGD46QRK7WJZT7O');
    expect(firewallChain(p80, 'TCP')).toBe('KUBE-FW-XPGD46QRK7WJZT7O');
    expect(serviceChain(p80, 'UDP')).toBe('KUBE-SVC-OJWW7NSBVZTDHXNW');
    expect(serviceChain(p80, 'SCTP')).toBe('KUBE-SVC-GFCIFIA5VTFSTMSM');
    expect(serviceChain(servicePortName('ns1', 'svc1', undefined), 'TCP')).toBe('KUBE-SVC-AQI2S6QIMU7PVVRP');
    expect(serviceChain(servicePortName('ns5', 'svc5', 'p80'), 'TCP')).toBe('KUBE-SVC-NUKIZ6OKUXPJNT4C');
    expect(endpointChain(p80, 'TCP', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
    expect(endpointChain('ns1/svc1', 'TCP', '10.0.1.3:80')).toBe('KUBE-SEP-XGJFVO3L2O5SRFNT');
    expect(endpointChain('ns5/svc5:p80', 'TCP', '10.180.0.3:80')).toBe('KUBE-SEP-I77PXRDZVX7PMWMN');
    // The trap: an upper-case protocol hashes to something else entirely.
    expect(hash16('ns1/svc1:p80TCP')).toBe('3UP2Z6VMNQ3MME3P');
  });
});

describe('statistic probabilities', () => {
  it('print as Go %0.10f: ten decimals, ties to even', () => {
    expect([2, 3, 4, 5, 6, 7, 10].map(probabilityText)).toEqual([
      '0.5000000000', '0.3333333333', '0.2500000000', '0.2000000000', '0.1666666667', '0.1428571429', '0.1000000000',
    ]);
    // 1/2048 = 0.00048828125 exactly: Go rounds the tie to even.
    expect(probabilityText(2048)).toBe('0.0004882812');
    expect(probabilityText(4096)).toBe('0.0002441406');
    expect(probabilityText(3000)).toBe('0.0003333333');
  });
});
