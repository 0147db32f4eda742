// P6: posting. Replies/s through the JSON API (markdown render, sanitizing, revision, search vector,
// counters, read position, follow, a notification to the thread's author) vs pgbench running a script that writes the same rows
// in one transaction with the same number of clients.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchContext } from "../lib/context";
import { load } from "../lib/http";
import { hasTaskset } from "../lib/proc";
import { interleave, median, pairedRatio, round } from "../lib/stats";
import { liveThreadOf, postReply, replyBody } from "./common";

export const id = "P6";
export const title = "posting replies/s vs pgbench inserting the same rows";

const CLIENTS = 10;

export async function run(ctx: BenchContext) {
  const threadId = liveThreadOf(ctx);
  const author = ctx.meta.moderatorId;
  const cookie = await ctx.cookieFor(author);
  await postReply(ctx, threadId); // checks the path works before loading it
  const script = pgbenchScript(threadId, author);
  const dir = mkdtempSync(path.join(tmpdir(), "enlace-pgbench-"));
  const scriptFile = path.join(dir, "reply.sql");
  writeFileSync(scriptFile, script);
  const seconds = Math.max(4, ctx.sizes.seconds); // a reply can take hundreds of ms: short windows undercount

  const appRun = async () => {
    const result = await load({
      url: `${ctx.app.url}/api/v1/threads/${threadId}/replies`,
      method: "POST",
      connections: CLIENTS,
      durationSeconds: seconds,
      headers: { cookie, origin: ctx.app.url, "content-type": "application/json" },
      body: () => JSON.stringify({ body: replyBody() }),
    });
    const ok = result.requests - result.non2xx - result.errors;
    if (result.non2xx > result.requests / 10) throw new Error(`${result.non2xx} of ${result.requests} replies refused`);
    return ok / seconds;
  };
  const pgbenchRun = () => runPgbench(ctx.dbUrl, scriptFile, seconds);
  const { a, b } = await interleave(ctx.sizes.pairs, appRun, pgbenchRun);
  const ratio = pairedRatio(a, b);
  ctx.record({
    scenario: id,
    figure: "replies/s",
    unit: "replies/s",
    value: round(median(a), 1),
    baseline: { label: `pgbench, same rows, ${CLIENTS} clients`, value: round(median(b), 1) },
    ratio: round(ratio, 3),
    goal: ">= 0.3x",
    met: ratio >= 0.3,
    notes: `${CLIENTS} concurrent posters into one thread (they queue on its row lock in both); the pgbench script does no markdown render or sanitizing and writes no notification for the thread's author (the app does, with its email outbox row)`,
    samples: { app: a, baseline: b },
  });
}

/** The rows createReply writes, as SQL: position under the thread's row lock, post, root id, revision, counters, read position, follow, draft. */
function pgbenchScript(threadId: number, author: number): string {
  return `\\set tid ${threadId}
\\set uid ${author}
\\set n random(1, 1000000000)
begin;
select last_position + 1 as pos from threads where id = :tid for update \\gset
insert into posts (thread_id, position, parent_id, root_id, depth, author_id, language, source, html, plain_text, search_vector, author_was_expert, created_at)
  select :tid, :pos, null, null, 0, :uid, t.language, 'Respuesta de prueba **' || :n || '**: ¿cómo financiaron los _buses eléctricos_ en su ciudad?',
    '<p>Respuesta de prueba <strong>' || :n || '</strong>: ¿cómo financiaron los <em>buses eléctricos</em> en su ciudad?</p>' || chr(10),
    'Respuesta de prueba ' || :n || ': ¿cómo financiaron los buses eléctricos en su ciudad?',
    setweight(to_tsvector(c.cfg, ''), 'A') || setweight(to_tsvector(c.cfg, 'Respuesta de prueba ' || :n || ': ¿cómo financiaron los buses eléctricos en su ciudad?'), 'B'),
    false, now()
  from threads t cross join lateral (select (case t.language when 'es' then 'spanish' when 'pt' then 'portuguese' else 'english' end)::regconfig as cfg) c
  where t.id = :tid returning id as post_id \\gset
update posts set root_id = :post_id where id = :post_id;
insert into post_revisions (post_id, number, source, editor_id, created_at) values (:post_id, 1, 'Respuesta ' || :n, :uid, now());
update threads set last_position = :pos, post_count = post_count + 1, reply_count = reply_count + 1, last_activity_at = now(),
  first_reply_at = coalesce(first_reply_at, now()) where id = :tid;
insert into thread_reads (user_id, thread_id, last_read_position, updated_at) values (:uid, :tid, :pos, now())
  on conflict (user_id, thread_id) do update set last_read_position = greatest(thread_reads.last_read_position, excluded.last_read_position), updated_at = now();
delete from drafts where user_id = :uid and key = 'reply:' || :tid;
insert into thread_follows (user_id, thread_id, level, reason) values (:uid, :tid, 'tracking', 'replied') on conflict (user_id, thread_id) do nothing;
commit;
`;
}

function runPgbench(dbUrl: string, scriptFile: string, seconds: number): Promise<number> {
  const url = new URL(dbUrl);
  const args = ["-n", "-c", String(CLIENTS), "-j", "1", "-T", String(seconds), "-f", scriptFile, "-h", url.hostname, "-p", url.port || "5432", "-U", decodeURIComponent(url.username || "postgres"), url.pathname.slice(1)];
  const command = hasTaskset() ? "taskset" : "pgbench";
  const full = hasTaskset() ? ["-c", "1", "pgbench", ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(command, full, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
      if (code !== 0 || !match) reject(new Error(`pgbench failed (${code}):\n${out.slice(-2000)}`));
      else resolve(Number(match[1]));
    });
  });
}
