import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { ConfigError, environmentKeys, loadConfig } from "../../server/config";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}

describe("config", () => {
  it("starts with no variables at all, on the embedded database", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database.kind).toBe("pglite");
    expect(config.publicUrl).toBe("http://localhost:3000");
    expect(config.allowedOrigins).toEqual(["http://localhost:3000"]);
    expect(config.secureCookies).toBe(false);
    expect(config.registrationPolicy).toBe("open");
    expect(config.seedDemo).toBe(true);
  });

  it("uses PostgreSQL when DATABASE_URL is set, and does not seed it unless asked", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://u@db:5432/enlace" });
    expect(config.database).toMatchObject({ kind: "postgres", url: "postgres://u@db:5432/enlace" });
    expect(config.seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: "postgres://u@db/enlace", SEED_DEMO: "true" }).seedDemo).toBe(true);
  });

  it("never seeds in production unless asked", () => {
    expect(loadConfig({ NODE_ENV: "production" }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", SEED_DEMO: "true" }).seedDemo).toBe(true);
  });

  it("names the variable and what it expects", () => {
    expect(problemsOf({ PORT: "eighty" })).toEqual([expect.stringMatching(/^PORT: expected a port number/)]);
    expect(problemsOf({ DATABASE_URL: "mysql://x" })).toEqual(["DATABASE_URL: expected a postgres:// connection string"]);
    expect(problemsOf({ REGISTRATION_POLICY: "closed" })).toEqual([
      'REGISTRATION_POLICY: expected open, approval or invite-only (got "closed")',
    ]);
    expect(problemsOf({ TRUST_PROXY: "maybe" })).toEqual(['TRUST_PROXY: expected true or false (got "maybe")']);
    expect(problemsOf({ ADMIN_EMAIL: "not-an-email" })).toEqual([expect.stringMatching(/^ADMIN_EMAIL: expected an email address/)]);
  });

  it("lists every bad variable at once", () => {
    const problems = problemsOf({ PORT: "-1", PUBLIC_URL: "ftp://x", SESSION_DAYS: "40", SESSION_MAX_DAYS: "10" });
    expect(problems.map((problem) => problem.split(":")[0]).sort()).toEqual(["PORT", "PUBLIC_URL", "SESSION_MAX_DAYS"]);
  });

  it("refuses an absolute session limit shorter than the sliding one", () => {
    expect(problemsOf({ SESSION_DAYS: "40", SESSION_MAX_DAYS: "10" })).toEqual([
      expect.stringMatching(/^SESSION_MAX_DAYS: expected a number of days at least as large as SESSION_DAYS/),
    ]);
  });

  it("serves secure cookies when the public address is https", () => {
    const config = loadConfig({ PUBLIC_URL: "https://enlace.example.org/" });
    expect(config.secureCookies).toBe(true);
    expect(config.publicUrl).toBe("https://enlace.example.org");
    expect(config.allowedOrigins).toEqual(["https://enlace.example.org"]);
  });

  it("never echoes a connection string, which may hold a password", () => {
    const problems = problemsOf({ DATABASE_URL: "mysql://user:secret@x" });
    expect(problems.join("\n")).not.toContain("secret");
  });
});

describe(".env.example", () => {
  it("lists every variable the config reads, each with a comment above it", () => {
    const lines = readFileSync(".env.example", "utf8").split("\n");
    const documented = lines.flatMap((line, index) => {
      const key = line.match(/^([A-Z_]+)=/)?.[1];
      // A key belongs to the comment above its block of keys.
      let above = index - 1;
      while (above >= 0 && /^[A-Z_]+=/.test(lines[above])) above--;
      return key && lines[above]?.startsWith("#") ? [key] : [];
    });
    expect(documented.sort()).toEqual([...environmentKeys].sort());
  });

  it("is a valid configuration as it stands", () => {
    const env = Object.fromEntries(
      readFileSync(".env.example", "utf8")
        .split("\n")
        .flatMap((line) => {
          const match = line.match(/^([A-Z_]+)=(.*)$/);
          return match ? [[match[1], match[2]]] : [];
        }),
    );
    expect(() => loadConfig(env)).not.toThrow();
  });
});
