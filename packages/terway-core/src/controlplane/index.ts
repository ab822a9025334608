// terway-controlplane's trunking / exclusive-ENI part: pod and PodNetworking webhooks, pod,
// PodENI, NetworkInterface, node and PodNetworking controllers, GC, on virtual time over the CRD,
// Kubernetes and OpenAPI ports.
export {
  Controlplane, type ClusterWatch, type ControlplaneQueues,
} from './controlplane.js';
export {
  createRuntime, type ControlplaneDeps, type ControlplaneOptions,
  type Runtime as ControlplaneRuntime,
  type IpStack,
} from './runtime.js';
export {
  admitPod, createPodWebhook, isFixedNamePod, podUsesEni, matchPodNetworking, resourceNameFor,
  type AdmissionPod, type AdmissionVerdict, type PodWebhookOptions, type PodWebhookView,
} from './webhook.js';
export {
  formatPodNetworks, parsePodNetworks, emptyEntry, entryFromPodNetworking, defaultInterface,
  type PodNetworksEntry, type PodNetworksAnnotation,
} from './pod-networks.js';
export { labelsMatch } from './selector.js';
export {
  PodNetworkingController, vSwitchesChanged, wantsReconcile, podNetworkingRetryMs,
} from './podnetworking-controller.js';
export {
  admitPodNetworking, defaultPodNetworking, validatePodNetworking,
  type PodNetworkingVerdict, type PodNetworkingWebhookOptions,
} from './podnetworking-webhook.js';
export { decideOrphanPodEni, leakedEnis, ControlplaneGc, type OrphanDecision } from './gc.js';
export { flavorOf, reportedResource, NodeController } from './node-controller.js';
export {
  nodeInfoOf, isExclusiveNode, isManagedNode, isProcessedNode, exclusiveModeOf,
  type NodeInfo as ControlplaneNodeInfo,
} from './node-info.js';
export { ResourceBackoff } from './resource-backoff.js';
export {
  annotationPodNetworks, annotationPodNetworksRequest, annotationPodNetworking, annotationPodUid,
  annotationTrunkOn, labelEniNode, finalizerPodEni, finalizerEni, finalizerNode, tagKeyClusterId,
  tagKeyCreator, tagCreatorController, resourceMemberEni, resourceEni, eventReason,
  controlplaneComponent, leakedEniMinAgeMs, leakedEniCheckPeriodMs, podEniCheckPeriodMs,
  controllerConcurrency,
} from './names.js';
