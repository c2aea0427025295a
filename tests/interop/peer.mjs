// An independent ActivityPub peer for Partage's interop tests, built on Fedify.
//
// It serves one actor, "alice", at http://localhost:PORT/users/alice, verifies every activity
// it receives (Fedify checks the HTTP signature and the actor), and records them. The Rust
// test drives it through /control/* endpoints. It prints "listening PORT" once ready.
//
// Environment: FIRST_KNOCK = "rfc9421" (Fedify's default) or "draft-cavage-http-signatures-12".
import http from "node:http";
import {
  createFederation,
  generateCryptoKeyPair,
  MemoryKvStore,
  signRequest,
} from "@fedify/fedify";
import { Temporal } from "@js-temporal/polyfill";
import {
  Accept,
  Announce,
  Create,
  Delete,
  Endpoints,
  Event,
  Flag,
  Follow,
  Group,
  Like,
  Note,
  Page,
  Person,
  Tombstone,
  Undo,
  Update,
} from "@fedify/vocab";

const firstKnock = process.env.FIRST_KNOCK ?? "rfc9421";
const received = [];
const followers = new Map();
const keys = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");

const server = http.createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = server.address().port;
const origin = `http://localhost:${port}`;

const federation = createFederation({
  kv: new MemoryKvStore(),
  origin,
  allowPrivateAddress: true,
  firstKnock,
});

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (identifier !== "alice") return null;
    const pairs = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: "Alice (Fedify)",
      inbox: ctx.getInboxUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      publicKey: pairs[0].cryptographicKey,
      assertionMethods: pairs.map((p) => p.multikey),
    });
  })
  .setKeyPairsDispatcher(async (_ctx, identifier) =>
    identifier === "alice" ? [keys] : []
  );

// The bodies POSTed to the inboxes, by activity id: terms Fedify's vocabulary has no getter
// for (Mastodon's blurhash and focalPoint) are read from them.
const bodies = new Map();

async function attachments(object) {
  const found = [];
  if (typeof object?.getAttachments !== "function") return found;
  for await (const a of object.getAttachments()) {
    found.push({
      type: a?.constructor?.name,
      url: a?.url?.href ?? null,
      mediaType: a?.mediaType ?? null,
      name: a?.name?.toString() ?? null,
      width: a?.width ?? null,
      height: a?.height ?? null,
    });
  }
  return found;
}

async function describe(activity) {
  const object = await activity.getObject().catch((e) => ({ error: String(e) }));
  return {
    attachments: await attachments(object).catch((e) => [{ error: String(e) }]),
    raw: bodies.get(activity.id?.href) ?? null,
    type: activity.constructor.name,
    id: activity.id?.href,
    actor: activity.actorId?.href,
    objectType: object?.constructor?.name,
    objectId: object?.id?.href,
    objectName: object?.name?.toString(),
    objectSummary: object?.summary?.toString(),
    startTime: object instanceof Event ? object.startTime?.toString() : undefined,
  };
}

federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Accept, async (_ctx, a) => received.push(await describe(a)))
  .on(Create, async (_ctx, a) => received.push(await describe(a)))
  .on(Update, async (_ctx, a) => received.push(await describe(a)))
  .on(Delete, async (_ctx, a) => received.push(await describe(a)))
  .on(Undo, async (_ctx, a) => received.push(await describe(a)))
  .on(Follow, async (ctx, follow) => {
    // Accept every follow at once, as Mastodon does for open accounts.
    received.push(await describe(follow));
    const follower = await follow.getActor();
    if (follower == null || follow.objectId?.href !== ctx.getActorUri("alice").href) return;
    followers.set(follower.id.href, follower);
    await ctx.sendActivity(
      { identifier: "alice" },
      follower,
      new Accept({ id: new URL(`${origin}/accepts/${Date.now()}`), actor: ctx.getActorUri("alice"), object: follow }),
    );
  });

const typeName = (o) =>
  o instanceof Group ? "Group" : o instanceof Event ? "Event" : o instanceof Page
    ? "Page" : o instanceof Tombstone ? "Tombstone" : o?.constructor?.name ?? null;

