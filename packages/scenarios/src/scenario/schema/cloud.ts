// The fake cloud a scenario runs on: region, VPC, vSwitches, security groups, quotas, server-side
// throttling and the latency profile.

import { z } from 'zod';
import { bounds } from './bounds.js';
import { formatIpv6Cidr, parseIpv6Cidr } from '@terway-sim/sim-base';
import { boundedInt, boundedList, ipv4Cidr, ipv6Cidr } from './primitives.js';

export const vSwitchSpec = z.strictObject({
  /** The id eni-config refers to (e.g. your real `vsw-bp1…`); generated when omitted. */
  id: z
    .string()
    .regex(
      /^vsw-[a-z0-9][a-z0-9-]*$/,
      'expected a vSwitch id like "vsw-bp1pods01" (lowercase letters, digits, dashes)',
    )
    .optional(),
  zone: z.string().min(1),
  cidr: ipv4Cidr,
  /**
   * The vSwitch's IPv6 /64 (dual stack); it must lie in the VPC's /56. Terway then gives pods an
   * IPv6 address too when eni-config sets `ip_stack: dual`.
   */
  ipv6Cidr: ipv6Cidr
    .refine((value) => parseIpv6Cidr(value)?.prefix === 64, {
      error: 'expected an IPv6 /64 (Alibaba Cloud gives each vSwitch one /64 of the VPC\'s /56)',
    })
    .optional(),
});

/**
 * One rule, as AuthorizeSecurityGroup(Egress) takes it: the peer is a CIDR or a group (a declared
 * id of this file); priority 1 comes first; at equal priority a drop wins.
 */
export const securityGroupRule = z.strictObject({
  direction: z.enum(['ingress', 'egress']).default('ingress'),
  policy: z.enum(['accept', 'drop']).default('accept'),
  priority: z.number().int().min(1, 'priority is 1 (first) to 100 (last)')
    .max(100, 'priority is 1 (first) to 100 (last)').default(1),
  protocol: z.enum(['tcp', 'udp', 'icmp', 'all']).default('all'),
  /** `from/to` such as `22/22` for tcp and udp; `-1/-1` (the default) for icmp and all. */
  ports: z.string().regex(/^-?\d{1,5}\/-?\d{1,5}$/, 'expected a port range like "22/22" or "-1/-1"')
    .default('-1/-1'),
  cidr: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
}).refine((rule) => (rule.cidr === undefined) !== (rule.group === undefined),
  'give the peer as exactly one of `cidr` or `group`');

export const securityGroupSpec = z.strictObject({
  id: z
    .string()
    .regex(
      /^sg-[a-z0-9][a-z0-9-]*$/,
      'expected a security group id like "sg-bp1default" (lowercase letters, digits, dashes)',
    )
    .optional(),
  /** `normal` (basic) groups hold at most 2,000 private IPs; `enterprise` groups 65,536. */
  type: z.enum(['normal', 'enterprise']).default('normal'),
  /** Rules added at setup; the packet trace enforces them at every ENI in the group. */
  rules: boundedList(securityGroupRule).default([]),
});

