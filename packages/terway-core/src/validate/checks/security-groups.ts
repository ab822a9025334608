// Security groups: the daemon refuses more than 10 in `security_groups`; every ENI Terway creates
// gets the union of `security_group` and `security_groups`, and the default per-ENI quota is 5,
// so 6–10 groups fail at CreateNetworkInterface unless the quota was raised (F29).

import { securityGroupIds } from '../../config/derive.js';
import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const securityGroupsCheck: Check = (context) => {
  const { config } = context;
  const out: Diagnostic[] = [];
  const union = securityGroupIds(config);
  if (config.securityGroups.length > 10) {
    out.push(atKey(context, 'security-groups-over-10', ['security_groups'],
      `${config.securityGroups.length} security groups: the daemon stops with "security groups ` +
      `should not be more than 10"; keep at most 10`));
  } else if (union.length > 10) {
    out.push(atKey(context, 'security-groups-over-10', ['security_group'],
      `security_group plus security_groups make ${union.length} groups; the controlplane ` +
      `refuses more than 10 (its message says 5) and ENIs cannot carry them: keep at most 10`));
  } else if (union.length > 5) {
    out.push(atKey(context, 'security-groups-over-5', ['security_groups'],
      `${union.length} security groups on every ENI: the default quota is 5 per ENI, so ` +
      `CreateNetworkInterface fails with SecurityGroupInstanceLimitExceed unless the quota was ` +
      `raised (F29)`));
  }
  const listed: [string[], string][] = [[config.securityGroup === '' ? [] : [config.securityGroup],
    'security_group'], [[...config.securityGroups], 'security_groups']];
  for (const [ids, key] of listed) {
    ids.forEach((id, index) => {
      if (!/^sg-[0-9a-z]+$/.test(id)) {
        const segments = key === 'security_group' ? [key] : [key, index];
        out.push(atKey(context, 'security-group-format', segments,
          `"${id}" does not look like a security group id (sg-…); ENI creation fails with ` +
          `InvalidSecurityGroupId.NotFound`));
      }
    });
  }
  if (union.length === 0) {
    out.push(atKey(context, 'security-groups-empty', ['security_groups'],
      'no security groups configured: Terway gives new ENIs the security groups of the node\'s ' +
      'primary ENI'));
  }
  return out;
};
