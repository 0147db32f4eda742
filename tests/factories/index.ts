// Factories build realistic rows for tests; the demo seed uses them too.
import type { DB } from "../../db/connection";
import type { NewUser, UserRow } from "../../db/schema";
import { hashPassword } from "../../server/domain/security/passwords";

export const DEFAULT_TEST_PASSWORD = "movilidad-sostenible-2030";

let sequence = 0;
const next = () => `${Date.now().toString(36)}${(++sequence).toString(36)}`;

// One hash for the default password, so building many members stays fast.
let defaultHash: Promise<string> | undefined;

export interface UserFactoryInput extends Partial<NewUser> {
  password?: string;
}

export async function createUser(db: DB, input: UserFactoryInput = {}): Promise<UserRow> {
  const { password, ...overrides } = input;
  const suffix = next();
  const passwordHash =
    password && password !== DEFAULT_TEST_PASSWORD
      ? await hashPassword(password)
      : await (defaultHash ??= hashPassword(DEFAULT_TEST_PASSWORD));
  return db
    .insertInto("users")
    .values({
      email: `member-${suffix}@example.org`,
      handle: `member_${suffix}`.slice(0, 30),
      display_name: `Member ${suffix}`,
      password_hash: passwordHash,
      email_verified_at: new Date(),
      locale: "es",
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface LocalizedText {
  es: string;
  pt: string;
  en: string;
}

export async function createTopic(
  db: DB,
  input: { slug?: string; name?: LocalizedText; description?: LocalizedText; position?: number } = {},
) {
  const suffix = next();
  const space = await db.insertInto("spaces").values({ kind: "topic", visibility: "public" }).returning("id").executeTakeFirstOrThrow();
  return db
    .insertInto("topics")
    .values({
      space_id: space.id,
      slug: input.slug ?? `topic-${suffix}`,
      name: JSON.stringify(input.name ?? { es: `Tema ${suffix}`, pt: `Tema ${suffix}`, en: `Topic ${suffix}` }),
      description: JSON.stringify(input.description ?? { es: "Descripción", pt: "Descrição", en: "Description" }),
      position: input.position ?? 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createPartnerOrganisation(
  db: DB,
  input: { code: string; name: string; url: string; description: LocalizedText; position: number },
) {
  return db
    .insertInto("partner_organisations")
    .values({ ...input, description: JSON.stringify(input.description) })
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
}
