// Options (DOM): what a site gets while the user has not decided for it.
import type { UndecidedDefault } from "../../extension/shared/ui-messages";
import { DEFAULT_CHOICES } from "../../ui/mode-text";
import { ErrorNotice, Loading } from "../../ui/notice";
import { RadioGroup } from "../../ui/radio-group";
import { useSend } from "../../ui/send-context";
import { useRemote } from "../../ui/use-remote";

export function DefaultsSection({ headingId }: { headingId: string }) {
  const send = useSend();
  const settings = useRemote(() => send({ type: "settings/get" }));
  const data = settings.data;

  const setDefault = (value: UndecidedDefault) =>
    void settings.change(
      (s) => ({ ...s, defaultUndecided: value }),
      () => send({ type: "settings/set-default-undecided", value }),
    );

  return (
    <>
      <h2 id={headingId}>Defaults</h2>
      <p class="lead">
        Until you decide for a site that uses a peer-to-peer CDN, Seedgate applies this. Your browser never seeds
        without your consent.
      </p>
      {settings.actionError && (
        <ErrorNotice
          title="Couldn't save the default"
          detail={settings.actionError}
          onDismiss={settings.dismissActionError}
        />
      )}
      {data ? (
        <>
          <h3 id="default-undecided-heading">Sites you have not decided on</h3>
          <RadioGroup
            labelledBy="default-undecided-heading"
            choices={DEFAULT_CHOICES}
            value={data.defaultUndecided}
            onChange={setDefault}
          />
        </>
      ) : settings.loadError ? (
        <ErrorNotice
          title="Couldn't load your settings"
          detail={settings.loadError}
          onRetry={() => void settings.reload()}
        />
      ) : (
        <Loading what="your settings" />
      )}
    </>
  );
}
