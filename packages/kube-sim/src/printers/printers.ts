// Which printer a resource has: the built-in ones by resource id, a custom resource's from its
// printer columns. Resources without a printer of their own (none today among the built-ins)
// print NAME and AGE, as the API server's default table convertor does.

import type { ResourceInfo } from '../store/resources.js';
import { deploymentPrinter, statefulSetPrinter } from './apps.js';
import {
  configMapPrinter, eventPrinter, namespacePrinter, nodePrinter, podPrinter,
} from './core.js';
import { customResourcePrinter } from './custom.js';
import { networkPolicyPrinter } from './networking.js';
import type { Printer } from './table.js';

const builtinPrinters: Readonly<Record<string, Printer>> = {
  pods: podPrinter,
  nodes: nodePrinter,
  events: eventPrinter,
  configmaps: configMapPrinter,
  namespaces: namespacePrinter,
  'apps/deployments': deploymentPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'networking.k8s.io/networkpolicies': networkPolicyPrinter,
};

export function printerFor(info: ResourceInfo): Printer {
  return builtinPrinters[info.id] ?? customResourcePrinter(info.printerColumns);
}
