// Popup (DOM): how long an allowed site stays allowed — until the user changes it, 24 hours or 7 days; after
// that it returns to undecided (background/expiry.ts) and its pages hear `change`.
import { formatWhen } from "../ui/format";
import { t } from "../ui/i18n";

const HOUR = 3_600_000;
const CHOICES: readonly { label: () => string; ms: number | null }[] = [
  { label: () => t("allowUntilChanged"), ms: null },
  { label: () => t("allowFor24h"), ms: 24 * HOUR },
  { label: () => t("allowFor7d"), ms: 7 * 24 * HOUR },
];

export function AllowFor({ expiresAt, visitOnly = false, onChoose }: { expiresAt: string | null; visitOnly?: boolean; onChoose: (ms: number | null) => void }) {
  return (
    <div class="allow-for">
      <p class="hint" data-testid="allow-expiry">
        {visitOnly ? t("allowedForVisit") : expiresAt ? t("allowedUntil", { time: formatWhen(expiresAt) }) : t("allowedUntilChanged")}
      </p>
      <div class="row" role="group" aria-label={t("allowHowLong")}>
        {CHOICES.map((c) => (
          <button key={c.ms ?? "none"} type="button" class="link" onClick={() => onChoose(c.ms)}>
            {c.label()}
          </button>
        ))}
      </div>
    </div>
  );
}
