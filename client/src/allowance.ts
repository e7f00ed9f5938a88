// Any context: how many bytes a client may still upload, between two status updates from Seedgate. The page API
// reports the budget left when it changes; the adapter counts what its client sent since, so it can stop first.
import type { P2PConsentStatus } from "./status";

export class UploadAllowance {
  private budget: number | null = null;
  private sent = 0;

  /** A fresh status: its budget already accounts for everything sent before it. */
  update(status: P2PConsentStatus): void {
    this.budget = status.uploadBudgetBytes;
    this.sent = 0;
  }

  /** Bytes the client reports it sent. */
  add(bytes: number): void {
    if (Number.isFinite(bytes) && bytes > 0) this.sent += bytes;
  }

  /** Bytes left of the budget; Infinity when no budget applies. */
  get left(): number {
    return this.budget === null ? Infinity : Math.max(0, this.budget - this.sent);
  }
}
