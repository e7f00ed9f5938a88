// MAIN world: document.write / writeln. The parser runs inside the call: a frame tag in the written markup is
// born (with a URL: unguarded, see frame-birth.ts) and a script, or a custom element's constructor, written after
// it runs before write returns, with no microtask checkpoint in between (the MutationObserver of realms.ts cannot
// help). So the guard writes the markup in pieces, cut before every "<" (as CanvasBlocker does), and sweeps the
// written document's frames after each piece: a frame is only born at the ">" of its start tag, and the next
// page code can only come from a later tag, so every frame is adopted before the next piece is parsed. Markup a
// page splits over several write calls is cut the same way, call by call.
// The arguments are converted once, here: what was cut is what gets written. Where the page enforces Trusted
// Types with a TrustedHTML argument or a default policy, the call goes to the browser whole (left open).
// Runs while page scripts run: captured natives only.
import { apply, call, type Native } from "./natives";
import { dom, trusted } from "./dom-natives";

/** The argument as the string the browser would write; null for a TrustedHTML (see writeInPieces). */
function text(value: unknown): string | null {
  if (typeof value === "string") return value;
  try {
    if (trusted.factory && trusted.isHTML && call(trusted.isHTML, trusted.factory, value)) return null;
  } catch {
    // not a TrustedHTML
  }
  return dom.String(value);
}

/**
 * Writes `args` (joined, plus "\n" for writeln) into `doc` with the native `write`, one piece per "<", calling
 * `sweep` after each piece. Returns false, having written nothing, where the pieces would not be what the browser
 * parses: a TrustedHTML argument (a string piece would be refused) or a default Trusted Types policy (the page's
 * own function would rewrite each piece). The caller then makes the native call whole.
 */
export function writeInPieces(write: Native, doc: unknown, args: unknown[], newline: boolean, sweep: () => void): boolean {
  try {
    if (trusted.factory && trusted.defaultPolicy && call(trusted.defaultPolicy, trusted.factory)) return false;
  } catch {
    // no Trusted Types here
  }
  let s = "";
  for (let i = 0; i < args.length; i++) {
    const t = text(args[i]);
    if (t === null) return false;
    s += t;
  }
  if (newline) s += "\n";
  for (let start = 0; ; ) {
    const next = call(dom.indexOf, s, "<", start + 1) as number;
    const end = next < 0 ? s.length : next;
    apply(write, doc, [call(dom.slice, s, start, end)]);
    sweep();
    if (next < 0) return true;
    start = end;
  }
}
