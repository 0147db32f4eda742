import { hash, verify } from "@node-rs/argon2";
import { AppError } from "../../../shared/errors";

// argon2id with the OWASP-recommended minimum memory cost (19 MiB, 2 passes).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Used when an account is unknown, so a wrong email costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
export async function spendPasswordCheckTime(password: string): Promise<void> {
  dummyHash ??= hashPassword("a password for timing only");
  await verifyPassword(await dummyHash, password);
}

let commonPasswords: Set<string> | undefined;

/** True when the password (case-insensitively) is on the list of common passwords shipped with zxcvbn-ts. */
export async function isCommonPassword(password: string): Promise<boolean> {
  if (!commonPasswords) {
    const { dictionary } = await import("@zxcvbn-ts/language-common");
    commonPasswords = new Set((dictionary.passwords as string[]).map((entry) => entry.toLowerCase()));
  }
  return commonPasswords.has(password.toLowerCase());
}

/** Rejects a password on the common list with a field error on the given field. */
export async function ensureUncommonPassword(password: string, field = "password"): Promise<void> {
  if (await isCommonPassword(password)) {
    throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { [field]: "validation.password_common" } });
  }
}
