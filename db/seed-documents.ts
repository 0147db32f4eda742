// Demo documents: filled in by the document bank.
import type { Deps } from "../server/context";

export async function seedDemoDocuments(_deps: Deps): Promise<void> {}
