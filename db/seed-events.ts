// Demo events: filled in by the events service.
import type { Deps } from "../server/context";

export async function seedDemoEvents(_deps: Deps): Promise<void> {}
