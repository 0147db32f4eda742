// Demo pairs of officials: filled in by the pairs service.
import type { Deps } from "../server/context";

export async function seedDemoPairs(_deps: Deps): Promise<void> {}