export const cloudSpec = z
  .strictObject({
    region: z.string().default('cn-hangzhou'),
    /**
     * `fast` keeps API latency and async transitions short; `realistic` uses the documented
     * defaults.
     */
    latency: z.enum(['fast', 'realistic']).default('realistic'),
    vpc: z
      .strictObject({
        cidr: ipv4Cidr.default('192.168.0.0/16'),
        /** Custom route entries per route table (VPC route mode's limit). */
        routeEntryQuota: boundedInt(bounds.routeEntries).default(200),
        /**
         * The VPC's IPv6 /56; default, when a vSwitch declares an IPv6 /64: the /56 holding the
         * first such vSwitch's.
         */
        ipv6Cidr: ipv6Cidr
          .refine((value) => parseIpv6Cidr(value)?.prefix === 56, {
            error: 'expected an IPv6 /56 (the size Alibaba Cloud gives a VPC)',
          })
          .optional(),
      })
      .prefault({}),
    vSwitches: z
      .array(vSwitchSpec)
      .min(1, 'declare at least one vSwitch')
      .max(
        bounds.vSwitches.max,
        `declare at most ${bounds.vSwitches.max} vSwitches (${bounds.vSwitches.why})`,
      ),
    securityGroups: z
      .array(securityGroupSpec)
      .max(
        bounds.securityGroups.max,
        `declare at most ${bounds.securityGroups.max} security groups (${bounds.securityGroups.why})`,
      )
      .default([{ type: 'normal', rules: [] }]),
    /**
     * Internet NAT gateways, each in a vSwitch with one EIP and SNAT entries for its sources
     * (a vSwitch, declared id, or a CIDR each): pods whose addresses no entry covers have no way
     * to the Internet.
     */
    natGateways: boundedList(z.strictObject({
      vSwitch: z.string().min(1),
      snat: boundedList(z.strictObject({ vSwitch: z.string().min(1).optional(),
        cidr: ipv4Cidr.optional() }).refine((source) =>
        (source.vSwitch === undefined) !== (source.cidr === undefined),
      'give the source as exactly one of `vSwitch` or `cidr`'), 1, 'name at least one source'),
    })).default([]),
    quotas: z
      .strictObject({
        /** ENIs per account per region. */
        enisPerRegion: boundedInt(bounds.enisPerRegion).optional(),
      })
      .prefault({}),
    /** Server-side throttling, calls per minute per API (fixed one-minute windows). */
    rateLimits: z.record(z.string(), boundedInt(bounds.callsPerMinute)).default({}),
  })
  .superRefine((cloud, ctx) => {
    const ids = new Set<string>();
    cloud.vSwitches.forEach((vSwitch, index) => {
      if (vSwitch.id === undefined) return;
      if (ids.has(vSwitch.id))
        ctx.addIssue({
          code: 'custom',
          path: ['vSwitches', index, 'id'],
          message: `duplicate vSwitch id ${vSwitch.id}`,
        });
      ids.add(vSwitch.id);
    });
    checkIpv6Blocks(cloud, ctx);
  });

/** The /56 a /64 lies in, as text: the VPC block a vSwitch's IPv6 CIDR implies. */
export function ipv6Supernet56(cidr: string): string | undefined {
  const parsed = parseIpv6Cidr(cidr);
  if (parsed === undefined) return undefined;
  return formatIpv6Cidr({ network: parsed.network & ~((1n << 72n) - 1n), prefix: 56 });
}

/** Every vSwitch /64 lies in the VPC's /56 (declared, or implied by the first vSwitch's). */
function checkIpv6Blocks(cloud: {
  readonly vpc: { readonly ipv6Cidr?: string | undefined };
  readonly vSwitches: readonly { readonly ipv6Cidr?: string | undefined }[];
}, ctx: z.RefinementCtx): void {
  const first = cloud.vSwitches.find((vSwitch) => vSwitch.ipv6Cidr !== undefined)?.ipv6Cidr;
  const declared = cloud.vpc.ipv6Cidr;
  const block = declared ?? (first === undefined ? undefined : ipv6Supernet56(first));
  if (block === undefined) return;
  cloud.vSwitches.forEach((vSwitch, index) => {
    if (vSwitch.ipv6Cidr === undefined) return;
    if (ipv6Supernet56(vSwitch.ipv6Cidr) === formatIpv6Cidr(parseIpv6Cidr(block)!)) return;
    ctx.addIssue({
      code: 'custom',
      path: ['vSwitches', index, 'ipv6Cidr'],
      message: `${vSwitch.ipv6Cidr} is not in the VPC's IPv6 block ${block}` +
        (declared === undefined ? ' (taken from the first vSwitch with an ipv6Cidr)' : ''),
    });
  });
}

export type CloudSpec = z.output<typeof cloudSpec>;
export type VSwitchSpec = z.output<typeof vSwitchSpec>;
