import type { DnsPolicy } from '../cluster/types';

/** The record types a lookup here asks for or receives. */
export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'SRV';

export type Rcode = 'NOERROR' | 'NXDOMAIN';

/** One resource record of an answer section, as `dig` prints it (`name ttl IN type data`). */
export interface DnsRecord {
  /** The owner name, absolute (with the trailing dot). */
  readonly name: string;
  readonly type: RecordType;
  /** Seconds; undefined for answers from outside the cluster, whose TTL the scenario does not know. */
  readonly ttl: number | undefined;
  /** An address for A/AAAA, the target name for CNAME, `priority weight port target` for SRV. */
  readonly data: string;
}

/** Who produced an answer. */
export type Responder =
  /** CoreDNS's `kubernetes` plugin: a name in the cluster domain (authoritative). */
  | 'coredns-kubernetes'
  /** CoreDNS's `forward` plugin: a name outside the cluster domain, sent to the node's resolver. */
  | 'coredns-forward'
  /** A resolver outside the cluster (the node's, or one from dnsConfig), answering from the scenario. */
  | 'upstream';

/** A DNS server's reply to one question. */
export interface DnsResponse {
  readonly rcode: Rcode;
  readonly answers: readonly DnsRecord[];
  /** The `aa` flag: CoreDNS is authoritative for the cluster domain; forwarded answers are not. */
  readonly authoritative: boolean;
  readonly responder: Responder;
  /** Why this is the answer, for a person: "no Service backnd in namespace default". */
  readonly reason: string;
}

/** The pod's /etc/resolv.conf as kubelet composes it and the container runtime writes it. */
export interface ResolvConf {
  readonly policy: DnsPolicy;
  /** What kubelet started from: the cluster DNS, the node's own resolv.conf, or nothing (`None`). */
  readonly base: 'cluster-dns' | 'node' | 'none';
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  /** As written on the `options` line: `ndots:5`, `single-request`. */
  readonly options: readonly string[];
  /** The ndots the resolver uses: the last `ndots:n` option (at most 15), or 1 when none is given. */
  readonly ndots: number;
  /** Facts a person should know about how this file came to be (fallbacks, assumptions, truncation). */
  readonly notes: readonly string[];
  /** The file's text, lines in the order containerd and CRI-O write them: search, nameserver, options. */
  readonly text: string;
}

/** The node's own /etc/resolv.conf (kubelet `--resolv-conf`), which `Default` pods inherit. */
export interface NodeResolvConf {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

/** One question the pod's resolver sends, with the reply it gets. */
export interface DnsQuery {
  /** Which name of the search walk this belongs to (A and AAAA of one name share it), from 0. */
  readonly step: number;
  /** The name asked, absolute: `backend.default.svc.cluster.local.`. */
  readonly name: string;
  readonly type: 'A' | 'AAAA';
  /** The nameserver the packet is sent to (UDP port 53). */
  readonly server: string;
  /** What the server is: the kube-dns Service (or a CoreDNS pod), or a resolver outside the cluster. */
  readonly serverRole: 'cluster-dns' | 'upstream';
  /** Undefined when no reply comes back (see `unanswered`). */
  readonly response: DnsResponse | undefined;
  /** The names a CNAME answer leads through, from the name asked to the last target; empty without CNAME. */
  readonly cnameChain: readonly string[];
  readonly unanswered: string | undefined;
}

/** A name lookup from a pod, start to finish: what `getaddrinfo()` in glibc does with the name. */
export interface DnsLookup {
  /** The name as the application gave it. */
  readonly name: string;
  readonly resolvConf: ResolvConf;
  /** Whether A and AAAA go out together for each name (getaddrinfo with AF_UNSPEC) or A alone. */
  readonly families: readonly ('A' | 'AAAA')[];
  /** The absolute names the resolver would try, in order, before stopping at the first answer. */
  readonly plan: readonly string[];
  /** The questions actually sent, in order, up to the first answer. */
  readonly queries: readonly DnsQuery[];
  readonly result: DnsResult;
}

export type DnsResult =
  | {
      readonly ok: true;
      /** The name that answered (one of the plan). */
      readonly name: string;
      /** The IPv4 addresses the application gets, in the order of the answer. */
      readonly addresses: readonly string[];
      /** The CNAME records followed, in order (an ExternalName Service gives one). */
      readonly cnames: readonly DnsRecord[];
      readonly summary: string;
    }
  | {
      readonly ok: false;
      /**
       * `nxdomain`: no name of the walk exists; `nodata`: a name exists but has no address;
       * `no-address`: an answer came (a CNAME) without any address; `no-reply`: no server answered;
       * `invalid-name`: not something getaddrinfo() would look up.
       */
      readonly reason: 'nxdomain' | 'nodata' | 'no-address' | 'no-reply' | 'invalid-name';
      readonly message: string;
    };
