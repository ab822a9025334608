// The instance-metadata client and the metadata view of attached ENIs.
export {
  MetadataClient, metadataBase, metadataRetry, type MetadataError, type MetadataClientDeps,
} from './client.js';
export { EniInfoGetter, type EniInfoFailure } from './eni-info.js';
