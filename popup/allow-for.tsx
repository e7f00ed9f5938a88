// Popup (DOM): how long an allowed site stays allowed — until the user changes it, 24 hours or 7 days; after
// that it returns to undecided (background/expiry.ts) and its pages hear `change`.
const HOUR = 3_600_000;
const CHOICES: readonly { label: string; ms: number | null }[] = [
  { label: "Until I change it", ms: null },
  { label: "For 24 hours", ms: 24 * HOUR },
  { label: "For 7 days", ms: 7 * 24 * HOUR },
];

export function AllowFor({ expiresAt, onChoose }: { expiresAt: string | null; onChoose: (ms: number | null) => void }) {
  return (
    <section class="block" aria-label="How long to allow">
      <p class="hint" data-testid="allow-expiry">
        {expiresAt ? `Allowed until ${new Date(expiresAt).toLocaleString()}, then undecided again.` : "Allowed until you change it."}
      </p>
      <div class="row">
        {CHOICES.map((c) => (
          <button key={c.label} type="button" class="link" onClick={() => onChoose(c.ms)}>
            {c.label}
          </button>
        ))}
      </div>
    </section>
  );
}
