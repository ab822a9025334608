// Runs inside a test's network namespace (LinuxKernel.probeUdp): prints `ready` once it listens on
// ADDRESS:PORT, then the source address of the first UDP datagram that reaches it, and exits.
// Real Linux, real time: not simulation.
// Usage: node listener.cjs ADDRESS PORT
const socket = require('node:dgram').createSocket('udp4');
socket.on('listening', () => process.stdout.write('ready\n'));
socket.on('message', (_message, remote) => {
  process.stdout.write(`${remote.address}\n`);
  process.exit(0);
});
socket.bind(Number(process.argv[3]), process.argv[2]);
