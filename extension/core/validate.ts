// Pure: validates every message that crosses a trust boundary (frame -> background, background -> guard,
// UI -> background). Strict shapes, bounded strings, arrays and numbers; anything else is null, never a throw.
import { z } from "./zod";
import type { BackgroundMessage, FrameToBackground } from "../shared/messages";
import type { FramePolicy, P2PConsentStatus } from "../shared/status";
import { LOG_QUERY_MAX, SETTINGS_IMPORT_MAX_BYTES, type UiRequest } from "../shared/ui-messages";
import { LOG_TYPES } from "./log/entry";
import { toPlainData } from "./plain-data";
import { bytesSchema, isoTimeSchema, limitSchema, modeSchema } from "./settings";
import { isSite } from "./site";
import type { Assert, Equals } from "./type-checks";

/** Bounds on what a message may carry. A sender must truncate before sending (e.g. a long `data:` URL). */
export const MESSAGE_LIMITS = {
  client: 100,
  version: 64,
  purpose: 500,
  url: 4096,
  origin: 1024,
  iceServers: 32,
  iceServer: 512,
  conns: 256,
  /** Values in one message (see toPlainData): a full `usage` report is about 1,300. */
  nodes: 2048,
  /** Per `detect` message (the guard sends more in the next one). */
  detectUrls: 64,
  detectGlobals: 64,
  detectMetas: 16,
  detectChannels: 16,
  detectConns: 64,
  detectLabel: 256,
  /** A first message: 256 bytes as hex, or 256 characters. */
  detectFirst: 512,
  metaName: 100,
  metaContent: 512,
  probePaths: 200,
  probePath: 200,
} as const;
const L = MESSAGE_LIMITS;

/** A non-negative safe integer: byte counts, ids, tab ids. NaN, Infinity, -1, 1.5, "1" are refused. */
const count = z.int().min(0);
const text = (max: number) => z.string().max(max);
const site = z.string().max(255).refine(isSite, "not a site");

const statusSchema = z.strictObject({
  seeding: z.enum(["allowed", "download-only", "blocked", "undecided"]),
  uploadBudgetBytes: count.nullable(),
  uploadRateLimitBps: count.nullable(),
  metered: z.boolean(),
  reason: z.enum(["user", "default", "quota", "metered", "policy", "private"]),
  resetsAt: isoTimeSchema.nullable(),
});
const framePolicySchema = z.strictObject({
  site,
  status: statusSchema,
  enforcement: z.enum(["open", "leased", "block"]),
  hideIp: z.boolean(),
  budgetLimit: count.nullable(),
});
const candidateType = z.enum(["host", "srflx", "prflx", "relay"]);
const peerCandidate = z.strictObject({
  address: z.string().min(1).max(255).nullable(),
  port: z.int().min(0).max(65535),
  candidateType: candidateType.nullable(),
  protocol: z.enum(["udp", "tcp"]).nullable(),
});
const connUsageSchema = z.strictObject({ id: count, up: count, down: count, refused: count });

// Each union is listed once here; adding a message type is one line in its list (and the type in shared/).
const frameToBackground = z.discriminatedUnion("type", [
  // GuardMessage (relayed by the bridge)
  z.strictObject({ type: z.literal("usage"), conns: z.array(connUsageSchema).max(L.conns), epoch: count }),
  z.strictObject({ type: z.literal("lease/request"), need: count }),
  z.strictObject({ type: z.literal("lease/return"), bytes: count, epoch: count }),
  z.strictObject({ type: z.literal("declare"), client: text(L.client), version: text(L.version).optional(), purpose: text(L.purpose).optional() }),
  z.strictObject({ type: z.literal("conn/open"), id: count, iceServers: z.array(text(L.iceServer)).max(L.iceServers), relayOnly: z.boolean() }),
  z.strictObject({ type: z.literal("conn/blocked") }),
  z.strictObject({ type: z.literal("conn/close"), id: count }),
  z.strictObject({
    type: z.literal("detect"),
    scripts: z.array(text(L.url)).max(L.detectUrls),
    sockets: z.array(text(L.url)).max(L.detectUrls),
    globals: z.array(text(L.probePath)).max(L.detectGlobals),
    metas: z.array(z.strictObject({ name: text(L.metaName), content: text(L.metaContent) })).max(L.detectMetas),
    channels: z
      .array(
        z.strictObject({
          conn: count,
          label: text(L.detectLabel),
          dir: z.enum(["up", "down"]),
          hex: z.string().max(L.detectFirst).regex(/^(?:[0-9a-f]{2})*$/).optional(),
          text: text(L.detectFirst).optional(),
        }),
      )
      .max(L.detectChannels),
    conns: z.array(z.strictObject({ id: count, up: count, messages: count, media: z.boolean() })).max(L.detectConns),
  }),
  z.strictObject({ type: z.literal("conn/peer"), id: count, local: z.array(candidateType).max(4), remote: z.array(candidateType).max(4), selected: peerCandidate.nullable() }),
  z.strictObject({ type: z.literal("lease/settle"), epoch: count, granted: count, returned: count, left: count }),
  // BridgeMessage
  z.strictObject({ type: z.literal("frame/hello"), origin: text(L.origin), top: z.boolean(), url: text(L.url), metered: z.boolean().optional() }),
  z.strictObject({ type: z.literal("net"), metered: z.boolean() }),
]);

