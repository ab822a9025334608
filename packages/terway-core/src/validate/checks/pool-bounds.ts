// Pool bounds that Terway corrects without a word (getPoolConfig): min pool above max pool
// becomes max pool, so the warm pool you asked for is never kept.

import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const poolBoundsCheck: Check = (context) => {
  const { config } = context;
  if (config.ipamType === 'crd' || context.daemonMode === 'ENIOnly') return [];
  const out: Diagnostic[] = [];
  if (config.minPoolSize > config.maxPoolSize && config.minEni === 0) {
    out.push(atKey(context, 'pool-min-above-max', ['min_pool_size'],
      `min_pool_size ${config.minPoolSize} is above max_pool_size ${config.maxPoolSize}: ` +
      `Terway lowers it to ${config.maxPoolSize}. Raise max_pool_size or lower min_pool_size`));
  }
  if (config.minEni > 0 && config.maxPoolSize === 0) {
    out.push(atKey(context, 'pool-min-above-max', ['min_eni'],
      `min_eni ${config.minEni} asks for warm ENIs but max_pool_size is 0, so the min pool is ` +
      `cut to 0; set max_pool_size to at least min_eni × IPs per ENI`));
  }
  return out;
};
