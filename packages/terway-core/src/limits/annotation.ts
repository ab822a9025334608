// Instance limits from the Kubernetes Node's `alibabacloud.com/instance-type-info` annotation: a
// JSON document of the ECS InstanceType (DescribeInstanceTypes' record). Terway's daemon reads it
// before asking the cloud (daemon/builder.go initInstanceLimit with pkg/aliyun/client/limit.go
// GetLimitFromAnno), so a node that carries it costs no DescribeInstanceTypes call at start:
// - no annotation: no limits from it, DescribeInstanceTypes is asked;
// - a document that does not decode as an InstanceType: Terway logs "unable to get instance limit
//   from annotation" and asks DescribeInstanceTypes, as if it were absent;
// - an InstanceTypeId other than the instance's own (metadata): ignored, DescribeInstanceTypes.
// Decoding follows Go's encoding/json into the SDK struct: fields absent are zero, a field of the
// wrong JSON type is an error, unknown fields are ignored.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { limitsFromInstanceType, type InstanceTypeInfo, type Limits } from './instance-limits.js';

export const instanceTypeInfoAnnotation = 'alibabacloud.com/instance-type-info';

const numberFields = ['EniQuantity', 'EniPrivateIpAddressQuantity', 'EniIpv6AddressQuantity',
  'EniTotalQuantity', 'EriQuantity'] as const;

/** Why the annotation was not used, as Terway's json.Unmarshal would word the cause. */
export interface AnnotationRefusal {
  readonly reason: string;
}

function decodeInfo(value: unknown): Result<InstanceTypeInfo, AnnotationRefusal> {
  // Go leaves the struct at its zero value for a JSON null; the empty id then matches no type.
  if (value === null) return decodeInfo({});
  if (typeof value !== 'object' || Array.isArray(value))
    return err({ reason: 'cannot unmarshal into Go value of type ecs.InstanceType: expected a ' +
      'JSON object' });
  const record = value as Record<string, unknown>;
  const numbers: Record<string, number> = {};
  for (const field of numberFields) {
    const entry = record[field] ?? 0;
    if (typeof entry !== 'number' || !Number.isInteger(entry))
      return err({ reason: `cannot unmarshal ${JSON.stringify(entry)} into Go struct field ` +
        `InstanceType.${field} of type int` });
    numbers[field] = entry;
  }
  const id = record.InstanceTypeId ?? '';
  if (typeof id !== 'string')
    return err({ reason: 'cannot unmarshal into Go struct field InstanceType.InstanceTypeId ' +
      'of type string' });
  const trunk = record.EniTrunkSupported ?? false;
  if (typeof trunk !== 'boolean')
    return err({ reason: 'cannot unmarshal into Go struct field InstanceType.EniTrunkSupported ' +
      'of type bool' });
  return ok({
    InstanceTypeId: id,
    EniQuantity: numbers.EniQuantity!,
    EniPrivateIpAddressQuantity: numbers.EniPrivateIpAddressQuantity!,
    EniIpv6AddressQuantity: numbers.EniIpv6AddressQuantity!,
    EniTotalQuantity: numbers.EniTotalQuantity!,
    EniTrunkSupported: trunk,
    EriQuantity: numbers.EriQuantity!,
  });
}

/**
 * The limits the annotation gives: undefined when the node has none, a refusal when it does not
 * decode. The caller still checks the type id against metadata, as Terway does.
 */
export function limitsFromAnnotation(annotations: Readonly<Record<string, string>> | undefined):
  Result<Limits | undefined, AnnotationRefusal> {
  const text = annotations?.[instanceTypeInfoAnnotation];
  if (text === undefined) return ok(undefined);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return err({ reason: `invalid JSON: ${(error as Error).message}` });
  }
  const info = decodeInfo(parsed);
  return info.ok ? ok(limitsFromInstanceType(info.value)) : info;
}
