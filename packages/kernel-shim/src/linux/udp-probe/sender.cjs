// Runs inside a test's network namespace (LinuxKernel.probeUdp): sends ten UDP datagrams to
// ADDRESS:PORT, 200 ms apart, for a listener that is slow to start. Real Linux, real time.
// Usage: node sender.cjs ADDRESS PORT
const socket = require('node:dgram').createSocket('udp4');
let sent = 0;
const send = () => socket.send('probe', Number(process.argv[3]), process.argv[2], () => {
  sent += 1;
  if (sent < 10) setTimeout(send, 200);
  else socket.close();
});
send();
