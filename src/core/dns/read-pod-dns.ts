import type { FieldPath, Report } from '../cluster/read-template';
import type { DnsPolicy, PodDnsConfig } from '../cluster/types';
import { describeValue, manifestMessages } from '../manifest/messages';
import ipaddr from 'ipaddr.js';
import { isMapping } from '../manifest/parse';
import { isIpv4 } from '../net/ipv4';
import { DNS1123_SUBDOMAIN_FORMAT, DNS1123_SUBDOMAIN_LENGTH, dnsMessages } from './messages';

/** A pod spec's DNS fields, after the API server's defaulting. */
export interface PodDnsSpec {
  readonly dnsPolicy: DnsPolicy;
  readonly dnsConfig: PodDnsConfig | undefined;
}

const POLICIES: readonly DnsPolicy[] = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** Validation limits (pkg/apis/core/validation): libc reads 3 nameservers; search limits are ExpandedDNSConfig's, GA since 1.28. */
export const MAX_NAMESERVERS = 3;
export const MAX_SEARCH_PATHS = 32;
export const MAX_SEARCH_LIST_CHARS = 2048;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Reads `dnsPolicy` and `dnsConfig` from a pod spec (a Pod's or a template's), with the API
 * server's default (`dnsPolicy: ClusterFirst`) and its validation: each refusal becomes an error
 * at its field, and the pod is kept with what can be used.
 */
export function readPodDns(spec: Readonly<Record<string, unknown>>, specPath: FieldPath, report: Report): PodDnsSpec {
  const field = (...rest: (string | number)[]) => apiPath([...specPath, ...rest]);
  let dnsPolicy: DnsPolicy = 'ClusterFirst';
  const policyValue = spec.dnsPolicy;
  if (policyValue !== undefined && policyValue !== null && policyValue !== '') {
    if (typeof policyValue === 'string' && POLICIES.includes(policyValue as DnsPolicy)) dnsPolicy = policyValue as DnsPolicy;
    else report(dnsMessages.badPolicy(field('dnsPolicy'), typeof policyValue === 'string' ? policyValue : String(policyValue)), [...specPath, 'dnsPolicy']);
  }

  const configValue = spec.dnsConfig;
  const configPath = [...specPath, 'dnsConfig'];
  if (configValue !== undefined && configValue !== null && !isMapping(configValue)) {
    report(manifestMessages.wrongType(field('dnsConfig'), 'a mapping', describeValue(configValue)), configPath);
  }
  const config = isMapping(configValue) ? configValue : undefined;
  if (config === undefined) {
    // "must provide `dnsConfig` when `dnsPolicy` is None": pointed at the policy that needs it.
    if (dnsPolicy === 'None') report(dnsMessages.configRequired(field('dnsConfig')), [...specPath, 'dnsPolicy']);
    return { dnsPolicy, dnsConfig: undefined };
  }

  const nameservers = readStrings(config.nameservers, [...configPath, 'nameservers'], report);
  if (dnsPolicy === 'None' && nameservers.length === 0) {
    report(dnsMessages.nameserverRequired(field('dnsConfig', 'nameservers')), config.nameservers === undefined ? configPath : [...configPath, 'nameservers']);
  }
  if (nameservers.length > MAX_NAMESERVERS) {
    report(dnsMessages.tooManyNameservers(field('dnsConfig', 'nameservers'), nameservers), [...configPath, 'nameservers']);
  }
  nameservers.forEach((ns, i) => {
    // IPv6 resolvers are valid in the API, though the simulated network carries IPv4 only.
    if (!isIpv4(ns) && !ipaddr.IPv6.isValid(ns)) report(dnsMessages.badNameserver(`${field('dnsConfig', 'nameservers')}[${i}]`, ns), [...configPath, 'nameservers', i]);
  });

  const searches = readStrings(config.searches, [...configPath, 'searches'], report);
  if (searches.length > MAX_SEARCH_PATHS) report(dnsMessages.tooManySearches(field('dnsConfig', 'searches'), searches), [...configPath, 'searches']);
  if (searches.join(' ').length > MAX_SEARCH_LIST_CHARS) report(dnsMessages.searchesTooLong(field('dnsConfig', 'searches'), searches), [...configPath, 'searches']);
  searches.forEach((search, i) => {
    // "it is fine to have a trailing dot"
    const bare = search.endsWith('.') ? search.slice(0, -1) : search;
    const at = `${field('dnsConfig', 'searches')}[${i}]`;
    if (bare.length > 253) report(dnsMessages.badSearch(at, bare, DNS1123_SUBDOMAIN_LENGTH), [...configPath, 'searches', i]);
    if (!DNS1123_SUBDOMAIN.test(bare)) report(dnsMessages.badSearch(at, bare, DNS1123_SUBDOMAIN_FORMAT), [...configPath, 'searches', i]);
  });

  const options: { name: string; value: string | undefined }[] = [];
  const optionsValue = config.options;
  if (optionsValue !== undefined && optionsValue !== null && !Array.isArray(optionsValue)) {
    report(manifestMessages.wrongType(field('dnsConfig', 'options'), 'a list', describeValue(optionsValue)), [...configPath, 'options']);
  }
  (Array.isArray(optionsValue) ? optionsValue : []).forEach((entry, i) => {
    const at: FieldPath = [...configPath, 'options', i];
    const name = isMapping(entry) && typeof entry.name === 'string' ? entry.name : '';
    if (name === '') {
      report(dnsMessages.optionNameRequired(`${field('dnsConfig', 'options')}[${i}]`), at);
      return;
    }
    const value = isMapping(entry) ? entry.value : undefined;
    // A number such as `value: 2` is what people write; the API wants a string and kubelet writes it as text.
    options.push({ name, value: value === undefined || value === null ? undefined : String(value) });
  });

  return { dnsPolicy, dnsConfig: { nameservers: nameservers.slice(0, MAX_NAMESERVERS), searches, options } };
}

function readStrings(value: unknown, path: FieldPath, report: Report): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(manifestMessages.wrongType(apiPath(path), 'a list', describeValue(value)), path);
    return [];
  }
  const strings: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string') strings.push(item);
    else report(manifestMessages.wrongType(`${apiPath(path)}[${i}]`, 'a string', describeValue(item)), [...path, i]);
  });
  return strings;
}

/** A field path as the API server prints it: `spec.template.spec.dnsConfig.nameservers`, `containers[0]`. */
function apiPath(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
