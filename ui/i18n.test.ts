// Node (jest unit): t() over the jest stand-in of the browser's i18n API (scripts/jest-i18n-setup.ts),
// which follows the browsers' placeholder rules on the built catalogue.
import { t } from "./i18n";

describe("t", () => {
  it("returns the English message and shows a missing key instead of an empty string", () => {
    expect(t("actionTitle")).toBe("Seedgate");
    const error = jest.spyOn(console, "error").mockImplementation(() => {});
    expect(t("noSuchKey" as never)).toBe("⟦noSuchKey⟧");
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});
