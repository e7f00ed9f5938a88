// Pure: the shape of extension/signatures/signatures.json, the versioned list of known P2P CDN clients. Every
// pattern must compile, must not nest quantifiers (it runs on page-controlled URLs) and must match its own examples.
import { z } from "../zod";

/** The data-file version this code reads. A file of another version is refused, never half-read. */
export const SIGNATURES_VERSION = 1;

/** Bounded input: patterns and page strings longer than this are cut before matching (see match.ts). */
export const MAX_PATTERN_LENGTH = 400;

// `(a+)+`, `(a*)*`, `(a+){2,}`: a quantified group that itself holds a quantifier can backtrack exponentially.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const regex = z
  .string()
  .min(1)
  .max(MAX_PATTERN_LENGTH)
  .refine(compiles, "not a valid regular expression")
  .refine((s) => !NESTED_QUANTIFIER.test(s), "nested quantifier (catastrophic backtracking)");

const source = z.string().min(1).max(400);
/** Where a piece of evidence comes from, and whether it is still to be confirmed. */
const provenance = { source, uncertain: z.boolean().optional() };
const examples = z.array(z.string().min(1).max(2048)).min(1).max(20);

/** A URL pattern (scripts, tracker and signalling endpoints), matched case-insensitively on the absolute URL. */
const urlPattern = z.strictObject({ pattern: regex, examples, counterExamples: examples.optional(), ...provenance });

/** A dotted path from `globalThis`: `peer5`, `WebTorrent.WEBRTC_SUPPORT`, `p2pml.hlsjs.Engine`. */
const globalPath = z.strictObject({
  path: z.string().max(200).regex(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*){0,4}$/, "a dotted identifier path"),
  ...provenance,
});

const hex = z.string().max(512).regex(/^(?:[0-9a-f]{2})+$/, "lowercase hex bytes");
/** A first message: `hex` for binary data, `text` for a string message. */
const channelExample = z
  .strictObject({ label: z.string().max(256).optional(), hex: hex.optional(), text: z.string().max(512).optional() })
  .refine((e) => (e.hex === undefined) !== (e.text === undefined), "exactly one of hex, text");

/**
 * A data channel's first message (and optionally its label). `firstHex` is a byte prefix; `first` a pattern on the
 * message read as Latin-1 (one character per byte). A label alone is never evidence: labels are free text.
 */
const channelPattern = z
  .strictObject({
    label: regex.optional(),
    firstHex: hex.optional(),
    first: regex.optional(),
    examples: z.array(channelExample).min(1).max(20),
    counterExamples: z.array(channelExample).max(20).optional(),
    ...provenance,
  })
  .refine((c) => c.firstHex !== undefined || c.first !== undefined, "a channel signature needs firstHex or first");

/** A BitTorrent-style peer id prefix, seen in wire handshakes and tracker announces. */
const peerIdPattern = z.strictObject({ pattern: regex, examples, counterExamples: examples.optional(), ...provenance });

/** `<meta name|property="…" content="…">`. */
const metaPattern = z.strictObject({
  name: z.string().min(1).max(100),
  content: regex,
  examples,
  counterExamples: examples.optional(),
  ...provenance,
});

const clientSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "kebab-case id").max(50),
  name: z.string().min(1).max(100),
  scripts: z.array(urlPattern).max(20).optional(),
  globals: z.array(globalPath).max(20).optional(),
  sockets: z.array(urlPattern).max(20).optional(),
  channels: z.array(channelPattern).max(20).optional(),
  peerIds: z.array(peerIdPattern).max(20).optional(),
  metas: z.array(metaPattern).max(20).optional(),
});

const excludedSchema = z.strictObject({ name: z.string().min(1).max(100), reason: z.string().min(1).max(400), source });

export const signatureFileSchema = z
  .strictObject({
    version: z.literal(SIGNATURES_VERSION),
    updated: z.iso.date(),
    clients: z.array(clientSchema).min(1).max(200),
    excluded: z.array(excludedSchema).max(50).optional(),
  })
  .refine((f) => new Set(f.clients.map((c) => c.id)).size === f.clients.length, "client ids must be unique");

export type SignatureFile = z.infer<typeof signatureFileSchema>;
export type ClientSignature = SignatureFile["clients"][number];
export type ChannelSignature = NonNullable<ClientSignature["channels"]>[number];

/** The file if it is valid, else the list of problems (path: message). Never throws. */
export function parseSignatures(raw: unknown): { ok: true; value: SignatureFile } | { ok: false; errors: string[] } {
  const r = signatureFileSchema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`) };
}
