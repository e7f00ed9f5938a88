// Pure: zod as every schema here uses it: jitless, so it never generates code at run time (no `new Function`, which
// a strict extension CSP forbids and AMO's review flags; scripts/no-eval-plugin.mjs also cuts that code from the
// bundles). Import `z` from here, not from "zod".
import { z } from "zod";

z.config({ jitless: true });

export { z };
