// Pure (popup, options): reads a budget or rate the user typed ("500 MiB", "2 GB", "1048576", "" = none) into whole
// bytes, or says clearly why not. The background validates again (core/validate): this is for a clear message.
import { MAX_BUDGET_BYTES } from "../settings";

export type BudgetInput = { ok: true; bytes: number | null } | { ok: false; error: string };

const UNITS: Record<string, number> = {
  b: 1,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
};
const SHAPE = /^([+-]?)(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;

export function parseBudgetInput(text: string): BudgetInput {
  const t = text.trim();
  if (t === "" || /^(none|unlimited|no limit)$/i.test(t)) return { ok: true, bytes: null };
  const m = SHAPE.exec(t);
  if (!m) return { ok: false, error: `"${t.slice(0, 40)}" is not an amount: type a number with a unit, e.g. 500 MiB or 2 GB (empty: no limit).` };
  if (m[1] === "-") return { ok: false, error: "A budget cannot be negative. Use 0 for no uploads, or leave it empty for no limit." };
  const unit = (m[3] ?? "").toLowerCase() || "b";
  const factor = UNITS[unit];
  if (factor === undefined) return { ok: false, error: `Unknown unit "${m[3]}": use B, KiB, MiB, GiB, TiB (or KB, MB, GB, TB).` };
  const bytes = Math.floor(Number(m[2]) * factor);
  if (!Number.isSafeInteger(bytes) || bytes > MAX_BUDGET_BYTES) return { ok: false, error: "That is more than 1 PiB: not a real budget. Leave it empty for no limit." };
  return { ok: true, bytes };
}
