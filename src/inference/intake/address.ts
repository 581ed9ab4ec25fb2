/**
 * Classifies IP addresses so a fetch of a user's link can refuse anything that is not a public
 * internet address (loopback, private networks, the cloud metadata service, …).
 */
import { isIPv4, isIPv6 } from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private' // RFC 1918, CGNAT 100.64/10, IPv6 ULA and site-local
  | 'link-local' // includes 169.254.169.254, the metadata service
  | 'multicast'
  | 'unspecified' // 0.0.0.0/8, ::
  | 'broadcast'
  | 'reserved' // documentation, benchmarking, unallocated, deprecated transition ranges
  | 'invalid'; // not an IP address at all

type Range = readonly [base: number, prefixLength: number, kind: AddressClass];

// Longer prefixes first where ranges nest (broadcast sits inside 240/4).
const IPV4_RANGES: readonly Range[] = [
  [ipv4('255.255.255.255'), 32, 'broadcast'],
  [ipv4('0.0.0.0'), 8, 'unspecified'],
  [ipv4('10.0.0.0'), 8, 'private'],
  [ipv4('100.64.0.0'), 10, 'private'],
  [ipv4('127.0.0.0'), 8, 'loopback'],
  [ipv4('169.254.0.0'), 16, 'link-local'],
  [ipv4('172.16.0.0'), 12, 'private'],
  [ipv4('192.0.0.0'), 24, 'reserved'],
  [ipv4('192.0.2.0'), 24, 'reserved'],
  [ipv4('192.88.99.0'), 24, 'reserved'],
  [ipv4('192.168.0.0'), 16, 'private'],
  [ipv4('198.18.0.0'), 15, 'reserved'],
  [ipv4('198.51.100.0'), 24, 'reserved'],
  [ipv4('203.0.113.0'), 24, 'reserved'],
  [ipv4('224.0.0.0'), 4, 'multicast'],
  [ipv4('240.0.0.0'), 4, 'reserved'],
];

/** What kind of address `ip` is (an IPv4 dotted quad or any IPv6 spelling, zone id allowed). */
export function classifyAddress(ip: string): AddressClass {
  if (isIPv4(ip)) return classifyIPv4(ipv4(ip));
  const hextets = parseIPv6(ip);
  return hextets === undefined ? 'invalid' : classifyIPv6(hextets);
}

function classifyIPv4(n: number): AddressClass {
  for (const [base, prefix, kind] of IPV4_RANGES) {
    if (inPrefix(n, base, prefix)) return kind;
  }
  return 'public';
}

function classifyIPv6(h: readonly number[]): AddressClass {
  const [h0, h1, h2, h3, h4, h5, h6, h7] = h;
  const embeddedV4 = ((h6 << 16) | h7) >>> 0;
  if (h0 === 0 && h1 === 0 && h2 === 0 && h3 === 0 && h4 === 0) {
    if (h5 === 0xffff) return classifyIPv4(embeddedV4); // IPv4-mapped: the kernel connects to the IPv4 address
    if (h5 === 0 && h6 === 0 && h7 === 0) return 'unspecified';
    if (h5 === 0 && h6 === 0 && h7 === 1) return 'loopback';
    return 'reserved'; // deprecated IPv4-compatible and other ::/80 forms
  }
  // Translation prefixes reach the embedded IPv4 address, so they inherit its class.
  if (h0 === 0x64 && h1 === 0xff9b && h2 === 0 && h3 === 0 && h4 === 0 && h5 === 0) return classifyIPv4(embeddedV4); // NAT64
  if (h0 === 0x64 && h1 === 0xff9b && h2 === 1) return 'private'; // local-use NAT64
  if (h0 === 0x2002) return classifyIPv4(((h1 << 16) | h2) >>> 0); // 6to4
  if ((h0 & 0xfe00) === 0xfc00) return 'private'; // ULA fc00::/7
  if ((h0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((h0 & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((h0 & 0xff00) === 0xff00) return 'multicast';
  if (h0 === 0x2001 && h1 === 0x0db8) return 'reserved'; // documentation
  if (h0 === 0x2001 && h1 < 0x0200) return 'reserved'; // IETF protocol assignments, incl. Teredo
  if ((h0 & 0xe000) !== 0x2000) return 'reserved'; // outside global unicast 2000::/3
  return 'public';
}

/** Eight 16-bit groups, or undefined when `ip` is not IPv6. */
function parseIPv6(ip: string): number[] | undefined {
  if (!isIPv6(ip)) return undefined;
  let text = ip.replace(/%.*$/, '');
  // A trailing dotted quad (::ffff:127.0.0.1) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = ipv4(dotted[1]);
    text = `${text.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

function ipv4(dotted: string): number {
  return dotted.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inPrefix(n: number, base: number, prefixLength: number): boolean {
  const size = 2 ** (32 - prefixLength);
  return Math.floor(n / size) === Math.floor(base / size);
}
