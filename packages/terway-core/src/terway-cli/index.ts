// terway-cli's view of a node (Terway's cmd/terway-cli): the daemon's tracing answers as plain
// data, the commands that print them, and the pterm printers they draw with.
export {
  tracingSnapshot, goTimeString, tracingTypeNetworkService, networkServiceName,
  daemonConfigFilePath, type TracingSnapshot, type TracingInputs, type TracingEntry,
  type TracedResource, type ResourceMappingEntry, type ResourceDbEntry,
} from './tracing.js';
export {
  runTerwayCli, terwayCliCommands, daemonUnavailable, type TerwayCliInput,
} from './commands.js';
export {
  metadataCommand, type MetadataReader, type HostLink, type MetadataCommandInput,
} from './metadata-command.js';
export {
  treeFromLeveledList, renderTree, renderBulletList, type LeveledItem, type TreeNode,
} from './pterm.js';
