// IPv4 and IPv6 addresses and CIDR ranges for IpAddress / NotIpAddress (RFC 4632 and RFC 4291
// notation; "IAM JSON policy elements: Condition operators", IP address condition operators,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
// An address without a prefix length is a range of one.

export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export interface IpRange {
  readonly family: 4 | 6;
  readonly mask: bigint;
  readonly network: bigint;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): bigint | undefined {
  const match = IPV4.exec(text);
  if (match === null) return undefined;
  let value = 0n;
  for (const part of match.slice(1)) {
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** 16-bit groups of one side of `::`; an embedded IPv4 tail counts as two groups. */
function parseGroups(text: string, allowIpv4Tail: boolean): bigint[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: bigint[] = [];
  for (const [index, part] of parts.entries()) {
    if (allowIpv4Tail && index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else if (HEX_GROUP.test(part)) groups.push(BigInt(`0x${part}`));
    else return undefined;
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1]!, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  return [...head, ...Array<bigint>(halves.length === 2 ? missing : 0).fill(0n), ...tail].reduce((value, group) => (value << 16n) | group, 0n);
}

export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function parseCidr(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const bits = address.family === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(bits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return undefined;
  const prefix = Number(prefixText);
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { family: address.family, mask, network: address.value & mask };
}

export function ipInRange(range: IpRange, address: IpAddress): boolean {
  return range.family === address.family && (address.value & range.mask) === range.network;
}

/**
 * Address blocks that are never a public internet source: private, shared, loopback, link-local,
 * documentation, benchmarking, multicast and reserved space (the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries, RFC 6890). A request that reaches S3's public endpoint from Mixpanel's servers
 * never has a source address in them.
 */
const NON_PUBLIC_BLOCKS: readonly IpRange[] = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24',
  '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
  '::/127', 'fc00::/7', 'fe80::/10', 'ff00::/8', '2001:db8::/32',
].map((block) => parseCidr(block)!);

/** The whole range lies in non-public address space. */
export function isNonPublicRange(range: IpRange): boolean {
  return NON_PUBLIC_BLOCKS.some((block) => block.family === range.family && (range.mask & block.mask) === block.mask && (range.network & block.mask) === block.network);
}
