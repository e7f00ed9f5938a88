// Popup (DOM): after a change to Allow, the way back for UNDO_MS (10 s): a status line with an Undo button that
// restores the mode (and expiry, and visit-only) the site had before.
import type { Mode } from "../extension/shared/status";
import { t } from "../ui/i18n";
import { displayDomain } from "../ui/unicode-domain";

export const UNDO_MS = 10_000;

/** What the site had before the Allow, and when the Allow was made (Date.now()). */
export interface Before {
  at: number;
  mode: Mode;
  visitOnly: boolean;
  expiresAt: string | null;
}

export function UndoAllow({ offer, site, onUndo }: { offer: Before | null; site: string; onUndo: () => void }) {
  // The live region stays in the page so screen readers announce the line when it appears.
  return (
    <div class="undo" role="status">
      {offer && (
        <>
          <span>{t("undoText", { site: displayDomain(site) })}</span>
          <button type="button" onClick={onUndo}>
            {t("undoButton")}
          </button>
        </>
      )}
    </div>
  );
}
