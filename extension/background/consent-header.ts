// Background: keeps the declarativeNetRequest rules that send `Sec-P2P-Consent` equal to what core/header-sites
// says, after every settings or policy change, detection and metered switch. Dynamic rules, so the header is on
// the first request after a browser restart, before this worker has run; every start re-syncs them anyway.
// Updates run one at a time; `settled()` resolves once the rules match the latest change, so a UI decision
// answers only when the next request carries it.
import { headerRules, MAX_HEADER_RULE_ID, RESOURCE_TYPES, type ConsentHeaderValue } from "../core/consent-header";
import { headerSites, type HeaderInput } from "../core/header-sites";
import { dnr, isFirefox } from "../platform/dnr";

export class ConsentHeader {
  private last = "";
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
    const values: Map<string, ConsentHeaderValue> = headerSites(this.input());
    const rules = headerRules(values, isFirefox() ? RESOURCE_TYPES.firefox : RESOURCE_TYPES.chrome);
    const text = JSON.stringify(rules);
    if (text === this.last) return;
    const ours: number[] = [];
    for (let id = 1; id <= MAX_HEADER_RULE_ID; id++) ours.push(id);
    // One update removes and adds atomically: no request sees a moment without the header.
    await api.updateDynamicRules({ removeRuleIds: ours, addRules: rules });
    this.last = text;
  }
}
