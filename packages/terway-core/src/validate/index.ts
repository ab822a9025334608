// eni-config validation: stable diagnostic codes, the plan-aware semantic checks, and the
// entry point `validateEniConfig`.

export type {
  Diagnostic, Severity, ValidationReport, ValidationPlan, PlannedInstanceType, PlannedVSwitch,
    Check, CheckContext,
} from './diagnostic.js';
export { codeCatalog, type CodeSpec } from './codes.js';
export { validateEniConfig, semanticChecks, type ValidateOptions } from './validate.js';
export { suggestKey, editDistance, type KeySuggestion } from './suggest.js';
export { scaleUpCalls } from './checks/scale-up-rate.js';
export { zoneIdPattern } from './checks/vswitch-ids.js';
