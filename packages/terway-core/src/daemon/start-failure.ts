// Why a Terway daemon process did not start, as whoever runs it (the daemonset pod's container, in
// the world package) must tell the cases apart: a start while a process runs, or a crash during
// startup, needs nothing more; any other failure ends the process, and the container restarts
// with back-off, as kubelet does with a failing daemonset pod. `message` is the text the daemon
// logs and kubelet's BackOff event quotes.

export type StartFailure =
  | { readonly kind: 'already-running'; readonly message: string }
  | { readonly kind: 'stopped-during-startup'; readonly message: string }
  /** A startup step failed (bad config, metadata, cloud, Kubernetes): the process exits. */
  | { readonly kind: 'startup-failed'; readonly message: string };

export const stoppedDuringStartup: StartFailure = Object.freeze({
  kind: 'stopped-during-startup', message: 'daemon stopped during startup',
});

export function startupFailed(message: string): StartFailure {
  return { kind: 'startup-failed', message };
}

export function alreadyRunning(message: string): StartFailure {
  return { kind: 'already-running', message };
}
