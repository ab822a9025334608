// The daemon's Kubernetes side: pod info derivation (sticky IP, bandwidth, priority) and the
// client over the KubePort (pod reads with the sticky-pod cache, condition/annotation patches,
// events).
export {
  KubeClient, podNotFound, eventSource, podCacheCleanPeriodMs, podCacheCleanTimeoutMs,
  conditionRefreshMs, type KubeClientDeps, type KubeClientOptions,
} from './kube-client.js';
export {
  convertPod, parseBandwidth, parseGoBool, shouldHandlePod, statefulWorkloadKinds, podNetworkType,
  podInfoToRecord, podInfoFromRecord, podKey, stickTimeMs, annotationIngressBandwidth,
  annotationEgressBandwidth, annotationPodEni, annotationNetworkPriority,
  annotationPodIpReservation,
  annotationPodIps, labelIgnoreByTerway, resourceErdma, podNetworkTypeEniMultiIp,
  podNetworkTypeVpcEni, type PodInfo, type PodWarning, type ConvertPodOptions,
} from './pod-info.js';
