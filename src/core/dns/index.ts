/**
 * Name resolution from a pod: the resolv.conf kubelet writes, the questions glibc's resolver
 * sends, and the answers CoreDNS (or a resolver outside the cluster) gives.
 */
export { resolveName, type LookupOptions } from './lookup';
export { resolvConf, renderResolvConf, clusterDnsIP, assumedNodeResolvConf, ndotsOf } from './resolv-conf';
export { searchOrder, type SearchStep } from './search-order';
export { askServer, type ServerReply } from './server';
export { classifyHost, type DestinationHost } from './host';
export { readPodDns, type PodDnsSpec } from './read-pod-dns';
export type { DnsLookup, DnsQuery, DnsRecord, DnsResponse, DnsResult, NodeResolvConf, Rcode, RecordType, Responder, ResolvConf } from './types';
