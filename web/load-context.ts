// The shape of Remix's load context, filled by server/app.ts for every request.
import type { ServiceContext } from "../server/context";
import type { Services } from "../server/domain";
import type { RequestState } from "../server/http/request-state";
import type { SessionCookie } from "../server/http/session-cookie";

export interface PublicConfig {
  publicUrl: string;
  registrationPolicy: "open" | "approval" | "invite-only";
  secureCookies: boolean;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    ctx: ServiceContext;
    state: RequestState;
    sessionCookie: SessionCookie;
    config: PublicConfig;
  }
}

export {};
