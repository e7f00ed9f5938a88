// Options (DOM): the install key in the Log section: its fingerprint and public key (shown, and copyable with the
// keyboard or a click), when it was made, earlier keys, and rotation behind a confirmation.
import { useEffect, useState } from "preact/hooks";
import type { InstallKeyView } from "../../extension/shared/ui-messages";
import { formatTime } from "../../ui/format";
import { ErrorNotice } from "../../ui/notice";
import { errorText } from "../../ui/use-remote";
import type { Send } from "../../ui/send-context";
import { KEY_TEXT as T } from "./log-strings";

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
      setNote(T.rotated);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const copyIt = async (what: string, text: string) => setNote((await copy(text)) ? T.copied(what) : T.copyFailed);

  return (
    <div class="install-key">
      <h3 id="install-key-heading">{T.heading}</h3>
      <p class="small">{T.lead}</p>
      {error && <ErrorNotice title={T.error} detail={error} onDismiss={() => setError(null)} />}
      {!key ? (
        !error && <p class="small">{T.loading}</p>
      ) : (
        <>
          <dl class="key-facts">
            <dt>{T.fingerprint}</dt>
            <dd>
              <code class="fingerprint" data-testid="install-key-fingerprint">
                {key.fingerprint}
              </code>
            </dd>
            <dt>{T.created}</dt>
            <dd>{formatTime(key.createdAt)}</dd>
          </dl>
          <p class="actions">
            <button type="button" onClick={() => void copyIt(T.fingerprint, key.fingerprint)}>
              {T.copyFingerprint}
            </button>{" "}
            <button type="button" onClick={() => void copyIt("Public key", key.publicKey)}>
              {T.copyPublicKey}
            </button>{" "}
            {!confirming && (
              <button type="button" onClick={() => setConfirming(true)}>
                {T.rotate}
              </button>
            )}
          </p>
          {confirming && (
            <p role="group" aria-label={T.rotate}>
              {T.rotateConfirm}{" "}
              <button type="button" onClick={() => void rotate()}>
                {T.rotateNow}
              </button>{" "}
              <button type="button" onClick={() => setConfirming(false)}>
                {T.cancel}
              </button>
            </p>
          )}
          {key.previous.length > 0 && (
            <>
              <h4>{T.previous}</h4>
              <ul class="plain-list small">
                {key.previous.map((k) => (
                  <li key={k.fingerprint}>
                    <code>{k.fingerprint}</code> ({formatTime(k.createdAt)}
                    {k.retiredAt ? `, ${T.retired(formatTime(k.retiredAt))}` : ""})
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
