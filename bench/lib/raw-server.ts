// Baseline: raw node:http serving fixed bytes from memory (argv: port, body file, headers JSON file).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";

const [port, bodyFile, headersFile] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const headers = JSON.parse(readFileSync(headersFile, "utf8")) as Record<string, string>;
headers["content-length"] = String(body.length);

createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
    return;
  }
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(port), "127.0.0.1");
