import { parseBudgetInput } from "./budget-input";

test.each([
  ["", null],
  ["  unlimited ", null],
  ["0", 0],
  ["1048576", 1048576],
  ["1 MiB", 1048576],
  ["1.5 mib", 1572864],
  ["500KiB", 512000],
  ["2 GB", 2e9],
  ["1 TiB", 2 ** 40],
])("%j -> %j bytes", (text, bytes) => {
  expect(parseBudgetInput(text)).toEqual({ ok: true, bytes });
});

test.each([
  ["-5 MiB", /negative/],
  ["-0", /negative/],
  ["lots", /not an amount/],
  ["5 MiB please", /not an amount/],
  ["NaN", /not an amount/],
  ["Infinity", /not an amount/],
  ["1e9", /Unknown unit|not an amount/],
  ["3 parsecs", /Unknown unit/],
  ["2 PiB", /Unknown unit/],
  ["2000 TiB", /1 PiB/],
  ["99999999999999999999", /1 PiB/],
])("%j is refused with a clear message", (text, message) => {
  const r = parseBudgetInput(text);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatch(message);
});
