// The package's copy of the page API's types must stay identical to the extension's.
import type { P2PConsentStatus as ExtensionStatus } from "../../extension/shared/status";
import type { Assert, Equals } from "../../extension/core/type-checks";
import type { P2PConsentStatus } from "./status";

type _Same = Assert<Equals<P2PConsentStatus, ExtensionStatus>>;

test("P2PConsentStatus is the extension's (checked by the compiler)", () => {
  const ok: _Same = true;
  expect(ok).toBe(true);
});