async function control(path, body) {
  const ctx = federation.createContext(new URL(origin), undefined);
  const signed = await ctx.getDocumentLoader({ identifier: "alice" });
  switch (path) {
    case "/control/lookup": {
      const object = await ctx.lookupObject(body.url, body.signed ? { documentLoader: signed } : {});
      if (object == null) return { found: false };
      return {
        found: true,
        type: typeName(object),
        id: object.id?.href,
        name: object.name?.toString() ?? null,
        preferredUsername: object.preferredUsername?.toString() ?? null,
        summary: object.summary?.toString() ?? null,
        inbox: object.inboxId?.href ?? null,
        startTime: object instanceof Event ? object.startTime?.toString() : null,
        hasPublicKey: object.publicKeyId != null || (typeof object.getPublicKey === "function" && (await object.getPublicKey()) != null),
      };
    }
    case "/control/follow": {
      const target = await ctx.lookupObject(body.actor, { documentLoader: signed });
      await ctx.sendActivity(
        { identifier: "alice" },
        target,
        new Follow({ id: new URL(`${origin}/follows/${Date.now()}`), actor: ctx.getActorUri("alice"), object: target.id }),
      );
      return { sent: true };
    }
    case "/control/unfollow": {
      const target = await ctx.lookupObject(body.actor, { documentLoader: signed });
      await ctx.sendActivity(
        { identifier: "alice" },
        target,
        new Undo({
          id: new URL(`${origin}/undos/${Date.now()}`),
          actor: ctx.getActorUri("alice"),
          object: new Follow({ id: new URL(body.follow ?? `${origin}/follows/x`), actor: ctx.getActorUri("alice"), object: target.id }),
        }),
      );
      return { sent: true };
    }
    case "/control/raw": {
      // A Follow signed correctly, then altered (tamper) or sent without a signature.
      const activity = { "@context": "https://www.w3.org/ns/activitystreams", id: `${origin}/raw/${Date.now()}`, type: "Follow", actor: `${origin}/users/alice`, object: body.object };
      const text = JSON.stringify(activity);
      let request = new Request(body.inbox, { method: "POST", headers: { "content-type": "application/activity+json" }, body: text });
      if (body.mode !== "unsigned") {
        request = await signRequest(request, keys.privateKey, new URL(`${origin}/users/alice#main-key`), { spec: body.spec ?? "draft-cavage-http-signatures-12" });
      }
      const headers = new Headers(request.headers);
      const sentBody = body.mode === "tampered" ? text.replace("Follow", "Folloe") : text;
      const response = await fetch(body.inbox, { method: "POST", headers, body: sentBody });
      return { status: response.status, text: await response.text() };
    }
    case "/control/publish-event": {
      // A Create{Event} to every follower.
      const id = new URL(`${origin}/events/${Date.now()}`);
      const event = new Event({
        id,
        attribution: ctx.getActorUri("alice"),
        name: body.name,
        content: body.content ?? null,
        startTime: Temporal.Instant.from(body.startTime),
        url: id,
        to: new URL("https://www.w3.org/ns/activitystreams#Public"),
      });
      for (const follower of followers.values()) {
        await ctx.sendActivity(
          { identifier: "alice" },
          follower,
          new Create({ id: new URL(`${id.href}#create`), actor: ctx.getActorUri("alice"), object: event, to: new URL("https://www.w3.org/ns/activitystreams#Public") }),
        );
      }
      return { sent: followers.size, id: id.href };
    }
    case "/control/converse": {
      // What a Fediverse user does with one of the chapter's posts (`body.object`): reply, edit
      // the reply, delete it, favourite, boost, take either back, report. Sent to the chapter.
      const chapter = await ctx.lookupObject(body.actor, { documentLoader: signed });
      const me = ctx.getActorUri("alice");
      const PUBLIC = new URL("https://www.w3.org/ns/activitystreams#Public");
      const object = new URL(body.object);
      const noteId = new URL(`${origin}/notes/1`);
      const note = () => new Note({
        id: noteId, attribution: me, content: body.content, replyTarget: object, to: PUBLIC,
        url: noteId, published: Temporal.Now.instant(),
      });
      const like = new Like({ id: new URL(`${origin}/likes/1`), actor: me, object });
      const boost = new Announce({ id: new URL(`${origin}/boosts/1`), actor: me, object, to: PUBLIC });
      const id = new URL(`${origin}/activities/${body.step}/${Date.now()}`);
      const activity = {
        reply: () => new Create({ id, actor: me, object: note(), to: PUBLIC }),
        edit: () => new Update({ id, actor: me, object: note(), to: PUBLIC }),
        delete: () => new Delete({ id, actor: me, object: new Tombstone({ id: noteId }), to: PUBLIC }),
        like: () => like,
        unlike: () => new Undo({ id, actor: me, object: like }),
        boost: () => boost,
        unboost: () => new Undo({ id, actor: me, object: boost }),
        flag: () => new Flag({ id, actor: me, objects: [chapter.id, object], content: body.content }),
      }[body.step]();
      await ctx.sendActivity({ identifier: "alice" }, chapter, activity);
      return { sent: true };
    }
    case "/control/received":
      return received;
    default:
      return null;
  }
}

server.on("request", async (req, res) => {
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url, origin);
    if (req.method === "POST" && !url.pathname.startsWith("/control/")) {
      try {
        const parsed = JSON.parse(body);
        if (typeof parsed?.id === "string") bodies.set(parsed.id, parsed);
      } catch {}
    }
    if (url.pathname.startsWith("/control/")) {
      const result = await control(url.pathname, body.length ? JSON.parse(body) : {});
      res.writeHead(result == null ? 404 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify(result));
      return;
    }
    const request = new Request(url, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
      body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
    });
    const response = await federation.fetch(request, { contextData: undefined });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: String(error?.stack ?? error) }));
  }
});

console.log(`listening ${port}`);
