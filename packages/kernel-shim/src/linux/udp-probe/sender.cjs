// Runs inside a test's network namespace (LinuxKernel.probeUdp): sends three UDP datagrams to
// ADDRESS:PORT at once and exits. The listener is already listening when this starts, so nothing
// needs pacing; three, in case the first waits on neighbour resolution and is dropped there.
// A send the kernel refuses (no route) is a dropped probe, not an error of this script.
// Usage: node sender.cjs ADDRESS PORT
const socket = require('node:dgram').createSocket('udp4');
let left = 3;
for (let sent = 0; sent < 3; sent++) {
  socket.send('probe', Number(process.argv[3]), process.argv[2], () => {
    if (--left === 0) socket.close();
  });
}
