// The cloud's error envelope, the one body shape of every refusal the HTTP face sends:
// `{ RequestId, HostId, Code, Message, Recommend }` as JSON. The SDKs read `Code` and
// `Message` from it and the request id from both the body and `x-acs-request-id`.

import type { ApiError } from '../errors/catalog.js';

export const jsonContentType = 'application/json;charset=utf-8';

/** The HostId when a request names no Host (the real gateway's own name). */
export const defaultHostId = 'ecs.aliyuncs.com';

export function envelopeText(error: ApiError, requestId: string, hostId: string): string {
  return JSON.stringify({ RequestId: requestId, HostId: hostId, Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}` });
}
