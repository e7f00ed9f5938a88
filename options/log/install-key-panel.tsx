// Options (DOM): the install key in the Log section: its fingerprint and public key (shown, and copyable with the
// keyboard or a click), when it was made, earlier keys, and rotation behind a confirmation.
import { useEffect, useState } from "preact/hooks";
import type { InstallKeyView } from "../../extension/shared/ui-messages";
import { ErrorNotice } from "../../ui/notice";
import { errorText } from "../../ui/use-remote";
import type { Send } from "../../ui/send-context";
import { t } from "../../ui/i18n";
import { formatLogTime } from "../format";

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function InstallKeyPanel({ send, onKey }: { send: Send; onKey: (key: InstallKeyView) => void }) {
  const [key, setKey] = useState<InstallKeyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const show = (k: InstallKeyView) => {
    setKey(k);
    onKey(k);
  };
  useEffect(() => {
    send({ type: "log/key" }).then(show, (err: unknown) => setError(errorText(err)));
  }, [send]);

  const rotate = async () => {
    setConfirming(false);
    try {
      show(await send({ type: "log/rotate-key" }));
      setNote(t("logKeyRotated"));
    } catch (err) {
      setError(errorText(err));
    }
  };
  const copyIt = async (what: string, text: string) => setNote((await copy(text)) ? t("logKeyCopied", { what }) : t("logKeyCopyFailed"));

  return (
    <div class="install-key">
      <h3 id="install-key-heading">{t("logKeyHeading")}</h3>
      <p class="small">{t("logKeyLead")}</p>
      {error && <ErrorNotice title={t("logKeyError")} detail={error} onDismiss={() => setError(null)} />}
      {!key ? (
        !error && <p class="small">{t("logKeyLoading")}</p>
      ) : (
        <>
          <dl class="key-facts">
            <dt>{t("logKeyFingerprint")}</dt>
            <dd>
              <code class="fingerprint" data-testid="install-key-fingerprint">
                {key.fingerprint}
              </code>
            </dd>
            <dt>{t("logKeyCreated")}</dt>
            <dd>{formatLogTime(key.createdAt)}</dd>
          </dl>
          <p class="actions">
            <button type="button" onClick={() => void copyIt(t("logKeyFingerprint"), key.fingerprint)}>
              {t("logKeyCopyFingerprint")}
            </button>{" "}
            <button type="button" onClick={() => void copyIt(t("logKeyPublicKey"), key.publicKey)}>
              {t("logKeyCopyPublicKey")}
            </button>{" "}
            {!confirming && (
              <button type="button" onClick={() => setConfirming(true)}>
                {t("logKeyRotate")}
              </button>
            )}
          </p>
          {confirming && (
            <p role="group" aria-label={t("logKeyRotate")}>
              {t("logKeyRotateConfirm")}{" "}
              <button type="button" onClick={() => void rotate()}>
                {t("logKeyRotateNow")}
              </button>{" "}
              <button type="button" onClick={() => setConfirming(false)}>
                {t("logCancel")}
              </button>
            </p>
          )}
          {key.previous.length > 0 && (
            <>
              <h4>{t("logKeyPrevious")}</h4>
              <ul class="plain-list small">
                {key.previous.map((k) => (
                  <li key={k.fingerprint}>
                    <code>{k.fingerprint}</code> ({formatLogTime(k.createdAt)}
                    {k.retiredAt ? `, ${t("logKeyRetired", { time: formatLogTime(k.retiredAt) })}` : ""})
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {note && (
        <p class="small" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
