import type { Kysely } from "kysely";

// Reference data: profiles pick their partner organisation from these codes, so every database has them.
const partners = [
  ["giz", "GIZ", "https://www.giz.de", "Cooperación alemana para el desarrollo sostenible.", "Cooperação alemã para o desenvolvimento sustentável.", "German cooperation for sustainable development."],
  ["afd", "AFD", "https://www.afd.fr", "Agencia Francesa de Desarrollo.", "Agência Francesa de Desenvolvimento.", "French Development Agency."],
  ["eclac", "CEPAL / ECLAC", "https://www.cepal.org", "Comisión Económica para América Latina y el Caribe.", "Comissão Econômica para a América Latina e o Caribe.", "Economic Commission for Latin America and the Caribbean."],
  ["unep", "PNUMA / UNEP", "https://www.unep.org", "Programa de las Naciones Unidas para el Medio Ambiente.", "Programa das Nações Unidas para o Meio Ambiente.", "UN Environment Programme."],
  ["myc", "MobiliseYourCity", "https://www.mobiliseyourcity.net", "Asociación mundial para planes de movilidad urbana sostenible.", "Parceria global para planos de mobilidade urbana sustentável.", "Global partnership for sustainable urban mobility planning."],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto("partner_organisations")
    .values(
      partners.map(([code, name, url, es, pt, en], position) => ({
        code,
        name,
        url,
        description: JSON.stringify({ es, pt, en }),
        position,
      })),
    )
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("partner_organisations").execute();
}
