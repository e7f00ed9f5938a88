// Options (DOM): a plain statement of what Seedgate keeps and where.

export function PrivacySection({ headingId }: { headingId: string }) {
  return (
    <>
      <h2 id={headingId}>Privacy</h2>
      <p class="lead">Seedgate sends nothing anywhere: no telemetry, no remote configuration, no remote code.</p>
      <p>Everything it keeps stays in this browser profile:</p>
      <ul class="plain-list">
        <li>your settings and your decision for each site;</li>
        <li>why each site was detected as using P2P (the evidence shown in the popup);</li>
        <li>byte counters for uploads and downloads to peers, per site, for your budgets;</li>
        <li>
          the audit log: which sites used P2P, which peer addresses learned your IP address, bytes per connection and
          what Seedgate enforced. By default it keeps the last 90 days, at most 100,000 entries.
        </li>
      </ul>
      <p>
        It stays until you clear it or uninstall Seedgate. Nothing leaves your device unless you export it yourself.
      </p>
    </>
  );
}
