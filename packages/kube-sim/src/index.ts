// kube-sim: the Kubernetes side of a simulated cluster, a peer of the cloud emulator. The API
// server (objects, watches, admission), the scheduler, kubelets with their pod sandboxes, and the
// workload controllers, and the controllers VPC route mode needs (kube-controller-manager's node
// IPAM, cloud-controller-manager's route controller). It knows nothing of Terway or Alibaba
// Cloud: the network plugin and the cloud reach it through the ports it declares (PodNetwork,
// RouteTablePort).

export {
  ApiServer, podKey, defaultPodGraceSeconds, initialNamespaces, type WatchType, type PodListener,
  type PodAdmission,
  type NodeListener,
  type KubeEvent,
} from './api/api-server.js';
export { logActivity, type KubeActivity, type KubeEventRecord } from './activity.js';
export {
  resourceQuantity, podRequests, isNodeReady, isPodReady, isPodTerminal, createdAtMs,
} from './api/objects.js';
export { KubeScheduler } from './scheduler/kube-scheduler.js';
export { Kubelet, type KubeletOptions } from './kubelet/kubelet.js';
export type { PodNetwork, SandboxRequest, SandboxNetwork } from './kubelet/pod-network.js';
export {
  DeploymentController, rankForDeletion, replicaSetName, revisionAnnotation,
} from './controllers/deployment.js';
export { JobChurn, type JobChurnOptions } from './controllers/job-churn.js';
export {
  buildPod, nameSuffix, templateSpec, podFromTemplate, type PodTemplate, type PodOwner,
} from './controllers/pod-template.js';
export { StatefulSetController, statefulSetRevision } from './controllers/statefulset.js';
export {
  deploymentObject, statefulSetObject, scaleWorkload, restartDeployment, restartedAtAnnotation,
  type WorkloadSpec, type ScalableId,
} from './controllers/workload-objects.js';
export {
  ComponentLog,
  type ComponentLogFields,
  type LogRecorder,
} from './controllers/component-log.js';
export { CidrSet, errCidrRangeNoCidrsRemaining } from './controllers/node-ipam/cidr-set.js';
export {
  NodeIpam, podCidrOf, nodeIpamComponent, kubeControllerManager, type NodeIpamDeps,
  type NodeIpamOptions,
} from './controllers/node-ipam/range-allocator.js';
export {
  RouteController, routeReconcilePeriodMs, createRouteBackoff, routeControllerComponent,
  cloudControllerManager, type RouteControllerDeps, type RouteControllerOptions,
} from './controllers/route/route-controller.js';
export type {
  RouteTablePort, NodeRouteEntry, RouteTableFailure, RouteTableResult,
} from './controllers/route/route-table-port.js';
export {
  ObjectStore, objectKey, type ListOptions, type WatchOptions, type Watcher, type ChangeRecorder,
  type Admission, type AdmissionVerdict, type DeleteOptions, type ObjectStoreOptions,
  type StoreCheckpoint, type Change,
} from './store/object-store.js';
export {
  builtinResources, apiVersionOf, resourceId, type KubeObject, type StoredMeta, type ResourceInfo,
  type BuiltinTypes, type BuiltinId, type PrinterColumn,
} from './store/resources.js';
export { statusFailure, type StatusFailure, type StatusReason } from './store/status.js';
export {
  parseLabelSelector, labelSelectorFromObject, labelsMatch, formatLabelSelector,
  type LabelSelector, type LabelRequirement, type LabelOperator, type LabelSelectorObject,
  type Labels,
} from './store/label-selector.js';
export type {
  NetworkPolicyObject, NetworkPolicySpec, NetworkPolicyPeer, NetworkPolicyPort,
  NetworkPolicyIngressRule, NetworkPolicyEgressRule,
} from './api/network-policy.js';
export { withNetworkPolicyDefaults } from './api/network-policy.js';
export { checkNetworkPolicy } from './http/policy-writes.js';
export {
  parseFieldSelector, fieldsMatch, checkFields, type FieldSelector, type FieldRequirement,
  type FieldExtractors,
} from './store/field-selector.js';
export {
  humanDuration, shortHumanDuration, ageSince, timestampMs,
} from './printers/human-duration.js';
export {
  buildTable, type Table, type TableRow, type TableCell, type TableColumnDefinition,
  type TableOptions, type IncludeObject, type Printer,
} from './printers/table.js';
export { printerFor } from './printers/printers.js';
export { defaultPrinterColumns } from './printers/custom.js';
export {
  renderTable, tableLines, noResourcesMessage, type GetTextOptions,
} from './kubectl/get-text.js';
export {
  TabWriter, tabbed, getTableLayout, describeLayout, type TabWriterOptions,
} from './kubectl/tabwriter.js';
export {
  registerKubeApi, buildKubeServer, servedVerbs, type KubeApiDeps, type KubeApiOptions,
} from './http/server.js';
export { kubeconfig, type KubeconfigOptions } from './http/kubeconfig.js';
export { loopbackTls } from './http/loopback-tls.js';
export { servedVersion, type VersionInfo } from './http/discovery.js';
export {
  kubectlGet, kubectlDescribe, resolveResource, type GetRequest, type KubectlOutput,
} from './kubectl/kubectl.js';
export { kubectlCommand, type KubectlRun } from './kubectl/command.js';
export { describePod, describeNode, type NodeDescription } from './kubectl/describe.js';
export { toYaml, toKubectlJson } from './kubectl/yaml.js';
