// Popup and options -> background (runtime.sendMessage): every request type and the reply it gets.
// A handler that fails rejects; the UIs show the error's message. Every reply is plain JSON.
import type { Mode, P2PConsentStatus } from "./status";
import type { LogEntry, LogType } from "../core/log/entry";
import type { Evidence } from "../core/detection/evidence";
import type { PauseState } from "../core/pause";
import type { PrivateWindowMode, SiteRule } from "../core/settings";
import type { BudgetLine } from "../core/allowance/budgets";

export type { PauseState, PrivateWindowMode };

/** A piece of evidence as the popup and options show it (core/detection/evidence.ts). */
export type { Evidence };

/** Everything the popup shows for one tab. */
export interface SiteView {
  /** Registrable domain of the tab's top-level page; null where Seedgate has nothing to control (chrome://, about:, the store). */
  site: string | null;
  /** The user's own rule for the site; `undecided` when there is none. */
  mode: Mode;
  /** What applies now after policy, private-window rule, default, metered rule and budgets; null when `site` is null. */
  effective: P2PConsentStatus | null;
  hideIp: boolean;
  /** True once any evidence was seen for the site. */
  detected: boolean;
  evidence: Evidence[];
  /** Peer-to-peer bytes of this tab since its page loaded (all frames); null when the tab has no page we track. */
  tab: { up: number; down: number; refused: number } | null;
  /** When the user's allow ends (ISO time) and the site returns to undecided; absent or null: never. */
  expiresAt?: string | null;
  /** The site is allowed for this visit: until the last tab showing it closes; `mode` is the rule it returns to. */
  visitOnly: boolean;
  /** What the organisation's policy set for this site (shown, locked); absent or null without a policy. */
  policy?: PolicyLock | null;
  /** The global pause ("Block P2P everywhere"); while active, `effective` says blocked. */
  pause: PauseState;
}

/** What an enterprise policy sets for one site (core/managed-settings siteLock). */
export interface PolicyLock {
  /** The mode it forces. */
  mode?: "allow" | "download-only" | "block";
  /** The budget fields it sets. */
  budgets: readonly ("dailyBudgetBytes" | "monthlyBudgetBytes" | "rateLimitBps")[];
  /** The user may change nothing at all (lockUserSettings). */
  all: boolean;
}

/** What an undecided site gets (DESIGN.md, promise 1): core/settings' type, named here for the UIs. */
export type { UndecidedDefault } from "../core/settings";
import type { UndecidedDefault } from "../core/settings";

/** What a site in a private window gets: always block, always download only, or follow its own decision. */

/** The global settings the options page edits. Later sections (budgets, metered rule) add fields here. */
export interface UiSettings {
  defaultUndecided: UndecidedDefault;
  /** The global pause ("Block P2P everywhere"). */
  pause: PauseState;
  /** What frames in private windows get. */
  privateWindows: PrivateWindowMode;
  /** The audit log keeps entries this many days, and at most this many entries. */
  logRetention: { retentionDays: number; maxEntries: number };
}


/**
 * A site for which the user stored a rule (core/settings SiteRule), as `sites/list` lists it; the options page
 * joins it with the site's limits and usage into a row of its Sites table (options/sites/site-row.ts SiteRow).
 */
export interface RuleListing {
  site: string;
  mode: Mode;
  hideIp: boolean;
  /** True once any evidence was seen for the site. */
  detected: boolean;
  /** ISO time the user last changed the rule. */
  updatedAt: string;
}

