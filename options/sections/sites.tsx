// Options (DOM): the Sites page — every site with a decision or uploads, searchable and sortable, a site added by
// typing its address, one mode for many sites at once, and each site's detail (#/sites/<site>). Removing a site's
// rule can be undone: the notice takes focus, and Undo puts the rule back as it was (mode, hide my IP, limits).
import { useRef, useState } from "preact/hooks";
import { useSend } from "../../ui/send-context";
import { t } from "../../ui/i18n";
import { errorText } from "../../ui/use-remote";
import { hrefOf } from "../route";
import { SiteDetail } from "../sites/site-detail";
import { SiteList } from "../sites/site-list";
import { restoreRule, type Removed } from "../sites/removal";
import { parseSiteInput } from "../sites/site-input";
import type { SectionProps } from "./section";

export function SitesSection({ headingId, param }: SectionProps) {
  const send = useSend();
  const [removed, setRemoved] = useState<Removed | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [undone, setUndone] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const notice = useRef<HTMLDivElement>(null);

  const remove = async (row: Removed["row"]) => {
    await send({ type: "site/remove", site: row.site });
    setUndone(null);
    setUndoError(null);
    setRemoved({ row });
    setVersion((v) => v + 1);
    const fromDetail = param !== null;
    if (fromDetail) location.hash = hrefOf("sites");
    // After the list rendered (and after the shell focused the heading of the list it navigated to).
    setTimeout(() => notice.current?.focus(), fromDetail ? 60 : 0);
  };

  const undo = async () => {
    if (!removed) return;
    try {
      await restoreRule(send, removed.row);
      setUndone(t("optUndoDone", { site: removed.row.name }));
      setRemoved(null);
      setVersion((v) => v + 1);
      setTimeout(() => notice.current?.focus(), 0);
    } catch (err) {
      setUndoError(errorText(err));
    }
  };

  const removedNotice = (removed || undone || undoError) && (
    <div class="notice notice-undo" role="status" tabIndex={-1} ref={notice}>
      {removed && (
        <p>
          {t("optRemovedSite", { site: removed.row.name })}{" "}
          <button type="button" onClick={() => void undo()}>
            {t("optUndo")}
          </button>
        </p>
      )}
      {undone && <p>{undone}</p>}
      {undoError && <p class="field-error">{t("optUndoFailed", { detail: undoError })}</p>}
    </div>
  );

  if (param !== null) {
    const parsed = parseSiteInput(param);
    if (!parsed.ok)
      return (
        <>
          <h1 id={headingId}>{t("optSiteNotFoundTitle")}</h1>
          <p class="field-error" role="alert">
            {t("optSiteNotFound", { text: param.slice(0, 80) })}
          </p>
          <p>
            <a href={hrefOf("sites")}>{t("optBackToSites")}</a>
          </p>
        </>
      );
    return <SiteDetail key={parsed.site} headingId={headingId} site={parsed.site} onRemove={remove} />;
  }
  return <SiteList reloadKey={version} headingId={headingId} onRemove={remove} notice={removedNotice} />;
}
