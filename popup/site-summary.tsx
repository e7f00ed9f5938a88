// Popup (DOM): the site's name, whether P2P was detected and why, and what applies to it right now.
import type { SiteView } from "../extension/shared/ui-messages";
import { formatBytes, formatTime } from "../ui/format";
import { REASON_TEXT, SEEDING_TEXT } from "../ui/mode-text";
import { EvidenceList } from "./evidence-list";

export function SiteSummary({ view }: { view: SiteView }) {
  const { effective } = view;
  return (
    <section class="block site" aria-labelledby="site-heading">
      <h2 id="site-heading" class="site-name">
        {view.site}
      </h2>
      {view.detected ? (
        <>
          <p class="detected">
            <span class="dot dot-on" aria-hidden="true" />
            Uses a peer-to-peer CDN
          </p>
          <EvidenceList evidence={view.evidence} />
        </>
      ) : (
        <p class="detected">
          <span class="dot" aria-hidden="true" />
          No peer-to-peer use seen on this site. Your choice below applies if it starts.
        </p>
      )}
      {effective && (
        <p class="effective">
          Now: <strong>{SEEDING_TEXT[effective.seeding]}</strong> ({REASON_TEXT[effective.reason]})
          {effective.metered && <span class="muted"> · metered connection</span>}
          {effective.uploadBudgetBytes !== null && (
            <span class="muted">
              {" "}
              · {formatBytes(effective.uploadBudgetBytes)} upload left
              {effective.resetsAt && <> until {formatTime(effective.resetsAt)}</>}
            </span>
          )}
        </p>
      )}
      {effective?.reason === "policy" && (
        <p class="muted">Your administrator's policy decides for this site; your own choice applies if it is lifted.</p>
      )}
    </section>
  );
}
