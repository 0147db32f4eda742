import { createContext, useContext } from "react";

/** The request's CSP nonce, given to every script Remix renders. Empty in the browser. */
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
