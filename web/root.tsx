import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
  type ClientLoaderFunctionArgs,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import type { ReactNode } from "react";
import type { Locale } from "../shared/i18n/core";
import { SiteFooter, SiteHeader } from "./components/site-chrome";
import { loadMessages, useT } from "./lib/i18n";
import { languageChunkUrls } from "./lib/language-chunks.server";
import { useNonce } from "./lib/nonce";
import { RealtimeProvider } from "./lib/realtime";
import stylesUrl from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const { state } = context;
  const account = state.account;
  // The bell's count; with JavaScript the socket keeps it current between loads.
  const unreadCount = account ? await context.services.notifications.countUnread(context.ctx) : 0;
  return json({
    locale: state.locale,
    // The page's language chunk, preloaded in the head (the browser loads only this language).
    languageChunks: languageChunkUrls(state.locale),
    account: account
      ? {
          handle: account.handle,
          displayName: account.displayName,
          siteRole: account.siteRole,
          status: account.status,
        }
      : null,
    unreadCount,
  });
}

// Language and account change only through actions (sign-in, switcher), so plain navigations skip this loader.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod !== undefined && formMethod !== "GET" ? defaultShouldRevalidate : false;

// The browser holds only the language it was rendered in: when the locale changes without a document load
// (the language switcher, signing in, a profile's language), the new chunk is loaded before the page
// renders in it, so no page ever shows keys instead of text. If it cannot be loaded (a deploy replaced the
// assets, say), a document load renders the page in the new language instead, as Remix does for a route
// module. Not run for hydration.
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  try {
    await loadMessages(data.locale);
  } catch {
    window.location.reload();
    return new Promise<never>(() => {});
  }
  return data;
}

export type RootData = ReturnType<typeof useRootData>;
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  const locale: Locale = data?.locale ?? "es";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
        {data?.languageChunks.map((href) => <link key={href} rel="modulepreload" href={href} />)}
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRootData();
  const handle = data?.account?.handle ?? null;
  // Keyed by the member: signing in or out closes one connection and opens the next.
  return (
    <RealtimeProvider key={handle ?? "anonymous"} enabled={handle !== null} selfHandle={handle} unreadCount={data?.unreadCount ?? 0}>
      <Page>
        <Outlet />
      </Page>
    </RealtimeProvider>
  );
}

function Page({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip_to_content")}
      </a>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? [t("errors.not_found_title"), t("errors.not_found_body")]
      : status === 403
        ? [t("errors.forbidden_title"), t("errors.forbidden_body")]
        : [t("errors.server_title"), t("errors.server_body")];
  return (
    <Page>
      <title>{`${title} · Enlace`}</title>
      <section className="narrow">
        <h1>{title}</h1>
        <p>{body}</p>
        <p>
          <a href="/">{t("errors.go_home")}</a>
        </p>
      </section>
    </Page>
  );
}
