import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { documentLocale, loadMessages } from "./lib/i18n";

// The page's language is its own chunk (the head preloads it): hydrate once it is registered, so the
// first client render has the same text as the server's. See docs/decisions/019-one-language-per-page.md.
// If the chunk cannot be loaded, the page stays as the server rendered it, which works without JavaScript.
loadMessages(documentLocale()).then(
  () => {
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    });
  },
  (error: unknown) => console.error("The page's language could not be loaded; it works without JavaScript.", error),
);
