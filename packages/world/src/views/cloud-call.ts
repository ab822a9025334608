// `inspect … cloud ACTION [Key=Value…]`: one ECS or VPC API call against the cloud of a
// checkpoint, printed as the aliyun CLI prints the response (aliyun-json.ts). Parameters are the
// API's own, flattened as on the wire (`NetworkInterfaceId.1=eni-…`, `Tag.1.Key=…`); `RegionId`
// defaults to the world's region, as the CLI takes it from its profile. The call goes through the
// emulator's whole pipeline (validation, the action, the commit) on a copy restored from the
// checkpoint, so a write shows its answer and changes nothing the run or a later look sees.
//
// A refusal is the SDK's ServerError (error code, recommendation, request id, message) on one
// line; an action the emulator does not serve is InvalidAction.NotFound with the actions it does.

import { actionNames, decodeFlatParams, type CloudProduct } from '@terway-sim/cloud-emulator';
import { err, ok, type Result } from '@terway-sim/sim-base';
import type { WorldCheckpoint } from '../checkpoint.js';
import { formatAliyunCliJson } from './aliyun-json.js';
import { checkpointRegion, inspectAccessKeyId, restoreCloud } from './restore-cloud.js';

const products: readonly CloudProduct[] = ['ecs', 'vpc'];

function allActions(): string[] {
  return products.flatMap((product) => actionNames(product)).sort();
}

function productOf(action: string): CloudProduct | undefined {
  return products.find((product) => actionNames(product).includes(action));
}

/** `Key=Value` (a leading `--`, as the aliyun CLI writes flags, is accepted). */
function parsePairs(action: string,
  args: readonly string[]): Result<Array<readonly [string, string]>, string> {
  const pairs: Array<readonly [string, string]> = [];
  for (const arg of args) {
    const match = /^(?:--)?([^=]+)=(.*)$/s.exec(arg);
    if (match === null) {
      return err(`cloud ${action}: argument ${JSON.stringify(arg)} is not Key=Value ` +
        '(e.g. NetworkInterfaceId.1=eni-…)');
    }
    pairs.push([match[1]!, match[2]!]);
  }
  return ok(pairs);
}

function serverError(code: string, requestId: string, message: string): string {
  const recommend = `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}`;
  return `ERROR: SDK.ServerError; ErrorCode: ${code}; Recommend: ${recommend}; ` +
    `RequestId: ${requestId}; Message: ${message}`;
}

/** Runs `ACTION Key=Value…` against the checkpoint's cloud; the error is one line. */
export function cloudCallView(checkpoint: WorldCheckpoint,
  args: readonly string[]): Result<string, string> {
  const [action, ...rest] = args;
  const known = `actions: ${allActions().join(', ')}`;
  if (action === undefined) return err(`cloud needs an ACTION; ${known}`);
  const product = productOf(action);
  if (product === undefined) {
    return err(`InvalidAction.NotFound: Specified api ${JSON.stringify(action)} is not found; ` +
      known);
  }
  const pairs = parsePairs(action, rest);
  if (!pairs.ok) return pairs;
  const params = decodeFlatParams(pairs.value);
  if (!params.ok) return err(serverError(params.error.code, '', params.error.message));
  const region = checkpointRegion(checkpoint);
  const cloud = restoreCloud(checkpoint);
  const outcome = cloud.execute({ product, action, params: { RegionId: region, ...params.value } },
    { accessKeyId: inspectAccessKeyId, endpointRegion: region });
  if (outcome.kind === 'ok') return ok(formatAliyunCliJson(outcome.body));
  if (outcome.kind === 'api') {
    return err(serverError(outcome.error.code, outcome.requestId, outcome.error.message));
  }
  return err(`ERROR: ${action}: no reply (${outcome.message})`);
}
