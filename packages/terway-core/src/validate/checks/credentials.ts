// Static AccessKeys in the ConfigMap: they work (first in Terway's credential chain) but anyone
// who can read kube-system ConfigMaps can read them; the RAM role of the node or the addon secret
// avoid that.

import type { Check } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const credentialsCheck: Check = (context) => {
  if (context.config.accessKey === '' && context.config.accessSecret === '') return [];
  return [atKey(context, 'plaintext-credentials', ['access_key'],
    'an AccessKey is stored in the ConfigMap in plain text; prefer the node RAM role (leave ' +
    'access_key empty) or credential_path')];
};
