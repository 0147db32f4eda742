// Baseline: a plain ws server (argv: port). A client message {"broadcast": text} goes to every client as
// {"seq": n, "payload": text}; {"since": n} answers {"missed": [...]} with what was broadcast after n,
// from memory (the catch-up a reconnecting page does, without a database).
import { createServer } from "node:http";
import { WebSocketServer, WebSocket } from "ws";

const port = Number(process.argv[2]);
const http = createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("ok");
});
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
const history: string[] = [];

wss.on("connection", (socket) => {
  socket.on("message", (data) => {
    const message = JSON.parse(data.toString()) as { broadcast?: string; since?: number };
    if (message.broadcast !== undefined) {
      history.push(message.broadcast);
      const frame = JSON.stringify({ seq: history.length, payload: message.broadcast });
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
    } else if (message.since !== undefined) {
      socket.send(JSON.stringify({ missed: history.slice(message.since).map((payload, i) => ({ seq: message.since! + i + 1, payload })) }));
    }
  });
});
http.listen(port, "127.0.0.1");