export type UiRequest =
  /** The popup's view of a tab's site. */
  | { type: "site/get"; tabId: number }
  /**
   * Store the user's mode for a site (`undecided` keeps the rule but follows the default). `visitOnly` (with mode
   * allow, no expiry): allow the site until the last tab showing it closes, leaving its stored rule as it is; any
   * other set-mode of the site ends such a visit.
   */
  | { type: "site/set-mode"; site: string; mode: Mode; expiresAt?: string | null; visitOnly?: boolean }
  /** Store the site's "hide my IP" flag (relay-only ICE). */
  | { type: "site/set-hide-ip"; site: string; hideIp: boolean }
  /** Forget the user's rule for a site (mode and hide-IP); its detection evidence and log entries are kept. */
  | { type: "site/remove"; site: string }
  /** Every site with a stored user rule, sorted by site name. */
  | { type: "sites/list" }
  /** The global settings. */
  | { type: "settings/get" }
  /**
   * "Block P2P everywhere": `until` an ISO time in the future, or `untilResumed: true` (with `until` null) until the
   * user turns it back off; `until` null without `untilResumed` resumes. Every site's mode is block meanwhile
   * (except a mode the organisation forces); its pages hear `change`.
   */
  | { type: "pause/set"; until: string | null; untilResumed?: boolean }
  /** Set what frames in private windows get. */
  | { type: "settings/set-private-windows"; mode: PrivateWindowMode }
  /** Set what an undecided site gets. */
  | { type: "settings/set-default-undecided"; value: UndecidedDefault }
  /** The rule for sites in private windows. */
  | { type: "settings/set-private-windows"; mode: "block" | "download-only" | "follow" }
  /** How long the audit log keeps entries (1 to 3650 days) and how many at most (1,000 to 10,000,000). */
  | { type: "settings/set-log-retention"; retentionDays: number; maxEntries: number }
  /** Why Seedgate thinks a site uses a P2P CDN (the options page's site detail). */
  | { type: "site/evidence"; site: string }
  /** The settings as a versioned JSON file's text (options page, "Export settings"). */
  | { type: "settings/export" }
  /** Replace the settings with a file's text; all or nothing: a bad file rejects with a message saying why. */
  | { type: "settings/import"; text: string }
  /** A page of audit-log entries matching `filter`, newest first; pass the reply's cursor back for the next page. */
  | { type: "log/query"; filter: LogQueryFilter; limit: number; cursor: number | null }
  /** "Who learned my IP address" on a site: the distinct remote addresses of its connections. */
  | { type: "log/who-learned"; site: string }
  /**
   * One chunk of the export, from seq `from` (null: the first chunk, with the header, which fixes the export's last
   * seq: pass the reply's `through` back with every later chunk); `next` null at the end.
   */
  | { type: "log/export"; format: "jsonl" | "csv"; from: number | null; through: number | null }
  /** The install key that signs exports: its fingerprint and public key (created on first run). */
  | { type: "log/key" }
  /** A new install key; the current one signs a checkpoint naming it in the log, then is deleted. */
  | { type: "log/rotate-key" }
  /** Remove every entry; one `log-pruned` entry remains, naming the checkpoint, so the chain goes on verifiably. */
  | { type: "log/clear" }
  /** Store a site's daily and monthly upload budgets and rate limit (bytes, bytes per second; null = none). */
  | { type: "site/set-limits"; site: string; dailyBudgetBytes: number | null; monthlyBudgetBytes: number | null; rateLimitBps: number | null }
  /** Store the global monthly cap (null = none) and the budget while metered (0 = no seeding while metered). */
  | { type: "settings/set-global-limits"; globalMonthlyCapBytes: number | null; meteredBudgetBytes: number }
  /** The user's "I'm on a metered connection" switch, optionally until an ISO time. */
  | { type: "metered/set-manual"; on: boolean; until: string | null }
  /** A site's budgets now and its last 30 days (popup bars, options page). */
  | { type: "budgets/site"; site: string }
  /** Every site with a rule or uploads this month, with its limits and usage (options page). */
  | { type: "budgets/overview" };

/** The Log section's filters (see core/log/filter.ts). */
export interface LogQueryFilter {
  site?: string;
  type?: LogType;
  from?: string;
  to?: string;
  text?: string;
}

