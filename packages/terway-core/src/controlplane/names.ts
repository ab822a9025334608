// The names terway-controlplane writes and reads (Terway's types/k8s.go, types/aliyun.go,
// pkg/controller/pod-eni, pkg/deviceplugin): annotations, labels, finalizers, ENI tags, event
// reasons and the periods and concurrency defaults of its controllers. Scripts, alerts and
// trainers match on these strings, so they are production's, verbatim.

export const annotationPodNetworks = 'k8s.aliyun.com/pod-networks';
export const annotationPodNetworksRequest = 'k8s.aliyun.com/pod-networks-request';
export const annotationPodNetworking = 'k8s.aliyun.com/pod-networking';
export { annotationPodEni, labelIgnoreByTerway } from '../k8s/pod-info.js';
export const annotationPodUid = 'k8s.aliyun.com/pod-uid';
export const annotationTrunkOn = 'k8s.aliyun.com/trunk-on';
/** Label on PodENI and NetworkInterface CRs: the node the ENI is attached to. */
export const labelEniNode = 'k8s.aliyun.com/node';

export const finalizerPodEni = 'network.alibabacloud.com/pod-eni';
export const finalizerPodEniLegacy = 'pod-eni';
export const finalizerEni = 'network.alibabacloud.com/eni';
export const finalizerNode = 'network.alibabacloud.com/node-controller';

export const tagKeyClusterId = 'ack.aliyun.com';
export const tagKeyCreator = 'creator';
export const tagCreatorController = 'terway-controller';

export const resourceMemberEni = 'aliyun/member-eni';
export const resourceEni = 'aliyun/eni';

export const labelTopologyZone = 'topology.kubernetes.io/zone';
export const labelTopologyRegion = 'topology.kubernetes.io/region';
export const labelZoneFailureDomain = 'failure-domain.beta.kubernetes.io/zone';
export const labelInstanceType = 'node.kubernetes.io/instance-type';

/** Event reasons (types/k8s.go). */
export const eventReason = {
  createEniSucceed: 'CreateENISucceed',
  createEniFailed: 'CreateENIFailed',
  attachEniSucceed: 'AttachENISucceed',
  attachEniFailed: 'AttachENIFailed',
  detachEniSucceed: 'DetachENISucceed',
  detachEniFailed: 'DetachENIFailed',
  deleteEniSucceed: 'DeleteENISucceed',
  deleteEniFailed: 'DeleteENIFailed',
  updatePodEniFailed: 'UpdatePodENIFailed',
  deletePodEniFailed: 'DeletePodENIFailed',
  podCreateFailed: 'PodCreateFailed',
  podDeleteFailed: 'PodDeleteFailed',
  configError: 'ConfigError',
} as const;

/** The event source the controlplane's recorder reports as (`utils.EventName`). */
export const controlplaneComponent = 'terway-controlplane';

/** ECS CreationTime layout the leaked-ENI GC parses. */
export const leakedEniMinAgeMs = 10 * 60_000;
export const leakedEniCheckPeriodMs = 10 * 60_000;
export const podEniCheckPeriodMs = 60_000;
/** wait.JitterUntil factor of both GC loops. */
export const gcJitterFactor = 1.1;

/** Controller concurrency defaults (types/controlplane/config_default.go). */
export const controllerConcurrency = {
  pod: 10,
  podEni: 10,
  networkInterface: 300,
  node: 10,
  podNetworking: 1,
} as const;
