// Views of a checkpoint that need the world's implementations: the cloud API at an instant and
// terway-cli on a node (the rest of `inspect` reads the checkpoint's plain data directly).
export { cloudCallView } from './cloud-call.js';
export { terwayCliView } from './terway-cli.js';
export { formatAliyunCliJson } from './aliyun-json.js';
export { restoreCloud, checkpointRegion, inspectAccessKeyId } from './restore-cloud.js';
export { checkpointStore } from './kube-store.js';
