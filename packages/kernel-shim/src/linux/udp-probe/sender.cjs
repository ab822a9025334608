// Runs inside a test's network namespace (LinuxKernel.probeUdp): sends one UDP datagram to
// ADDRESS:PORT and exits. probeUdp's shell loop sends ten, 200 ms apart, for a listener that is
// slow to start; the pacing is real time on a real kernel, kept out of the simulator's code.
// Usage: node sender.cjs ADDRESS PORT
const socket = require('node:dgram').createSocket('udp4');
socket.send('probe', Number(process.argv[3]), process.argv[2], () => socket.close());