const pool = count.nullable();
const backgroundMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("policy"), policy: framePolicySchema, pool, resetLease: z.boolean(), epoch: count, probation: z.boolean() }),
  z.strictObject({ type: z.literal("lease/grant"), bytes: count, pool }),
  z.strictObject({ type: z.literal("lease/exhausted"), pool }),
  z.strictObject({ type: z.literal("lease/recall") }),
  z.strictObject({ type: z.literal("lease/pool"), pool }),
  z.strictObject({
    type: z.literal("detect/probe"),
    paths: z.array(text(L.probePath)).max(L.probePaths),
    metaNames: z.array(text(L.metaName)).max(L.detectMetas),
  }),
]);

const uiRequest = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("site/get"), tabId: count }),
  z.strictObject({ type: z.literal("site/set-mode"), site, mode: modeSchema, expiresAt: isoTimeSchema.nullable().optional(), visitOnly: z.boolean().optional() }),
  z.strictObject({ type: z.literal("site/set-hide-ip"), site, hideIp: z.boolean() }),
  z.strictObject({ type: z.literal("site/remove"), site }),
  z.strictObject({ type: z.literal("sites/list") }),
  z.strictObject({ type: z.literal("settings/get") }),
  z.strictObject({ type: z.literal("settings/set-private-windows"), mode: z.enum(["block", "download-only", "follow"]) }),
  z.strictObject({ type: z.literal("pause/set"), until: isoTimeSchema.nullable(), untilResumed: z.boolean().optional() }),
  z.strictObject({ type: z.literal("settings/set-default-undecided"), value: z.enum(["download-only", "block"]) }),
  // The same bounds as the settings schema (core/settings.ts, log).
  z.strictObject({ type: z.literal("settings/set-log-retention"), retentionDays: z.int().min(1).max(3650), maxEntries: z.int().min(1000).max(10_000_000) }),
  z.strictObject({ type: z.literal("site/evidence"), site }),
  z.strictObject({ type: z.literal("settings/export") }),
  // Twice the file bound in UTF-16 units: parseSettingsImport refuses an oversized file with a clear message.
  z.strictObject({ type: z.literal("settings/import"), text: z.string().max(2 * SETTINGS_IMPORT_MAX_BYTES) }),
  z.strictObject({
    type: z.literal("log/query"),
    filter: z.strictObject({
      site: z.string().max(255).optional(),
      type: z.enum(LOG_TYPES).optional(),
      from: isoTimeSchema.optional(),
      to: isoTimeSchema.optional(),
      text: z.string().max(200).optional(),
    }),
    limit: z.int().min(1).max(LOG_QUERY_MAX),
    cursor: count.nullable(),
  }),
  z.strictObject({ type: z.literal("log/who-learned"), site }),
  z.strictObject({ type: z.literal("log/export"), format: z.enum(["jsonl", "csv"]), from: count.nullable(), through: count.nullable() }),
  z.strictObject({ type: z.literal("log/key") }),
  z.strictObject({ type: z.literal("log/rotate-key") }),
  z.strictObject({ type: z.literal("log/clear") }),
  // Budgets: whole bytes from 0 to 2^50 (settings.ts): a negative, fractional or absurd budget never gets stored.
  z.strictObject({ type: z.literal("site/set-limits"), site, dailyBudgetBytes: limitSchema, monthlyBudgetBytes: limitSchema, rateLimitBps: limitSchema }),
  z.strictObject({ type: z.literal("settings/set-global-limits"), globalMonthlyCapBytes: limitSchema, meteredBudgetBytes: bytesSchema }),
  z.strictObject({ type: z.literal("metered/set-manual"), on: z.boolean(), until: isoTimeSchema.nullable() }),
  z.strictObject({ type: z.literal("budgets/site"), site }),
  z.strictObject({ type: z.literal("budgets/overview") }),
]);

// The schemas and the shared types cannot drift: a change to either side without the other does not compile.
type _FrameToBackground = Assert<Equals<z.infer<typeof frameToBackground>, FrameToBackground>>;
type _BackgroundMessage = Assert<Equals<z.infer<typeof backgroundMessage>, BackgroundMessage>>;
type _UiRequest = Assert<Equals<z.infer<typeof uiRequest>, UiRequest>>;
type _Status = Assert<Equals<z.infer<typeof statusSchema>, P2PConsentStatus>>;
type _FramePolicy = Assert<Equals<z.infer<typeof framePolicySchema>, FramePolicy>>;

/** Copies `raw` out of the sender's reach (no getters, proxies or prototype keys), then checks its shape. */
function parser<T>(schema: z.ZodType<T>): (raw: unknown) => T | null {
  return (raw) => {
    const copy = toPlainData(raw, { maxNodes: L.nodes, maxDepth: 6 });
    if (!copy.ok) return null;
    const parsed = schema.safeParse(copy.value);
    return parsed.success ? parsed.data : null;
  };
}

/** A message from a frame (guard via bridge, or the bridge itself), or null if it is not exactly one. */
export const parseFrameMessage: (raw: unknown) => FrameToBackground | null = parser(frameToBackground);
/** A message from the background to a frame's guard, or null. */
export const parseBackgroundMessage: (raw: unknown) => BackgroundMessage | null = parser(backgroundMessage);
/** A request from the popup or options page, or null. */
export const parseUiRequest: (raw: unknown) => UiRequest | null = parser(uiRequest);
