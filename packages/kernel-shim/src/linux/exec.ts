// Runs one helper process (`ip`, `tc`, `sh`) and collects its exit code and output. The real
// backend's only contact with the machine; everything it runs is inside namespaces it created
// (`ip -n NS ...`, `ip netns exec NS ...`). A hung helper is killed after `timeoutMs`.

import { execFile } from 'node:child_process';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type Runner = (
  argv: readonly string[],
  options?: { readonly input?: string },
) => Promise<CommandResult>;

/** How long one helper may run before it is killed (ms). */
export const commandTimeoutMs = 20_000;

export const runCommand: Runner = (argv, options = {}) => new Promise((resolve) => {
  const [file, ...args] = argv;
  const child = execFile(
    file!,
    args,
    { timeout: commandTimeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
    (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 127;
      const extra = error !== null && typeof error.code !== 'number' ? `${error.message}\n` : '';
      resolve({ code, stdout, stderr: `${stderr}${extra}` });
    },
  );
  if (options.input !== undefined) child.stdin?.end(options.input);
});
