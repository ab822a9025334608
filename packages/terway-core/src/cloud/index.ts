// The typed ECS/VPC client over the OpenApiPort, its failures, request options and idempotency keys.
export * from './errors.js';
export * from './network-interface.js';
export * from './idempotency.js';
export * from './invoke.js';
export * from './request-options.js';
export * from './ecs-client.js';
export * from './vpc-client.js';
