/**
 * What the DNS reader can say about a pod spec. Where the API server refuses the pod, the
 * message is the field path and detail kubectl prints (pkg/apis/core/validation:
 * `validateDNSPolicy`, `validatePodDNSConfig`), so that a user recognises it.
 */
export const dnsMessages = {
  badPolicy: (field: string, value: string) => ({
    code: 'dns-policy-invalid',
    message: `${field}: Unsupported value: ${JSON.stringify(value)}: supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None". It is treated as ClusterFirst here.`,
  }),
  configRequired: (field: string) => ({
    code: 'dns-config-required',
    message: `${field}: Required value: must provide \`dnsConfig\` when \`dnsPolicy\` is None.`,
  }),
  nameserverRequired: (field: string) => ({
    code: 'dns-nameserver-required',
    message: `${field}: Required value: must provide at least one DNS nameserver when \`dnsPolicy\` is None.`,
  }),
  tooManyNameservers: (field: string, values: readonly string[]) => ({
    code: 'dns-too-many-nameservers',
    message: `${field}: Invalid value: ${goStrings(values)}: must not have more than 3 nameservers. (kubelet would keep the first 3; so does the simulator.)`,
  }),
  badNameserver: (field: string, value: string) => ({
    code: 'dns-nameserver-invalid',
    message: `${field}: Invalid value: ${JSON.stringify(value)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
  }),
  tooManySearches: (field: string, values: readonly string[]) => ({
    code: 'dns-too-many-searches',
    message: `${field}: Invalid value: ${goStrings(values)}: must not have more than 32 search paths`,
  }),
  searchesTooLong: (field: string, values: readonly string[]) => ({
    code: 'dns-searches-too-long',
    message: `${field}: Invalid value: ${goStrings(values)}: must not have more than 2048 characters (including spaces) in the search list`,
  }),
  badSearch: (field: string, value: string, detail: string) => ({
    code: 'dns-search-invalid',
    message: `${field}: Invalid value: ${JSON.stringify(value)}: ${detail}`,
  }),
  optionNameRequired: (field: string) => ({
    code: 'dns-option-name-required',
    message: `${field}: Required value: must not be empty`,
  }),
} as const;

/** The RFC 1123 subdomain details of apimachinery's `IsDNS1123Subdomain`, word for word. */
export const DNS1123_SUBDOMAIN_FORMAT =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS1123_SUBDOMAIN_LENGTH = 'must be no more than 253 characters';

/** A string list as Go's `%#v` prints it in a field error: `[]string{"a", "b"}`. */
function goStrings(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}
