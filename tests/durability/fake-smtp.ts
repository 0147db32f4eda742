// A minimal SMTP server for crash tests: it records every message it accepts (by Message-ID) and can be
// told to go silent after receiving a given message, so the sender is caught between "the server has the
// message" and "the server said 250" when the test kills it.
import { createServer, type Server, type Socket } from "node:net";

export interface FakeSmtp {
  url: string;
  /** Message-IDs in the order their DATA ended, repeats included. */
  received: string[];
  /** After the nth message's DATA (1-based) the server never answers again; null answers everything. */
  hangAfter: number | null;
  close(): Promise<void>;
}

export async function startFakeSmtp(): Promise<FakeSmtp> {
  const sockets = new Set<Socket>();
  const state: FakeSmtp = { url: "", received: [], hangAfter: null, close: async () => {} };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = "";
    let inData = false;
    let data: string[] = [];
    let silent = false;
    const reply = (text: string) => {
      if (!silent && !socket.destroyed) socket.write(`${text}\r\n`);
    };
    reply("220 fake-smtp ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let index: number;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            const id = data.find((header) => /^message-id:/i.test(header))?.replace(/^message-id:\s*/i, "").trim() ?? "(none)";
            state.received.push(id);
            if (state.hangAfter !== null && state.received.length >= state.hangAfter) silent = true;
            reply("250 2.0.0 queued");
            data = [];
          } else {
            data.push(line);
          }
          continue;
        }
        const verb = line.split(" ")[0].toUpperCase();
        if (verb === "EHLO") reply("250-fake-smtp\r\n250 8BITMIME");
        else if (verb === "DATA") {
          inData = true;
          reply("354 end with <CRLF>.<CRLF>");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("250 ok");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return state;
}
