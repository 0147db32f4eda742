import type { Config } from "../../config";

export function appLink(config: Pick<Config, "publicUrl">, path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, `${config.publicUrl}/`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}
