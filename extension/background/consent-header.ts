// Background: keeps the declarativeNetRequest rules that send `Sec-P2P-Consent` equal to what core/header-sites
// says, after every settings or policy change, detection and metered switch. Dynamic rules, so the header is on
// the first request after a browser restart, before this worker has run; every start re-syncs them anyway.
// Session rules (core/private-header) give requests from private windows their own value, kept in step as tabs
// open and close. Updates run one at a time; `settled()` resolves once the rules match the latest change, so a UI
// decision answers only when the next request carries it.
import { headerRules, MAX_HEADER_RULE_ID, RESOURCE_TYPES } from "../core/consent-header";
import { headerSites, type HeaderInput } from "../core/header-sites";
import { MAX_PRIVATE_RULE_ID, privateHeaderRules } from "../core/private-header";
import { allowedInPrivate, dnr, isFirefox, openTabs } from "../platform/dnr";

export class ConsentHeader {
  private last = "";
  private lastPrivate = "";
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly input: () => HeaderInput) {}

  /** Recomputes and, when anything changed, replaces the rules. */
  sync(): Promise<void> {
    this.queue = this.queue.then(() => this.apply()).catch((e: unknown) => console.error("Seedgate: Sec-P2P-Consent rules not updated:", e));
    return this.queue;
  }

  /** Resolves once every sync asked for so far has landed. */
  settled(): Promise<void> {
    return this.queue;
  }

  private async apply(): Promise<void> {
    const api = dnr();
    if (!api) return;
    const resourceTypes = isFirefox() ? RESOURCE_TYPES.firefox : RESOURCE_TYPES.chrome;
    const normal = headerSites(this.input());
    // A fresh input: its iterables are read once each.
    const inPrivate = headerSites(this.input(), true);
    const [tabs, allowed] = await Promise.all([openTabs(), allowedInPrivate()]);
    const privateRules = privateHeaderRules(
      { normal, private: inPrivate, normalTabs: tabs.filter((t) => !t.incognito).map((t) => t.id), privateOpen: tabs.some((t) => t.incognito), allowedInPrivate: allowed },
      resourceTypes,
    );
    const rules = headerRules(normal, resourceTypes);
    const text = JSON.stringify(rules);
    const privateText = JSON.stringify(privateRules);
    const updatePrivate = async () => {
      if (privateText === this.lastPrivate) return;
      await api.updateSessionRules({ removeRuleIds: ids(MAX_PRIVATE_RULE_ID), addRules: privateRules });
      this.lastPrivate = privateText;
    };
    const updateNormal = async () => {
      if (text === this.last) return;
      // One update removes and adds atomically: no request sees a moment without the header.
      await api.updateDynamicRules({ removeRuleIds: ids(MAX_HEADER_RULE_ID), addRules: rules });
      this.last = text;
    };
    // While private rules exist they cover every header site for private tabs: update them first, so a private
    // tab never sees a moment of the normal value; when they go, the normal rules (now equal) first, likewise.
    if (privateRules.length > 0) {
      await updatePrivate();
      await updateNormal();
    } else {
      await updateNormal();
      await updatePrivate();
    }
  }
}

const ids = (max: number) => Array.from({ length: max }, (_, i) => i + 1);
