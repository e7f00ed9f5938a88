// Options (DOM): every site the user decided for, with its mode, hide-IP flag and a way to forget the rule.
import type { Mode } from "../../extension/shared/status";
import type { SiteRule } from "../../extension/shared/ui-messages";
import { formatTime } from "../../ui/format";
import { MODE_CHOICES } from "../../ui/mode-text";
import { ErrorNotice, Loading } from "../../ui/notice";
import { useSend } from "../../ui/send-context";
import { useRemote } from "../../ui/use-remote";

export function SitesSection({ headingId }: { headingId: string }) {
  const send = useSend();
  const rules = useRemote(() => send({ type: "sites/list" }));

  const edit = (site: string, patch: Partial<SiteRule>, action: () => Promise<unknown>) =>
    void rules.change((list) => list.map((r) => (r.site === site ? { ...r, ...patch } : r)), action);
  const setMode = (site: string, mode: Mode) =>
    edit(site, { mode }, () => send({ type: "site/set-mode", site, mode }));
  const setHideIp = (site: string, hideIp: boolean) =>
    edit(site, { hideIp }, () => send({ type: "site/set-hide-ip", site, hideIp }));
  const remove = (site: string) =>
    void rules.change(
      (list) => list.filter((r) => r.site !== site),
      () => send({ type: "site/remove", site }),
    );

  let body;
  if (rules.data === undefined) {
    body = rules.loadError ? (
      <ErrorNotice title="Couldn't load your sites" detail={rules.loadError} onRetry={() => void rules.reload()} />
    ) : (
      <Loading what="your sites" />
    );
  } else if (rules.data.length === 0) {
    body = <p class="empty">No rules yet. Open Seedgate's popup on a site to decide for it.</p>;
  } else {
    body = (
      <div class="table-wrap">
        <table class="sites">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Mode</th>
              <th scope="col">Hide my IP</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.data.map((rule) => (
              <tr key={rule.site}>
                <th scope="row">
                  <span class="site-cell">{rule.site}</span>
                  <span class="muted small">
                    {rule.detected ? "P2P detected" : "No P2P seen"} · changed {formatTime(rule.updatedAt)}
                  </span>
                </th>
                <td>
                  <select
                    aria-label={`Mode for ${rule.site}`}
                    value={rule.mode}
                    onChange={(e) => setMode(rule.site, e.currentTarget.value as Mode)}
                  >
                    {MODE_CHOICES.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Hide my IP address on ${rule.site}`}
                    checked={rule.hideIp}
                    onChange={(e) => setHideIp(rule.site, e.currentTarget.checked)}
                  />
                </td>
                <td>
                  <button type="button" aria-label={`Remove the rule for ${rule.site}`} onClick={() => remove(rule.site)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <>
      <h2 id={headingId}>Sites</h2>
      <p class="lead">
        Your decision for each site. Removing a rule makes the site undecided again: it gets your default.
      </p>
      {rules.actionError && (
        <ErrorNotice title="Couldn't save your change" detail={rules.actionError} onDismiss={rules.dismissActionError} />
      )}
      {rules.data !== undefined && rules.loadError && (
        <ErrorNotice title="Couldn't refresh the list" detail={rules.loadError} onRetry={() => void rules.reload()} />
      )}
      {body}
    </>
  );
}
