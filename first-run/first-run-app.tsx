// First-run page (DOM): in plain words what a P2P CDN does with the visitor's upload, IP address and data cap;
// the default for sites nobody decided for (settings/set-default-undecided); how to pin the icon, with whether
// it is pinned where the browser tells (polled, so pinning shows at once).
import { useEffect, useState } from "preact/hooks";
import type { UndecidedDefault } from "../extension/shared/ui-messages";
import { t } from "../ui/i18n";
import { DEFAULT_CHOICES } from "../ui/mode-text";
import { ErrorNotice } from "../ui/notice";
import { useSend } from "../ui/send-context";
import { useRemote } from "../ui/use-remote";
import type { PinState } from "./pin-state";

interface Props {
  pinState: () => Promise<PinState>;
  openOptions: () => void;
  /** How often to ask whether the icon is pinned; 0: once. */
  pinPollMs?: number;
}

export function FirstRunApp({ pinState, openOptions, pinPollMs = 1500 }: Props) {
  return (
    <main class="first-run">
      <header class="hero">
        <h1>{t("frTitle")}</h1>
        <p class="lead">{t("frLead")}</p>
      </header>
      <section aria-labelledby="fr-what">
        <h2 id="fr-what">{t("frWhatHeading")}</h2>
        <p>{t("frWhatIntro")}</p>
        <ul class="facts">
          <li>
            <strong>{t("frUploadTitle")}</strong> {t("frUploadText")}
          </li>
          <li>
            <strong>{t("frIpTitle")}</strong> {t("frIpText")}
          </li>
          <li>
            <strong>{t("frCapTitle")}</strong> {t("frCapText")}
          </li>
        </ul>
        <p>{t("frSeedgateDoes")}</p>
      </section>
      <DefaultChoice />
      <PinHelp pinState={pinState} pollMs={pinPollMs} />
      <footer class="done">
        <p>{t("frDone")}</p>
        <button type="button" onClick={openOptions}>
          {t("frOpenOptions")}
        </button>
      </footer>
    </main>
  );
}

function DefaultChoice() {
  const send = useSend();
  const remote = useRemote(() => send({ type: "settings/get" }));
  const value = remote.data?.defaultUndecided ?? null;
  const choose = (next: UndecidedDefault) =>
    void remote.change(
      (s) => ({ ...s, defaultUndecided: next }),
      () => send({ type: "settings/set-default-undecided", value: next }),
    );
  return (
    <section aria-labelledby="fr-default">
      <h2 id="fr-default">{t("frDefaultHeading")}</h2>
      <p>{t("frDefaultIntro")}</p>
      {remote.loadError && <ErrorNotice title={t("frDefaultLoadFailed")} detail={remote.loadError} onRetry={() => void remote.reload()} />}
      {remote.actionError && <ErrorNotice title={t("saveFailed")} detail={remote.actionError} onDismiss={remote.dismissActionError} />}
      <div class="defaults" role="group" aria-labelledby="fr-default">
        {DEFAULT_CHOICES.map((c) => (
          <button
            key={c.value}
            type="button"
            class="default-choice"
            aria-pressed={value === c.value ? "true" : "false"}
            aria-describedby={`fr-default-${c.value}`}
            disabled={value === null}
            onClick={() => choose(c.value)}
          >
            <span class="choice-mark" aria-hidden="true" />
            <span class="default-text">
              <span class="default-label">{c.label}</span>
              <span class="default-desc" id={`fr-default-${c.value}`}>
                {c.description}
              </span>
            </span>
          </button>
        ))}
      </div>
      <p class="muted">{t("frDefaultLater")}</p>
    </section>
  );
}

function PinHelp({ pinState, pollMs }: { pinState: () => Promise<PinState>; pollMs: number }) {
  const [state, setState] = useState<PinState | null>(null);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const next = await pinState();
      if (!alive) return;
      setState(next);
      if (pollMs > 0 && next !== "unknown") timer = setTimeout(() => void tick(), pollMs);
    };
    void tick();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [pinState, pollMs]);
  return (
    <section aria-labelledby="fr-pin">
      <h2 id="fr-pin">{t("frPinHeading")}</h2>
      <p>{t("frPinWhy")}</p>
      <p class={`pin-state pin-${state ?? "checking"}`} role="status" data-testid="pin-state">
        {state === "pinned" ? t("frPinned") : state === "hidden" ? t("frNotPinned") : state === "unknown" ? t("frPinUnknown") : t("frPinChecking")}
      </p>
      {state !== "pinned" && (
        <ol class="steps">
          <li>{t("frPinStep1")}</li>
          <li>{t("frPinStep2")}</li>
        </ol>
      )}
    </section>
  );
}
