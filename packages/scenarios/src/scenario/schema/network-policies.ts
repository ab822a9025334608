// NetworkPolicies a scenario applies: Kubernetes networking.k8s.io/v1 objects as `kubectl apply`
// takes them, applied at the start, or `{ at, apply: <object> }` / `{ at, delete: ns/name }` to
// change them during the run. Each object is checked as the API server checks it (the same
// function kube-sim's HTTP face uses), so a typo is refused at load with its field named.

import { checkNetworkPolicy, type NetworkPolicyObject } from '@terway-sim/kube-sim';
import { z } from 'zod';
import { duration, objectName } from './primitives.js';

const policyObject = z.looseObject({
  apiVersion: z.literal('networking.k8s.io/v1'),
  kind: z.literal('NetworkPolicy'),
  metadata: z.looseObject({ name: objectName, namespace: objectName.default('default') }),
  spec: z.looseObject({}),
}).superRefine((policy, ctx) => {
  const checked = checkNetworkPolicy(policy as NetworkPolicyObject);
  if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.error, path: ['spec'] });
});

export const networkPolicyItem = z.union([
  policyObject,
  z.strictObject({ at: duration, apply: policyObject }),
  z.strictObject({ at: duration, delete: z.string().regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/, {
    error: 'expected namespace/name of a NetworkPolicy' }) }),
]);

export type NetworkPolicyItem = z.output<typeof networkPolicyItem>;