/** One remote address that learned the visitor's, on one site. */
export interface Learner {
  address: string;
  ports: number[];
  candidateType: string | null;
  first: string;
  last: string;
  connections: number;
}

/** The install key as the Log section shows it. */
export interface InstallKeyView {
  /** 32 hex digits in groups of four (core/log/signing.ts). */
  fingerprint: string;
  /** base64 SPKI DER. */
  publicKey: string;
  createdAt: string;
  /** Keys that signed before a rotation, newest first; their private keys are deleted. */
  previous: { fingerprint: string; createdAt: string; retiredAt: string | null }[];
}

/** Entries per log/query reply at most, and per log/export chunk. */
export const LOG_QUERY_MAX = 1000;
export const LOG_EXPORT_CHUNK = 1_000_000;
/**
 * A log/export chunk ends once its text passes this many characters (read 10,000 entries at a time), whatever
 * LOG_EXPORT_CHUNK says: few round trips for a large log, and a reply well under Chrome's 64 MiB message limit even
 * after JSON escaping (about 40,000 entries of 400 characters).
 */
export const LOG_EXPORT_MAX_CHARS = 16_000_000;

/** What a successful settings import did. */
export interface SettingsImportResult {
  fromVersion: number;
  schemaVersion: number;
  sites: number;
}

/** Largest settings file the options page sends (the background refuses what is over SETTINGS_IMPORT_MAX_BYTES). */
export const SETTINGS_IMPORT_MAX_BYTES = 1_000_000;

export interface UiReply {
  "site/get": SiteView;
  "site/set-mode": void;
  "site/set-hide-ip": void;
  "site/remove": void;
  "sites/list": RuleListing[];
  "settings/get": UiSettings;
  "pause/set": { pause: PauseState };
  "settings/set-default-undecided": void;
  "settings/set-private-windows": void;
  "settings/set-log-retention": void;
  "site/evidence": Evidence[];
  "settings/export": { text: string; fileName: string };
  "settings/import": SettingsImportResult;
  "log/query": { entries: LogEntry[]; cursor: number | null };
  "log/who-learned": Learner[];
  "log/export": { text: string; next: number | null; through: number | null };
  "log/key": InstallKeyView;
  "log/rotate-key": InstallKeyView;
  "log/clear": { removed: number };
  "site/set-limits": void;
  "settings/set-global-limits": void;
  "metered/set-manual": void;
  "budgets/site": SiteBudgets;
  "budgets/overview": BudgetsOverview;
}

/** The metered state: from the browser's network information (`byNetwork`), or the user's switch. */
export interface MeteredView {
  metered: boolean;
  /** The browser says the network is metered (`navigator.connection`: saveData or cellular). */
  byNetwork: boolean;
  manual: { on: boolean; until: string | null };
  /** The upload budget while metered (0 = no seeding while metered). */
  budgetBytes: number;
}

/** A site's upload limits, as its stored rule holds them. */
export type SiteLimits = Pick<SiteRule, "dailyBudgetBytes" | "monthlyBudgetBytes" | "rateLimitBps">;

export interface SiteBudgets {
  site: string;
  limits: SiteLimits;
  /** Left across every budget that applies now; null = unlimited. */
  left: number | null;
  resetsAt: string | null;
  /** Every budget that applies now (a bar each). */
  bars: BudgetLine[];
  usedToday: number;
  usedThisMonth: number;
  /** The last 30 local days, oldest first. */
  history: { day: string; bytes: number }[];
  metered: MeteredView;
}

export interface BudgetsOverview {
  globalMonthlyCapBytes: number | null;
  globalUsedThisMonth: number;
  metered: MeteredView;
  /** `detected`: evidence of P2P use was seen for the site (as in `sites/list`). */
  sites: (SiteLimits & { site: string; mode: Mode; hideIp: boolean; usedToday: number; usedThisMonth: number; detected: boolean })[];
}
