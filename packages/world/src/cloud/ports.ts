// Wires the cloud emulator's in-process clients into Terway's ports, and proves they fit. The
// emulator may not import terway-core (dependencies point one way), so it declares the port
// shapes again; the `satisfies` checks below make the compiler hold the two declarations
// together: if terway-core's OpenApiPort or MetadataPort changes and the emulator does not follow,
// this file stops compiling.

import type { CloudClientOptions, CloudEmulator, InProcessCloudClient, InProcessMetadataClient,
  MetadataClientOptions } from '@terway-sim/cloud-emulator';
import type { MetadataPort, OpenApiPort } from '@terway-sim/terway-core';

/** Terway's OpenAPI port, served by the emulator under the run's virtual clock. */
export function cloudOpenApiPort(cloud: CloudEmulator,
  options: CloudClientOptions = {}): OpenApiPort {
  return cloud.client(options) satisfies OpenApiPort;
}

/** Terway's metadata port for one instance, with the emulator's metadata lag and faults. */
export function cloudMetadataPort(cloud: CloudEmulator, instanceId: string,
  options: MetadataClientOptions = {}): MetadataPort {
  return cloud.metadata(instanceId, options) satisfies MetadataPort;
}

// The classes themselves, not only the factories' results, conform (a type-level check).
type Conforms<T, Port> = T extends Port ? true : never;
export const inProcessClientsConform: [Conforms<InProcessCloudClient, OpenApiPort>,
  Conforms<InProcessMetadataClient, MetadataPort>] = [true, true];
