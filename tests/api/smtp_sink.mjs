// smtp_sink.mjs - a tiny SMTP server for the e-mail digest tests (issue
// #16): enough of RFC 5321 for libcurl (EHLO/HELO, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT), on a free loopback port. Each accepted message is kept in
// `messages` as { from, to, raw } with the dot-stuffing undone. With
// `fail: true` it answers DATA's end with 451 (a temporary failure) and keeps
// nothing, to test back-off.
import net from 'node:net';

export async function startSink(opts = {}) {
  const sink = { messages: [], fail: !!opts.fail };
  sink.server = net.createServer((sock) => {
    let buf = '', inData = false, env = { from: null, to: [] };
    sock.setEncoding('utf8');
    sock.write('220 sink ESMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = buf.slice(0, end + 2).replace(/\r\n\.\./g, '\r\n.');
          buf = buf.slice(end + 5);
          inData = false;
          if (sink.fail) sock.write('451 try again later\r\n');
          else { sink.messages.push({ ...env, raw }); sock.write('250 OK\r\n'); }
          env = { from: null, to: [] };
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250-sink\r\n250 8BITMIME\r\n');
        else if (cmd === 'MAIL') { env.from = line.replace(/^MAIL FROM:\s*<?([^>]*)>?.*$/i, '$1'); sock.write('250 OK\r\n'); }
        else if (cmd === 'RCPT') { env.to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1')); sock.write('250 OK\r\n'); }
        else if (cmd === 'DATA') { inData = true; sock.write('354 go ahead\r\n'); }
        else if (cmd === 'QUIT') { sock.end('221 bye\r\n'); return; }
        else sock.write('250 OK\r\n');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((r) => sink.server.listen(0, '127.0.0.1', r));
  sink.url = `smtp://127.0.0.1:${sink.server.address().port}`;
  sink.stop = () => new Promise((r) => sink.server.close(r));
  return sink;
}
