// Popup (DOM): the global pause, like a power button in the header: "Block P2P everywhere" for 1 hour or until
// turned back on; while paused, one button turns P2P back on. Sends pause/set.
import type { PauseState } from "../extension/shared/ui-messages";
import { formatWhen } from "../ui/format";
import { t } from "../ui/i18n";

const HOUR = 3_600_000;

export function PauseButton({ pause, expanded, onToggle, onResume }: { pause: PauseState; expanded: boolean; onToggle: () => void; onResume: () => void }) {
  if (pause.active)
    return (
      <button type="button" class="power power-off" onClick={onResume}>
        <PowerIcon />
        {t("pauseResume")}
      </button>
    );
  return (
    <button type="button" class="power" aria-expanded={expanded ? "true" : "false"} aria-controls="pause-menu" onClick={onToggle}>
      <PowerIcon />
      {t("pauseOpen")}
    </button>
  );
}

/** The choices under the power button, or, while paused, what is paused and until when. */
export function PausePanel({ pause, expanded, onPause }: { pause: PauseState; expanded: boolean; onPause: (until: string | null) => void }) {
  if (pause.active)
    return (
      <p class="paused" role="status">
        {pause.until ? t("pausedUntil", { time: formatWhen(pause.until) }) : t("pausedUntilResumed")}
      </p>
    );
  if (!expanded) return null;
  return (
    <div class="pause-menu" id="pause-menu" role="group" aria-labelledby="pause-menu-label">
      <p id="pause-menu-label">{t("pauseMenuLabel")}</p>
      <div class="row">
        <button type="button" onClick={() => onPause(new Date(Date.now() + HOUR).toISOString())}>
          {t("pauseForHour")}
        </button>
        <button type="button" onClick={() => onPause(null)}>
          {t("pauseUntilResumed")}
        </button>
      </div>
    </div>
  );
}

function PowerIcon() {
  return (
    <svg class="power-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M8 1.5v6" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none" />
      <path d="M4.6 3.8a5.5 5.5 0 1 0 6.8 0" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none" />
    </svg>
  );
}
