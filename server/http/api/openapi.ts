// The OpenAPI 3.1 description of /api/v1. Request bodies and query parameters come from the shared
// zod input schemas (z.toJSONSchema, input side), so the document follows the validation the services
// really apply; response shapes are written by hand after the DTOs in server/domain.
import { z } from "zod";
import { errorCodes } from "../../../shared/errors";
import { locales } from "../../../shared/i18n";
import {
  createReplySchema,
  createThreadSchema,
  editPostSchema,
  editThreadSchema,
  listThreadsSchema,
  postIdSchema,
  searchSchema,
  threadPageSchema,
} from "../../../shared/schemas/forum.schema";

type JsonSchema = Record<string, unknown>;

/** The input side of a zod schema as JSON Schema, without the given (path) properties. */
function inputSchema(schema: z.ZodType, options: { omit?: string[]; require?: string[] } = {}): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete json.$schema;
  const properties = { ...((json.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  for (const name of options.omit ?? []) delete properties[name];
  const required = [...new Set([...((json.required as string[] | undefined) ?? []), ...(options.require ?? [])])].filter(
    (name) => name in properties,
  );
  const result: JsonSchema = { ...json, properties, required };
  if (!required.length) delete result.required;
  return result;
}

/** The properties of a zod object schema as OpenAPI query parameters. */
function queryParameters(
  schema: z.ZodType,
  overrides: Record<string, { schema?: JsonSchema; description?: string }> = {},
): JsonSchema[] {
  const json = inputSchema(schema);
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(json.properties as Record<string, JsonSchema>).map(([name, property]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema: overrides[name]?.schema ?? property,
    ...(overrides[name]?.description ? { description: overrides[name]!.description } : {}),
  }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: JsonSchema) => ({ "application/json": { schema } });
const errorResponse = (name: string) => ({ $ref: `#/components/responses/${name}` });
const ok = (description: string, schema: JsonSchema) => ({ description, content: jsonContent(schema) });
const noContent = { description: "Done; no body." };

/** Who may call: anyone (optionally signed in), or only members. */
const optionalAuth = [{}, { sessionCookie: [] }, { bearerToken: [] }];
const requiredAuth = [{ sessionCookie: [] }, { bearerToken: [] }];

const idParameter = (what: string) => ({
  name: "id",
  in: "path",
  required: true,
  description: `The ${what}'s id.`,
  schema: { type: "integer", minimum: 1, maximum: 2_147_483_647 },
});

const commonParameters = [{ $ref: "#/components/parameters/lang" }, { $ref: "#/components/parameters/acceptLanguage" }];

const readErrors = { "400": errorResponse("Validation"), "404": errorResponse("NotFound"), "500": errorResponse("Internal") };
const writeErrors = {
  "400": errorResponse("Validation"),
  "401": errorResponse("Unauthenticated"),
  "403": errorResponse("Forbidden"),
  "404": errorResponse("NotFound"),
  "429": errorResponse("RateLimited"),
  "500": errorResponse("Internal"),
};

function schemas(): Record<string, JsonSchema> {
  const nullable = (schema: JsonSchema) => ({ anyOf: [schema, { type: "null" }] });
  const dateTime = { type: "string", format: "date-time" };
  const changes = {
    type: "array",
    items: {
      type: "object",
      required: ["kind", "text"],
      properties: { kind: { enum: ["same", "added", "removed"] }, text: { type: "string" } },
    },
  };
  const post: JsonSchema = {
    type: "object",
    required: ["id", "position", "rootId", "depth", "author", "html", "deleted", "createdAt", "helpfulCount", "votedHelpful", "isSolution", "can"],
    properties: {
      id: { type: "integer" },
      position: { type: "integer", description: "1 for the opening post, then in order of arrival." },
      parentId: nullable({ type: "integer" }),
      parentAuthorHandle: nullable({ type: "string" }),
      rootId: { type: "integer" },
      depth: { type: "integer" },
      author: nullable(ref("Author")),
      html: nullable({ type: "string", description: "Sanitized HTML; null once deleted." }),
      deleted: { enum: [null, "author", "moderator"] },
      createdAt: dateTime,
      editedAt: nullable(dateTime),
      revisionCount: { type: "integer" },
      helpfulCount: { type: "integer" },
      votedHelpful: { type: "boolean" },
      isSolution: { type: "boolean" },
      can: {
        type: "object",
        properties: { edit: { type: "boolean" }, delete: { type: "boolean" }, vote: { type: "boolean" }, reply: { type: "boolean" } },
      },
      children: { type: "array", items: ref("Post"), description: "The first nested replies of a top-level post." },
      moreChildren: { type: "integer", description: "How many nested replies are not shown." },
    },
  };
  return {
    Error: {
      type: "object",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["code", "message"],
          properties: {
            code: { enum: [...errorCodes, "INTERNAL"] },
            message: { type: "string", description: "In the request's language." },
            fields: {
              type: "object",
              additionalProperties: { type: "string" },
              description: "Field name -> what is wrong with it, translated. Only for some VALIDATION and CONFLICT errors.",
            },
          },
        },
      },
      example: { error: { code: "VALIDATION", message: "Please correct the fields marked below.", fields: { topicId: "This value is not valid." } } },
    },
    Author: {
      type: "object",
      required: ["handle", "displayName", "verifiedOrganisation"],
      properties: { handle: { type: "string" }, displayName: { type: "string" }, verifiedOrganisation: nullable({ type: "string" }) },
    },
    Tag: { type: "object", required: ["slug", "name"], properties: { slug: { type: "string" }, name: { type: "string" } } },
    Topic: {
      type: "object",
      required: ["id", "slug", "name", "description", "position", "archived", "threadCount"],
      properties: {
        id: { type: "integer" },
        slug: { type: "string" },
        name: { type: "string", description: "In the request's language." },
        description: { type: "string" },
        position: { type: "integer" },
        archived: { type: "boolean" },
        threadCount: { type: "integer" },
        names: { type: "object", properties: { es: { type: "string" }, pt: { type: "string" }, en: { type: "string" } } },
        descriptions: { type: "object", properties: { es: { type: "string" }, pt: { type: "string" }, en: { type: "string" } } },
      },
    },
    ThreadSummary: {
      type: "object",
      required: ["id", "title", "kind", "language", "topic", "author", "tags", "replyCount", "solved", "createdAt", "lastActivityAt"],
      properties: {
        id: { type: "integer" },
        title: { type: "string" },
        kind: { enum: ["question", "discussion"] },
        language: { enum: [...locales] },
        topic: { type: "object", properties: { slug: { type: "string" }, name: { type: "string" } } },
        author: nullable(ref("Author")),
        tags: { type: "array", items: ref("Tag") },
        replyCount: { type: "integer" },
        solved: { type: "boolean" },
        createdAt: dateTime,
        lastActivityAt: dateTime,
        unreadCount: nullable({ type: "integer" }),
        isNew: { type: "boolean" },
      },
    },
    ThreadList: {
      type: "object",
      required: ["threads", "nextCursor"],
      properties: {
        threads: { type: "array", items: ref("ThreadSummary") },
        nextCursor: nullable({ type: "string", description: "Pass as `cursor` for the next page." }),
      },
    },
    Post: post,
    ThreadPage: {
      type: "object",
      required: ["thread", "opening", "solution", "posts", "nextAfter", "previousAfter"],
      properties: {
        thread: {
          type: "object",
          properties: {
            id: { type: "integer" },
            title: { type: "string" },
            kind: { enum: ["question", "discussion"] },
            language: { enum: [...locales] },
            topic: { type: "object", properties: { id: { type: "integer" }, slug: { type: "string" }, name: { type: "string" } } },
            tags: { type: "array", items: ref("Tag") },
            author: nullable(ref("Author")),
            createdAt: dateTime,
            replyCount: { type: "integer" },
            lastPosition: { type: "integer" },
            solvedAt: nullable(dateTime),
            firstExpertReplyAt: nullable(dateTime),
            locked: { type: "boolean" },
            deleted: { type: "boolean" },
          },
        },
        opening: nullable(ref("Post")),
        solution: nullable(ref("Post")),
        posts: { type: "array", items: ref("Post"), description: "Up to 20 top-level replies after `after`." },
        nextAfter: nullable({ type: "integer", description: "Pass as `after` for the next page." }),
        previousAfter: nullable({ type: "integer" }),
        firstUnreadPostId: nullable({ type: "integer" }),
        can: { type: "object", properties: { reply: { type: "boolean" }, markSolution: { type: "boolean" }, editThread: { type: "boolean" } } },
      },
    },
    PostHistory: {
      type: "object",
      required: ["threadId", "threadTitle", "postId", "revisions"],
      properties: {
        threadId: { type: "integer" },
        threadTitle: { type: "string" },
        postId: { type: "integer" },
        revisions: {
          type: "array",
          description: "Newest first.",
          items: {
            type: "object",
            required: ["number", "editor", "createdAt", "title", "source", "changes"],
            properties: {
              number: { type: "integer" },
              editor: nullable(ref("Author")),
              createdAt: dateTime,
              title: nullable({ type: "string" }),
              source: { type: "string", description: "The Markdown of this revision." },
              changes,
              titleChanges: nullable(changes),
            },
          },
        },
      },
    },
    SearchResult: {
      type: "object",
      required: ["hits", "nextCursor"],
      properties: {
        hits: {
          type: "array",
          items: {
            type: "object",
            properties: {
              postId: { type: "integer" },
              threadId: { type: "integer" },
              threadTitle: { type: "string" },
              isOpening: { type: "boolean" },
              kind: { enum: ["question", "discussion"] },
              solved: { type: "boolean" },
              topic: { type: "object", properties: { slug: { type: "string" }, name: { type: "string" } } },
              author: nullable(ref("Author")),
              createdAt: dateTime,
              language: { type: "string" },
              snippet: {
                type: "array",
                description: "The excerpt as plain-text segments; `match` marks the words that matched.",
                items: { type: "object", properties: { text: { type: "string" }, match: { type: "boolean" } } },
              },
            },
          },
        },
        nextCursor: nullable({ type: "string" }),
      },
    },
    Account: {
      type: "object",
      required: ["id", "email", "handle", "displayName", "locale", "siteRole", "status"],
      properties: {
        id: { type: "integer" },
        email: { type: "string", format: "email" },
        handle: { type: "string" },
        displayName: { type: "string" },
        organisation: { type: "string" },
        partnerOrg: nullable({ type: "string" }),
        communityRole: { type: "string" },
        country: nullable({ type: "string" }),
        region: { type: "string" },
        languages: { type: "array", items: { type: "string" } },
        bio: { type: "string" },
        locale: { enum: [...locales] },
        siteRole: { enum: ["member", "moderator", "admin"] },
        status: { enum: ["active", "pending"] },
        emailVerified: { type: "boolean" },
        expertVerified: { type: "boolean" },
        availability: { enum: ["available", "busy", "unavailable"], description: "Experts: whether they take questions now." },
        createdAt: dateTime,
      },
    },
    CreatedThread: {
      type: "object",
      required: ["threadId", "postId"],
      properties: { threadId: { type: "integer" }, postId: { type: "integer", description: "The opening post." } },
    },
    CreatedReply: {
      type: "object",
      required: ["postId", "position"],
      properties: { postId: { type: "integer" }, position: { type: "integer" } },
    },
    HelpfulVote: {
      type: "object",
      required: ["helpfulCount", "voted"],
      properties: { helpfulCount: { type: "integer" }, voted: { type: "boolean" } },
    },
    CreateThreadInput: inputSchema(createThreadSchema),
    EditThreadInput: {
      ...inputSchema(editThreadSchema, { omit: ["threadId"], require: ["tags"] }),
      description: "Both fields are required: `tags` replaces the thread's whole tag list.",
    },
    CreateReplyInput: inputSchema(createReplySchema, { omit: ["threadId"] }),
    EditPostInput: {
      ...inputSchema(editPostSchema, { omit: ["postId"] }),
      description: "`title` only applies to a thread's opening post.",
    },
    MarkSolutionInput: inputSchema(postIdSchema),
  };
}

export function buildOpenApiDocument(options: { serverUrl: string }): JsonSchema {
  const date = { type: "string", format: "date" };
  const threadPage = inputSchema(threadPageSchema).properties as Record<string, JsonSchema>;
  const body = (name: string) => ({ required: true, content: jsonContent(ref(name)) });

  const paths: Record<string, JsonSchema> = {
    "/topics": {
      get: {
        operationId: "listTopics",
        summary: "The forum's topics, in order.",
        security: optionalAuth,
        parameters: commonParameters,
        responses: { "200": ok("The topics.", { type: "array", items: ref("Topic") }), "500": errorResponse("Internal") },
      },
    },
    "/threads": {
      get: {
        operationId: "listThreads",
        summary: "One page of threads the caller may see, newest activity first.",
        security: optionalAuth,
        parameters: [
          ...queryParameters(listThreadsSchema, {
            topic: { description: "A topic's slug." },
            tag: { description: "A tag's slug." },
            country: { description: "The asker's country (ISO 3166-1 alpha-2)." },
            cursor: { description: "`nextCursor` of the previous page." },
          }),
          ...commonParameters,
        ],
        responses: { "200": ok("A page of threads.", ref("ThreadList")), ...readErrors },
      },
      post: {
        operationId: "createThread",
        summary: "Opens a question or a discussion in a topic.",
        security: requiredAuth,
        parameters: commonParameters,
        requestBody: body("CreateThreadInput"),
        responses: { "201": ok("The new thread and its opening post.", ref("CreatedThread")), ...writeErrors },
      },
    },
    "/threads/{id}": {
      get: {
        operationId: "getThreadPage",
        summary: "One page of a thread: the opening post (first page), the solution, and up to 20 top-level replies with their first nested replies.",
        security: optionalAuth,
        parameters: [
          idParameter("thread"),
          { name: "after", in: "query", required: false, schema: threadPage.after, description: "`nextAfter` of the previous page; 1 or absent for the first page." },
          {
            name: "unread",
            in: "query",
            required: false,
            schema: { type: "boolean", default: false },
            description: "Without `after`: start at the page of the caller's first unread post.",
          },
          ...commonParameters,
        ],
        responses: { "200": ok("The page.", ref("ThreadPage")), ...readErrors },
      },
      patch: {
        operationId: "editThread",
        summary: "Changes a thread's title and tags (its author or a moderator).",
        security: requiredAuth,
        parameters: [idParameter("thread"), ...commonParameters],
        requestBody: body("EditThreadInput"),
        responses: { "204": noContent, ...writeErrors },
      },
    },
    "/threads/{id}/replies": {
      post: {
        operationId: "createReply",
        summary: "Replies to the thread, or to one of its posts (`parentId`).",
        security: requiredAuth,
        parameters: [idParameter("thread"), ...commonParameters],
        requestBody: body("CreateReplyInput"),
        responses: { "201": ok("The new reply.", ref("CreatedReply")), ...writeErrors },
      },
    },
    "/threads/{id}/solution": {
      put: {
        operationId: "markSolution",
        summary: "Marks a reply of this question as its solution (the asker, a verified expert or a moderator).",
        security: requiredAuth,
        parameters: [idParameter("thread"), ...commonParameters],
        requestBody: body("MarkSolutionInput"),
        responses: { "204": noContent, ...writeErrors },
      },
      delete: {
        operationId: "unmarkSolution",
        summary: "Removes the question's solution.",
        security: requiredAuth,
        parameters: [idParameter("thread"), ...commonParameters],
        responses: { "204": noContent, ...writeErrors },
      },
    },
    "/posts/{id}": {
      patch: {
        operationId: "editPost",
        summary: "Edits a post's Markdown (the previous text stays as a revision).",
        security: requiredAuth,
        parameters: [idParameter("post"), ...commonParameters],
        requestBody: body("EditPostInput"),
        responses: { "204": noContent, ...writeErrors },
      },
      delete: {
        operationId: "deletePost",
        summary: "Deletes a post, leaving a tombstone; deleting the opening post deletes the thread.",
        security: requiredAuth,
        parameters: [idParameter("post"), ...commonParameters],
        responses: { "204": noContent, ...writeErrors },
      },
    },
    "/posts/{id}/revisions": {
      get: {
        operationId: "getPostHistory",
        summary: "A post's edit history, newest first, with the changes between revisions.",
        security: optionalAuth,
        parameters: [idParameter("post"), ...commonParameters],
        responses: { "200": ok("The revisions.", ref("PostHistory")), ...readErrors },
      },
    },
    "/posts/{id}/helpful": {
      put: {
        operationId: "voteHelpful",
        summary: "Marks a reply as helpful (once per member).",
        security: requiredAuth,
        parameters: [idParameter("post"), ...commonParameters],
        responses: { "200": ok("The reply's count after the vote.", ref("HelpfulVote")), ...writeErrors },
      },
      delete: {
        operationId: "unvoteHelpful",
        summary: "Takes back a helpful vote.",
        security: requiredAuth,
        parameters: [idParameter("post"), ...commonParameters],
        responses: { "200": ok("The reply's count after the vote.", ref("HelpfulVote")), ...writeErrors },
      },
    },
    "/search": {
      get: {
        operationId: "search",
        summary: "Full-text search over the posts the caller may see, best match first; words match their other forms in Spanish, Portuguese and English.",
        security: optionalAuth,
        parameters: [
          ...queryParameters(searchSchema, {
            q: { description: "Words, \"a phrase\", or -excluded (web-search syntax)." },
            author: { description: "An author's handle." },
            solved: { description: "`yes`: only solved questions; `no`: only unsolved questions." },
            from: { schema: date, description: "Posts written on or after this day." },
            to: { schema: date, description: "Posts written on or before this day." },
            cursor: { description: "`nextCursor` of the previous page." },
          }),
          ...commonParameters,
        ],
        responses: { "200": ok("A page of hits.", ref("SearchResult")), ...readErrors },
      },
    },
    "/me": {
      get: {
        operationId: "getMyAccount",
        summary: "The calling member's account.",
        security: requiredAuth,
        parameters: commonParameters,
        responses: { "200": ok("The account.", ref("Account")), "401": errorResponse("Unauthenticated"), "500": errorResponse("Internal") },
      },
    },
    "/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        summary: "This document.",
        security: [],
        responses: { "200": ok("The OpenAPI 3.1 document.", { type: "object" }) },
      },
    },
  };

  const errorResponseOf = (description: string, extraHeaders: JsonSchema = {}) => ({
    description,
    headers: extraHeaders,
    content: jsonContent(ref("Error")),
  });

  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: {
      title: "Enlace API",
      version: "1",
      summary: "The forum of Enlace, the community of practice on sustainable urban mobility in Latin America and the Caribbean.",
      description: [
        "JSON in and out. Authenticate with the browser's session cookie, or with a personal access token sent as",
        "`Authorization: Bearer enl_…` (create one in your account settings). Without either, only public reads work.",
        "",
        "Cookie-authenticated writes must carry an `Origin` header naming this site (CSRF defence); token-authenticated",
        "calls without a cookie need no `Origin`.",
        "",
        "Every error answers `{\"error\": {\"code\", \"message\", \"fields\"?}}` with the code's HTTP status. Messages are in",
        "the request's language: `?lang=` if given, else the member's profile language, else the `enlace_lang` cookie,",
        "else `Accept-Language`, else Spanish. NOT_FOUND is the same whether a thing does not exist or is hidden from you.",
      ].join("\n"),
    },
    servers: [{ url: options.serverUrl }],
    security: optionalAuth,
    paths,
    components: {
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "enlace_session",
          description: "The web session (named `__Host-enlace_session` over HTTPS). Writes also need a same-site `Origin` header.",
        },
        bearerToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "enl_…",
          description: "A personal access token. An unknown or revoked token answers 401, never anonymous data.",
        },
      },
      parameters: {
        lang: {
          name: "lang",
          in: "query",
          required: false,
          description: "The language of messages and topic names; overrides everything else.",
          schema: { enum: [...locales] },
        },
        acceptLanguage: {
          name: "Accept-Language",
          in: "header",
          required: false,
          description: "Used when neither `?lang=`, the member's profile nor the language cookie decide.",
          schema: { type: "string" },
        },
      },
      responses: {
        Validation: errorResponseOf("VALIDATION: the input (or a malformed JSON body) was refused; `fields` says why, per field."),
        Unauthenticated: errorResponseOf("UNAUTHENTICATED: sign in, or send a valid token.", {
          "WWW-Authenticate": { schema: { type: "string" } },
        }),
        Forbidden: errorResponseOf("FORBIDDEN: signed in, but not allowed to do this here."),
        NotFound: errorResponseOf("NOT_FOUND: no such thing, or hidden from the caller."),
        RateLimited: errorResponseOf("RATE_LIMITED: too many attempts.", {
          "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." },
        }),
        Internal: errorResponseOf("INTERNAL: an unexpected failure; the message never carries details."),
      },
      schemas: schemas(),
    },
  };
}
