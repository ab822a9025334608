// The instance-metadata client and the metadata view of attached ENIs.
export * from './client.js';
export * from './eni-info.js';
