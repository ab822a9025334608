// Helpers for validate tests: run the whole validator on an eni_conf object (bare JSON form) and
// pick diagnostics by code.

import { validateEniConfig } from '../../src/validate/validate.js';
import type { Diagnostic, PlannedInstanceType, ValidationPlan, ValidationReport } from
  '../../src/validate/diagnostic.js';
import { instanceType } from '../config/fixtures.js';

export function lint(eniConf: Record<string, unknown>,
  plan: ValidationPlan = {}): ValidationReport {
  return validateEniConfig(JSON.stringify(eniConf, null, 2), plan);
}

export function codes(report: ValidationReport): string[] {
  return report.diagnostics.map((d) => d.code);
}

export function only(report: ValidationReport, code: string): Diagnostic[] {
  return report.diagnostics.filter((d) => d.code === code);
}

/** A config that passes cleanly, to vary one key at a time. */
export const clean: Record<string, unknown> = {
  vswitches: { 'cn-hangzhou-i': ['vsw-pod1'] }, security_groups: ['sg-1'],
    service_cidr: '172.21.0.0/20',
};

export const g7xlarge: PlannedInstanceType = instanceType();
export const c6large: PlannedInstanceType = { ...instanceType({ InstanceTypeId: 'ecs.c6.large',
  EniQuantity: 2, EniPrivateIpAddressQuantity: 6, EniIpv6AddressQuantity: 1, EniTotalQuantity: 2,
  EniTrunkSupported: false }), modelled: ['EniIpv6AddressQuantity', 'EniTotalQuantity',
  'EniTrunkSupported'] };
