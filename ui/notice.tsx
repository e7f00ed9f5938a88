// Popup and options (DOM): loading and error states, so a page is never blank while it waits or fails.
import { t } from "./i18n";

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      {t("loading", { what })}
    </p>
  );
}

interface ErrorProps {
  /** What failed, in the user's words: "Couldn't load this site's status". */
  title: string;
  detail: string;
  onRetry?: () => void;
  onDismiss?: () => void;
}

export function ErrorNotice({ title, detail, onRetry, onDismiss }: ErrorProps) {
  return (
    <div class="notice notice-error" role="alert">
      <p class="notice-title">{title}</p>
      <p class="notice-detail">{detail}</p>
      {(onRetry || onDismiss) && (
        <p class="notice-actions">
          {onRetry && (
            <button type="button" onClick={onRetry}>
              {t("tryAgain")}
            </button>
          )}
          {onDismiss && (
            <button type="button" onClick={onDismiss}>
              {t("dismiss")}
            </button>
          )}
        </p>
      )}
    </div>
  );
}
