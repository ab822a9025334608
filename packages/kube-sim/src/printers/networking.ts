// The API server's printer for networking.k8s.io/v1 NetworkPolicies (k8s.io/kubernetes
// pkg/printers/internalversion/printers.go: printNetworkPolicy): NAME, POD-SELECTOR (the
// selector in its string form, `<none>` when it selects every pod) and AGE.

import type { NetworkPolicyObject } from '../api/network-policy.js';
import { formatLabelSelector, labelSelectorFromObject } from '../store/label-selector.js';
import { ageSince } from './human-duration.js';
import { ageColumn, column, nameColumn, type Printer } from './table.js';

export const networkPolicyPrinter: Printer = {
  columns: [
    nameColumn,
    column('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object ' +
      'applies. The array of ingress rules is applied to any pods selected by this field.'),
    ageColumn,
  ],
  row(object, nowMs) {
    const policy = object as NetworkPolicyObject;
    const selector = labelSelectorFromObject(policy.spec?.podSelector ?? {});
    const text = selector.ok ? formatLabelSelector(selector.value) : '';
    return { cells: [
      policy.metadata?.name ?? '',
      text === '' ? '<none>' : text,
      ageSince(policy.metadata?.creationTimestamp, nowMs),
    ] };
  },
};
